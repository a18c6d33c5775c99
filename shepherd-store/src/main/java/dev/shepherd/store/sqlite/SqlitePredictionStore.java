package dev.shepherd.store.sqlite;

import dev.shepherd.predictionlog.PredictionEvent;
import dev.shepherd.predictionlog.PredictionLogReader;
import dev.shepherd.predictionlog.PredictionSink;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The prediction log in the {@code predictions} table. A batch is written in one transaction with
 * one prepared batch statement: all of it lands or none does. {@code time} is kept at millisecond
 * precision; events of the same millisecond are ordered by write order (SQLite's rowid). The
 * {@code role} column (since V3) reads {@code primary} for rows logged before it existed.
 */
final class SqlitePredictionStore implements PredictionSink, PredictionLogReader {
    private static final String COLUMNS = "request_id, time, deployment, model, version, latency_nanos, outcome, "
            + "batch_size, inputs_json, outputs_json, role";

    private final SqliteDatabase db;

    SqlitePredictionStore(SqliteDatabase db) {
        this.db = db;
    }

    @Override
    public void write(List<PredictionEvent> batch) {
        if (batch.isEmpty()) {
            return;
        }
        db.write(h -> {
            PreparedBatch insert = h.prepareBatch("INSERT INTO predictions (" + COLUMNS + ") VALUES (:requestId, "
                    + ":time, :deployment, :model, :version, :latencyNanos, :outcome, :batchSize, :inputs, :outputs, "
                    + ":role)");
            for (PredictionEvent e : batch) {
                insert.bind("requestId", e.requestId())
                        .bind("time", Times.toMillis(e.time()))
                        .bind("deployment", e.deployment())
                        .bind("model", e.model())
                        .bind("version", e.version())
                        .bind("latencyNanos", e.latencyNanos())
                        .bind("outcome", e.outcome())
                        .bind("batchSize", e.batchSize())
                        .bind("inputs", e.inputsJson())
                        .bind("outputs", e.outputsJson())
                        .bind("role", e.role())
                        .add();
            }
            return insert.execute();
        });
    }

    /** The last written event of {@code requestId}. */
    @Override
    public Optional<PredictionEvent> find(String requestId) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM predictions WHERE request_id = :id "
                        + "ORDER BY rowid DESC LIMIT 1")
                .bind("id", requestId)
                .map((rs, ctx) -> map(rs))
                .findOne());
    }

    /** Newest first by time, then by write order; {@code limit <= 0} gives an empty list. */
    @Override
    public List<PredictionEvent> recent(String deployment, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM predictions WHERE deployment = :deployment "
                        + "ORDER BY time DESC, rowid DESC LIMIT :limit")
                .bind("deployment", deployment)
                .bind("limit", limit)
                .map((rs, ctx) -> map(rs))
                .list());
    }

    private static PredictionEvent map(ResultSet rs) throws SQLException {
        return new PredictionEvent(rs.getString("request_id"), Times.instant(rs, "time"), rs.getString("deployment"),
                rs.getString("model"), rs.getString("version"), rs.getLong("latency_nanos"), rs.getString("outcome"),
                rs.getInt("batch_size"), rs.getString("inputs_json"), rs.getString("outputs_json"),
                rs.getString("role"));
    }
}
