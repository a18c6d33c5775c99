package dev.shepherd.store.sqlite;

import dev.shepherd.registry.Deployment;
import dev.shepherd.registry.DeploymentRepository;
import java.util.List;
import java.util.Optional;

/** {@link DeploymentRepository} over the {@code deployments} table; {@code updatedAt} at millisecond precision. */
final class SqliteDeploymentRepository implements DeploymentRepository {
    private static final String SELECT = "SELECT name, model, serving, spec_json, updated_at FROM deployments";

    private final SqliteDatabase db;

    SqliteDeploymentRepository(SqliteDatabase db) {
        this.db = db;
    }

    @Override
    public void put(Deployment deployment) {
        db.write(h -> h.createUpdate("INSERT INTO deployments (name, model, serving, spec_json, updated_at) "
                        + "VALUES (:name, :model, :serving, :spec, :updatedAt) ON CONFLICT (name) DO UPDATE SET "
                        + "model = excluded.model, serving = excluded.serving, spec_json = excluded.spec_json, "
                        + "updated_at = excluded.updated_at")
                .bind("name", deployment.name())
                .bind("model", deployment.model())
                .bind("serving", deployment.serving())
                .bind("spec", deployment.specJson())
                .bind("updatedAt", Times.toMillis(deployment.updatedAt()))
                .execute());
    }

    @Override
    public Optional<Deployment> find(String name) {
        return db.read(h -> h.createQuery(SELECT + " WHERE name = :name")
                .bind("name", name)
                .map((rs, ctx) -> new Deployment(rs.getString("name"), rs.getString("model"), rs.getString("serving"),
                        rs.getString("spec_json"), Times.instant(rs, "updated_at")))
                .findOne());
    }

    @Override
    public List<Deployment> list() {
        return db.read(h -> h.createQuery(SELECT + " ORDER BY name")
                .map((rs, ctx) -> new Deployment(rs.getString("name"), rs.getString("model"), rs.getString("serving"),
                        rs.getString("spec_json"), Times.instant(rs, "updated_at")))
                .list());
    }

    @Override
    public boolean delete(String name) {
        return db.write(h -> h.createUpdate("DELETE FROM deployments WHERE name = :name").bind("name", name).execute()) > 0;
    }
}
