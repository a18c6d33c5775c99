package dev.shepherd.drift;

import java.time.Instant;
import java.util.Optional;

/**
 * Reference profiles by model version, durable. Thread-safe.
 */
public interface ReferenceStore {

    /** A stored reference: the serialized profile ({@link ProfileCodec}) and where it came from. */
    record Stored(String model, String version, byte[] profile, String source, Instant createdAt) {
    }

    /** Inserts or replaces the reference of {@code model:version}. */
    void put(Stored reference);

    Optional<Stored> find(String model, String version);

    /** The most recently stored reference of any version of {@code model}. */
    Optional<Stored> latest(String model);

    /** Removes it; false when there was none. */
    boolean delete(String model, String version);
}
