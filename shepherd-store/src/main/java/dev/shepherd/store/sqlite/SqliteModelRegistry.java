package dev.shepherd.store.sqlite;

import dev.shepherd.registry.ModelRegistry;
import dev.shepherd.registry.ModelVersion;
import dev.shepherd.registry.SchemaJson;
import dev.shepherd.registry.VersionConflicts;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * {@link ModelRegistry} over the {@code model_versions} table. Schema, options and provenance are
 * stored as JSON ({@link SchemaJson}); {@code createdAt} at millisecond precision. Versions
 * created in the same millisecond are ordered by registration order (SQLite's rowid).
 */
final class SqliteModelRegistry implements ModelRegistry {
    private static final String COLUMNS =
            "name, version, runtime, uri, sha256, schema_json, options_json, created_at, provenance_json";

    private final SqliteDatabase db;

    SqliteModelRegistry(SqliteDatabase db) {
        this.db = db;
    }

    @Override
    public ModelVersion register(ModelVersion version) {
        return db.write(h -> {
            Optional<ModelVersion> stored = find(h, version.name(), version.version());
            if (stored.isPresent()) {
                VersionConflicts.requireSameContent(stored.get(), version);
                return stored.get();
            }
            h.createUpdate("INSERT INTO model_versions (" + COLUMNS + ") VALUES (:name, :version, :runtime, :uri, "
                            + ":sha256, :schema, :options, :createdAt, :provenance)")
                    .bind("name", version.name())
                    .bind("version", version.version())
                    .bind("runtime", version.runtime())
                    .bind("uri", version.uri())
                    .bind("sha256", version.sha256())
                    .bind("schema", SchemaJson.schemaToJson(version.schema()))
                    .bind("options", SchemaJson.mapToJson(version.options()))
                    .bind("createdAt", Times.toMillis(version.createdAt()))
                    .bind("provenance", SchemaJson.provenanceToJson(version.provenance()))
                    .execute();
            return find(h, version.name(), version.version()).orElseThrow();
        });
    }

    @Override
    public Optional<ModelVersion> find(String name, String version) {
        return db.read(h -> find(h, name, version));
    }

    @Override
    public List<ModelVersion> list() {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM model_versions ORDER BY name, created_at, rowid")
                .map((rs, ctx) -> map(rs))
                .list());
    }

    @Override
    public List<ModelVersion> versions(String name) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM model_versions WHERE name = :name "
                        + "ORDER BY created_at, rowid")
                .bind("name", name)
                .map((rs, ctx) -> map(rs))
                .list());
    }

    private static Optional<ModelVersion> find(Handle h, String name, String version) {
        return h.createQuery("SELECT " + COLUMNS + " FROM model_versions WHERE name = :name AND version = :version")
                .bind("name", name)
                .bind("version", version)
                .map((rs, ctx) -> map(rs))
                .findOne();
    }

    private static ModelVersion map(ResultSet rs) throws SQLException {
        Map<String, String> options = SchemaJson.mapFromJson(rs.getString("options_json"));
        return new ModelVersion(rs.getString("name"), rs.getString("version"), rs.getString("runtime"),
                rs.getString("uri"), rs.getString("sha256"), SchemaJson.schemaFromJson(rs.getString("schema_json")),
                options, Times.instant(rs, "created_at"),
                SchemaJson.provenanceFromJson(rs.getString("provenance_json")));
    }
}
