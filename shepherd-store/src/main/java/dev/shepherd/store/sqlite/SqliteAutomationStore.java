package dev.shepherd.store.sqlite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.automation.AutomationEvent;
import dev.shepherd.automation.AutomationLevel;
import dev.shepherd.automation.AutomationSetting;
import dev.shepherd.automation.AutomationStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * {@link AutomationStore} over {@code automation_settings} and {@code automation_events}
 * (migration V7); settings as their JSON form. A save is one write transaction. Thread-safe.
 */
final class SqliteAutomationStore implements AutomationStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SqliteDatabase db;

    SqliteAutomationStore(SqliteDatabase db) {
        this.db = db;
    }

    @Override
    public Optional<Stored> find(String deployment) {
        return db.read(h -> h.createQuery("SELECT declared, effective FROM automation_settings WHERE deployment = :d")
                .bind("d", deployment)
                .map((rs, ctx) -> new Stored(setting(rs.getString("declared")), setting(rs.getString("effective"))))
                .findOne());
    }

    @Override
    public void save(String deployment, Stored stored, AutomationEvent event) {
        db.write(h -> {
            h.createUpdate("INSERT INTO automation_settings (deployment, declared, effective, updated_at, updated_by) "
                            + "VALUES (:d, :declared, :effective, :at, :by) ON CONFLICT (deployment) DO UPDATE SET "
                            + "declared = excluded.declared, effective = excluded.effective, "
                            + "updated_at = excluded.updated_at, updated_by = excluded.updated_by")
                    .bind("d", deployment)
                    .bind("declared", stored.declared() == null ? null : stored.declared().toJson().toString())
                    .bind("effective", stored.effective().toJson().toString())
                    .bind("at", event == null ? System.currentTimeMillis() : Times.toMillis(event.at()))
                    .bind("by", event == null ? null : event.actor())
                    .execute();
            if (event != null) {
                h.createUpdate("INSERT INTO automation_events (deployment, at, actor, from_level, to_level, setting, reason) "
                                + "VALUES (:d, :at, :actor, :from, :to, :setting, :reason)")
                        .bind("d", deployment).bind("at", Times.toMillis(event.at())).bind("actor", event.actor())
                        .bind("from", event.from() == null ? null : event.from().wireName())
                        .bind("to", event.to().wireName()).bind("setting", event.setting().toJson().toString())
                        .bind("reason", event.reason())
                        .execute();
            }
            return null;
        });
    }

    @Override
    public void delete(String deployment) {
        db.write(h -> h.createUpdate("DELETE FROM automation_settings WHERE deployment = :d").bind("d", deployment)
                .execute());
    }

    @Override
    public List<AutomationEvent> events(String deployment, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return db.read(h -> h.createQuery("SELECT deployment, at, actor, from_level, to_level, setting, reason "
                        + "FROM automation_events WHERE deployment = :d ORDER BY id DESC LIMIT :limit")
                .bind("d", deployment).bind("limit", limit).map((rs, ctx) -> event(rs)).list());
    }

    private static AutomationEvent event(ResultSet rs) throws SQLException {
        String from = rs.getString("from_level");
        return new AutomationEvent(rs.getString("deployment"), Times.instant(rs, "at"), rs.getString("actor"),
                from == null ? null : AutomationLevel.parse(from).orElse(null),
                AutomationLevel.parse(rs.getString("to_level")).orElseThrow(), setting(rs.getString("setting")),
                rs.getString("reason"));
    }

    private static AutomationSetting setting(String json) {
        if (json == null) {
            return null;
        }
        try {
            return AutomationSetting.fromJson(JSON.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable automation setting in the store: " + e.getOriginalMessage(), e);
        }
    }
}
