package dev.shepherd.store.sqlite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.config.RolloutSpecReader;
import dev.shepherd.rollout.Phase;
import dev.shepherd.rollout.Rollout;
import dev.shepherd.rollout.RolloutEvent;
import dev.shepherd.rollout.RolloutStore;
import dev.shepherd.rollout.Status;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@link RolloutStore} over the {@code rollouts} and {@code rollout_events} tables. {@link #save}
 * upserts the state row and appends the event in one write transaction. The spec is kept as its
 * {@code specJson} (required) and parsed again with {@link RolloutSpecReader} on read; phase and
 * status as their wire names; times and {@code baked} at millisecond precision; gate values as a
 * JSON object. Ties in start time are broken by first save; events come back in write order.
 * Thread-safe.
 */
final class SqliteRolloutStore implements RolloutStore {
    private static final String COLUMNS = "id, deployment, baseline, spec_json, phase, status, step, weight, "
            + "step_started_at, baked_ms, started_at, updated_at, reason";
    private static final String EVENT_COLUMNS = "rollout_id, deployment, at, actor, action, phase, status, step, "
            + "weight, reason, values_json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Double>> VALUES = new TypeReference<>() {
    };
    private static final List<String> ACTIVE = Arrays.stream(Status.values()).filter(Status::active)
            .map(Status::wireName).toList();

    private final SqliteDatabase db;

    SqliteRolloutStore(SqliteDatabase db) {
        this.db = db;
    }

    @Override
    public void save(Rollout r, RolloutEvent event) {
        String values = event == null ? null : valuesJson(event.values());
        db.write(h -> {
            h.createUpdate("INSERT INTO rollouts (" + COLUMNS + ") VALUES (:id, :deployment, :baseline, :spec, :phase, "
                            + ":status, :step, :weight, :stepStartedAt, :bakedMs, :startedAt, :updatedAt, :reason) "
                            + "ON CONFLICT (id) DO UPDATE SET deployment = excluded.deployment, "
                            + "baseline = excluded.baseline, spec_json = excluded.spec_json, phase = excluded.phase, "
                            + "status = excluded.status, step = excluded.step, weight = excluded.weight, "
                            + "step_started_at = excluded.step_started_at, baked_ms = excluded.baked_ms, "
                            + "started_at = excluded.started_at, updated_at = excluded.updated_at, "
                            + "reason = excluded.reason")
                    .bind("id", r.id())
                    .bind("deployment", r.deployment())
                    .bind("baseline", r.baseline())
                    .bind("spec", r.specJson())
                    .bind("phase", r.phase().wireName())
                    .bind("status", r.status().wireName())
                    .bind("step", r.step())
                    .bind("weight", r.weight())
                    .bind("stepStartedAt", Times.toMillis(r.stepStartedAt()))
                    .bind("bakedMs", r.baked() == null ? null : r.baked().toMillis())
                    .bind("startedAt", Times.toMillis(r.startedAt()))
                    .bind("updatedAt", Times.toMillis(r.updatedAt()))
                    .bind("reason", r.reason())
                    .execute();
            if (event == null) {
                return 0;
            }
            return h.createUpdate("INSERT INTO rollout_events (" + EVENT_COLUMNS + ") VALUES (:rolloutId, :deployment, "
                            + ":at, :actor, :action, :phase, :status, :step, :weight, :reason, :values)")
                    .bind("rolloutId", r.id())
                    .bind("deployment", event.deployment())
                    .bind("at", Times.toMillis(event.at()))
                    .bind("actor", event.actor())
                    .bind("action", event.action())
                    .bind("phase", event.phase().wireName())
                    .bind("status", event.status().wireName())
                    .bind("step", event.step())
                    .bind("weight", event.weight())
                    .bind("reason", event.reason())
                    .bind("values", values)
                    .execute();
        });
    }

    @Override
    public Optional<Rollout> find(String id) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM rollouts WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> rollout(rs))
                .findOne());
    }

    @Override
    public List<Rollout> active() {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM rollouts WHERE status IN (<statuses>) "
                        + "ORDER BY started_at, rowid")
                .bindList("statuses", ACTIVE)
                .map((rs, ctx) -> rollout(rs))
                .list());
    }

    @Override
    public List<Rollout> forDeployment(String deployment) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM rollouts WHERE deployment = :deployment "
                        + "ORDER BY started_at DESC, rowid DESC")
                .bind("deployment", deployment)
                .map((rs, ctx) -> rollout(rs))
                .list());
    }

    @Override
    public List<RolloutEvent> events(String rolloutId) {
        return db.read(h -> h.createQuery("SELECT " + EVENT_COLUMNS + " FROM rollout_events "
                        + "WHERE rollout_id = :id ORDER BY id")
                .bind("id", rolloutId)
                .map((rs, ctx) -> new RolloutEvent(rs.getString("rollout_id"), rs.getString("deployment"),
                        Times.instant(rs, "at"), rs.getString("actor"), rs.getString("action"),
                        phase(rs.getString("phase")), Status.parse(rs.getString("status")), rs.getInt("step"),
                        rs.getDouble("weight"), rs.getString("reason"), values(rs.getString("values_json"))))
                .list());
    }

    private static Rollout rollout(ResultSet rs) throws SQLException {
        String specJson = rs.getString("spec_json");
        long baked = rs.getLong("baked_ms");
        Duration bakedDuration = rs.wasNull() ? null : Duration.ofMillis(baked);
        return new Rollout(rs.getString("id"), rs.getString("deployment"), rs.getString("baseline"),
                RolloutSpecReader.parse(specJson), specJson, phase(rs.getString("phase")),
                Status.parse(rs.getString("status")), rs.getInt("step"), rs.getDouble("weight"),
                Times.instant(rs, "step_started_at"), bakedDuration, Times.instant(rs, "started_at"),
                Times.instant(rs, "updated_at"), rs.getString("reason"));
    }

    private static Phase phase(String wireName) {
        return Phase.valueOf(wireName.toUpperCase(Locale.ROOT));
    }

    private static String valuesJson(Map<String, Double> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("rollout event values cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    private static Map<String, Double> values(String json) {
        try {
            return JSON.readValue(json, VALUES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored rollout event values are not a JSON object: " + json, e);
        }
    }
}
