package dev.shepherd.store.sqlite;

import dev.shepherd.feedback.FeedbackEvent;
import dev.shepherd.feedback.FeedbackStore;
import dev.shepherd.feedback.Label;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * {@link FeedbackStore} over the {@code labels} and {@code feedback_events} tables. A request's
 * labels are checked and inserted in one write transaction, so concurrent submissions (even from
 * another process) cannot both label it. Times at millisecond precision; write order is SQLite's
 * rowid (labels) and the autoincrement id (events).
 */
final class SqliteFeedbackStore implements FeedbackStore {
    private static final String LABEL_COLUMNS = "request_id, instance, deployment, version, label, value, received_at";
    private static final String EVENT_COLUMNS = "deployment, version, request_id, event, value, received_at";

    private final SqliteDatabase db;

    SqliteFeedbackStore(SqliteDatabase db) {
        this.db = db;
    }

    @Override
    public List<Label> saveLabels(List<Label> labels) {
        List<Label> ordered = FeedbackStore.checkedLabels(labels);
        return db.write(h -> {
            List<Label> existing = findLabels(h, ordered.getFirst().requestId());
            if (!existing.isEmpty()) {
                return existing;
            }
            PreparedBatch insert = h.prepareBatch("INSERT INTO labels (" + LABEL_COLUMNS + ") VALUES (:requestId, "
                    + ":instance, :deployment, :version, :label, :value, :receivedAt)");
            for (Label l : ordered) {
                insert.bind("requestId", l.requestId())
                        .bind("instance", l.instance())
                        .bind("deployment", l.deployment())
                        .bind("version", l.version())
                        .bind("label", l.label())
                        .bind("value", l.value())
                        .bind("receivedAt", Times.toMillis(l.receivedAt()))
                        .add();
            }
            insert.execute();
            return List.of();
        });
    }

    @Override
    public Optional<Label> saveLabel(Label l) {
        return db.write(h -> {
            Optional<Label> existing = h.createQuery("SELECT " + LABEL_COLUMNS + " FROM labels WHERE request_id = :id "
                            + "AND instance = :instance").bind("id", l.requestId()).bind("instance", l.instance())
                    .map((rs, ctx) -> label(rs)).findOne();
            if (existing.isPresent()) {
                return existing;
            }
            h.createUpdate("INSERT INTO labels (" + LABEL_COLUMNS + ") VALUES (:requestId, :instance, :deployment, "
                            + ":version, :label, :value, :receivedAt)")
                    .bind("requestId", l.requestId()).bind("instance", l.instance()).bind("deployment", l.deployment())
                    .bind("version", l.version()).bind("label", l.label()).bind("value", l.value())
                    .bind("receivedAt", Times.toMillis(l.receivedAt())).execute();
            return Optional.<Label>empty();
        });
    }

    @Override
    public List<Label> findLabels(String requestId) {
        return db.read(h -> findLabels(h, requestId));
    }

    /** Newest first; a request's rows stay together, in instance order, ranked by their first rowid. */
    @Override
    public List<Label> labels(String deployment, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return db.read(h -> h.createQuery("SELECT " + LABEL_COLUMNS + " FROM labels l WHERE deployment = :deployment "
                        + "ORDER BY received_at DESC, (SELECT MIN(rowid) FROM labels f WHERE f.request_id = l.request_id) "
                        + "DESC, instance LIMIT :limit")
                .bind("deployment", deployment)
                .bind("limit", limit)
                .map((rs, ctx) -> label(rs))
                .list());
    }

    @Override
    public void saveEvent(FeedbackEvent event) {
        db.write(h -> h.createUpdate("INSERT INTO feedback_events (" + EVENT_COLUMNS + ") VALUES (:deployment, "
                        + ":version, :requestId, :event, :value, :receivedAt)")
                .bind("deployment", event.deployment())
                .bind("version", event.version())
                .bind("requestId", event.requestId())
                .bind("event", event.event())
                .bind("value", event.value())
                .bind("receivedAt", Times.toMillis(event.receivedAt()))
                .execute());
    }

    @Override
    public List<FeedbackEvent> events(String deployment, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return db.read(h -> h.createQuery("SELECT " + EVENT_COLUMNS + " FROM feedback_events "
                        + "WHERE deployment = :deployment ORDER BY received_at DESC, id DESC LIMIT :limit")
                .bind("deployment", deployment)
                .bind("limit", limit)
                .map((rs, ctx) -> new FeedbackEvent(rs.getString("deployment"), rs.getString("version"),
                        rs.getString("request_id"), rs.getString("event"), rs.getDouble("value"),
                        Times.instant(rs, "received_at")))
                .list());
    }

    private static List<Label> findLabels(Handle h, String requestId) {
        return h.createQuery("SELECT " + LABEL_COLUMNS + " FROM labels WHERE request_id = :id ORDER BY instance")
                .bind("id", requestId)
                .map((rs, ctx) -> label(rs))
                .list();
    }

    private static Label label(ResultSet rs) throws SQLException {
        double value = rs.getDouble("value");
        Double boxed = rs.wasNull() ? null : value;
        return new Label(rs.getString("request_id"), rs.getInt("instance"), rs.getString("deployment"),
                rs.getString("version"), rs.getString("label"), boxed, Times.instant(rs, "received_at"));
    }
}
