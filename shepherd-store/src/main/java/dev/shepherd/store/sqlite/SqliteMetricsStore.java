package dev.shepherd.store.sqlite;

import dev.shepherd.monitor.MetricsStore;
import dev.shepherd.monitor.Role;
import dev.shepherd.monitor.SeriesKey;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * {@link MetricsStore} over the {@code metric_buckets} table: one row per series and bucket start,
 * the payload as a BLOB returned byte for byte. A write is one transaction with one prepared batch
 * ({@code INSERT OR REPLACE}); starts are kept at millisecond precision. Reads order buckets by
 * start, then version, then role name.
 */
final class SqliteMetricsStore implements MetricsStore {

    private final SqliteDatabase db;

    SqliteMetricsStore(SqliteDatabase db) {
        this.db = db;
    }

    @Override
    public void write(List<StoredBucket> buckets) {
        if (buckets.isEmpty()) {
            return;
        }
        db.write(h -> {
            PreparedBatch insert = h.prepareBatch("INSERT OR REPLACE INTO metric_buckets (deployment, version, role, "
                    + "start_ms, width_ms, payload) VALUES (:deployment, :version, :role, :start, :width, :payload)");
            for (StoredBucket b : buckets) {
                insert.bind("deployment", b.key().deployment())
                        .bind("version", b.key().version())
                        .bind("role", b.key().role().wireName())
                        .bind("start", Times.toMillis(b.start()))
                        .bind("width", b.widthMillis())
                        .bind("payload", b.payload())
                        .add();
            }
            return insert.execute();
        });
    }

    @Override
    public List<StoredBucket> read(String deployment, Instant from, Instant to) {
        return db.read(h -> h.createQuery("SELECT deployment, version, role, start_ms, width_ms, payload "
                        + "FROM metric_buckets WHERE deployment = :deployment AND start_ms >= :from AND start_ms < :to "
                        + "ORDER BY start_ms, version, role")
                .bind("deployment", deployment)
                .bind("from", Times.ceilMillis(from))
                .bind("to", Times.ceilMillis(to))
                .map((rs, ctx) -> map(rs))
                .list());
    }


    private static StoredBucket map(ResultSet rs) throws SQLException {
        SeriesKey key = new SeriesKey(rs.getString("deployment"), rs.getString("version"),
                Role.valueOf(rs.getString("role").toUpperCase(Locale.ROOT)));
        return new StoredBucket(key, Times.instant(rs, "start_ms"), rs.getLong("width_ms"), rs.getBytes("payload"));
    }
}
