package dev.shepherd.store.sqlite;

import dev.shepherd.alert.AlertState;
import dev.shepherd.alert.AlertStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@link AlertStore} over {@code alert_states} (one row per rule and deployment) and
 * {@code alert_transitions} (appended); a state and its transition are written in one
 * transaction. Times at millisecond precision. Thread-safe.
 */
final class SqliteAlertStore implements AlertStore {
    private static final String COLUMNS = "rule, deployment, state, active_since, fired_at, resolved_at, value, notified, "
            + "silenced_until, acknowledged_by";

    private final SqliteDatabase db;

    SqliteAlertStore(SqliteDatabase db) {
        this.db = db;
    }

    @Override
    public void save(AlertState s, Transition t) {
        db.write(h -> {
            h.createUpdate("INSERT OR REPLACE INTO alert_states (" + COLUMNS + ") VALUES (:rule, :deployment, :state, "
                            + ":activeSince, :firedAt, :resolvedAt, :value, :notified, :silencedUntil, :ack)")
                    .bind("rule", s.rule())
                    .bind("deployment", s.deployment())
                    .bind("state", s.state().name())
                    .bind("activeSince", Times.toMillis(s.activeSince()))
                    .bind("firedAt", Times.toMillis(s.firedAt()))
                    .bind("resolvedAt", Times.toMillis(s.resolvedAt()))
                    .bind("value", Double.isFinite(s.value()) ? s.value() : null)
                    .bind("notified", s.notified())
                    .bind("silencedUntil", Times.toMillis(s.silencedUntil()))
                    .bind("ack", s.acknowledgedBy())
                    .execute();
            if (t != null) {
                h.createUpdate("INSERT INTO alert_transitions (rule, deployment, at, from_state, to_state, value, severity) "
                                + "VALUES (:rule, :deployment, :at, :from, :to, :value, :severity)")
                        .bind("rule", t.rule())
                        .bind("deployment", t.deployment())
                        .bind("at", Times.toMillis(t.at()))
                        .bind("from", t.from().name())
                        .bind("to", t.to().name())
                        .bind("value", Double.isFinite(t.value()) ? t.value() : null)
                        .bind("severity", t.severity())
                        .execute();
            }
            return null;
        });
    }

    @Override
    public Optional<AlertState> find(String rule, String deployment) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM alert_states WHERE rule = :rule AND deployment = :d")
                .bind("rule", rule)
                .bind("d", deployment)
                .map((rs, ctx) -> state(rs))
                .findOne());
    }

    @Override
    public List<AlertState> active() {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM alert_states WHERE state <> 'INACTIVE' "
                        + "ORDER BY deployment, rule")
                .map((rs, ctx) -> state(rs))
                .list());
    }

    @Override
    public List<Transition> history(Instant from, Instant to, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return db.read(h -> h.createQuery("SELECT rule, deployment, at, from_state, to_state, value, severity "
                        + "FROM alert_transitions WHERE at >= :from AND at < :to ORDER BY at, id LIMIT :limit")
                .bind("from", Times.ceilMillis(from))
                .bind("to", Times.ceilMillis(to))
                .bind("limit", limit)
                .map((rs, ctx) -> new Transition(rs.getString("rule"), rs.getString("deployment"), Times.instant(rs, "at"),
                        AlertState.State.valueOf(rs.getString("from_state")), AlertState.State.valueOf(rs.getString("to_state")),
                        number(rs, "value"), rs.getString("severity")))
                .list());
    }

    private static AlertState state(ResultSet rs) throws SQLException {
        return new AlertState(rs.getString("rule"), rs.getString("deployment"),
                AlertState.State.valueOf(rs.getString("state").toUpperCase(Locale.ROOT)), Times.instant(rs, "active_since"),
                Times.instant(rs, "fired_at"), Times.instant(rs, "resolved_at"), number(rs, "value"), rs.getString("notified"),
                Times.instant(rs, "silenced_until"), rs.getString("acknowledged_by"));
    }

    private static double number(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? Double.NaN : v;
    }
}
