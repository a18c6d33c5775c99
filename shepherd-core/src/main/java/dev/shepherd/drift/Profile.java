package dev.shepherd.drift;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A reference profile: per column, the sketches drift is computed from (see {@link ProfileCodec}
 * for its serialized form and size). Built from a data file ({@link ProfileBuilder}), or from a
 * window of live traffic. Immutable and thread-safe.
 *
 * @param source    where it came from (a file name, {@code window:…})
 * @param createdAt when it was built
 * @param rows      rows read
 * @param features  per column, in column order
 */
public record Profile(String source, Instant createdAt, long rows, Map<String, FeatureProfile> features) {
    /** The serialization format version written by this build. */
    public static final int FORMAT_VERSION = 1;

    public Profile {
        features = Collections.unmodifiableMap(new LinkedHashMap<>(features));
    }

    public Optional<FeatureProfile> feature(String name) {
        return Optional.ofNullable(features.get(name));
    }

    public List<String> names() {
        return List.copyOf(features.keySet());
    }
}
