package dev.shepherd.store.sqlite;

import dev.shepherd.drift.ReferenceStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * {@link ReferenceStore} over the {@code reference_profiles} table: one row per model version, the
 * profile as a BLOB returned byte for byte. {@link #put} replaces the row ({@code INSERT OR
 * REPLACE}, so a replaced reference counts as the newest write); {@code createdAt} is kept at
 * millisecond precision. {@link #latest} takes the greatest {@code createdAt}, ties going to the
 * last put. Thread-safe.
 */
final class SqliteReferenceStore implements ReferenceStore {
    private static final String COLUMNS = "model, version, profile, source, created_at";

    private final SqliteDatabase db;

    SqliteReferenceStore(SqliteDatabase db) {
        this.db = db;
    }

    @Override
    public void put(Stored reference) {
        db.write(h -> h.createUpdate("INSERT OR REPLACE INTO reference_profiles (" + COLUMNS + ") VALUES (:model, "
                        + ":version, :profile, :source, :createdAt)")
                .bind("model", reference.model())
                .bind("version", reference.version())
                .bind("profile", reference.profile())
                .bind("source", reference.source())
                .bind("createdAt", Times.toMillis(reference.createdAt()))
                .execute());
    }

    @Override
    public Optional<Stored> find(String model, String version) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM reference_profiles "
                        + "WHERE model = :model AND version = :version")
                .bind("model", model)
                .bind("version", version)
                .map((rs, ctx) -> stored(rs))
                .findOne());
    }

    @Override
    public Optional<Stored> latest(String model) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM reference_profiles WHERE model = :model "
                        + "ORDER BY created_at DESC, rowid DESC LIMIT 1")
                .bind("model", model)
                .map((rs, ctx) -> stored(rs))
                .findOne());
    }

    @Override
    public boolean delete(String model, String version) {
        return db.write(h -> h.createUpdate("DELETE FROM reference_profiles WHERE model = :model AND version = :version")
                .bind("model", model)
                .bind("version", version)
                .execute()) > 0;
    }

    private static Stored stored(ResultSet rs) throws SQLException {
        return new Stored(rs.getString("model"), rs.getString("version"), rs.getBytes("profile"),
                rs.getString("source"), Times.instant(rs, "created_at"));
    }
}
