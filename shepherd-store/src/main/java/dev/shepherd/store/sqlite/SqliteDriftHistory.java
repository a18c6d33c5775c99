package dev.shepherd.store.sqlite;

import dev.shepherd.drift.DriftHistory;
import java.time.Instant;
import java.util.List;

/**
 * {@link DriftHistory} over the {@code drift_history} table: entries appended one row each, with
 * {@code at} at millisecond precision and {@code detected} as 0/1. {@link #list} orders by
 * {@code at}, ties in write order (the autoincrement id). Thread-safe.
 */
final class SqliteDriftHistory implements DriftHistory {
    private static final String COLUMNS = "deployment, version, window, at, share, detected, report";

    private final SqliteDatabase db;

    SqliteDriftHistory(SqliteDatabase db) {
        this.db = db;
    }

    @Override
    public void append(Entry e) {
        db.write(h -> h.createUpdate("INSERT INTO drift_history (" + COLUMNS + ") VALUES (:deployment, :version, "
                        + ":window, :at, :share, :detected, :report)")
                .bind("deployment", e.deployment())
                .bind("version", e.version())
                .bind("window", e.window())
                .bind("at", Times.toMillis(e.at()))
                .bind("share", e.share())
                .bind("detected", e.detected() ? 1 : 0)
                .bind("report", e.reportJson())
                .execute());
    }

    @Override
    public List<Entry> list(String deployment, Instant from, Instant to, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM drift_history WHERE deployment = :deployment "
                        + "AND at >= :from AND at < :to ORDER BY at, id LIMIT :limit")
                .bind("deployment", deployment)
                .bind("from", Times.ceilMillis(from))
                .bind("to", Times.ceilMillis(to))
                .bind("limit", limit)
                .map((rs, ctx) -> new Entry(rs.getString("deployment"), rs.getString("version"), rs.getString("window"),
                        Times.instant(rs, "at"), rs.getDouble("share"), rs.getInt("detected") != 0,
                        rs.getString("report")))
                .list());
    }

}
