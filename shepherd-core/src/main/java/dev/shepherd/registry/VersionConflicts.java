package dev.shepherd.registry;

import dev.shepherd.error.ConflictException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The immutability rule every {@link ModelRegistry} applies when a {@code name:version} is
 * registered again: the runtime, artifact uri, artifact SHA-256, schema and runtime options must
 * be identical to what is stored, or the registration is a {@link ConflictException} on
 * {@code metadata.version}. Provenance and creation time are not compared (the stored ones win).
 */
public final class VersionConflicts {
    /** The field a conflict names, the version label of the declared document. */
    public static final String FIELD = "metadata.version";

    private VersionConflicts() {
    }

    /** Whether the two versions have the same content in the sense above (names are not compared). */
    public static boolean sameContent(ModelVersion a, ModelVersion b) {
        return differences(a, b).isEmpty();
    }

    /** Throws a {@link ConflictException} listing every differing part unless the content is the same. */
    public static void requireSameContent(ModelVersion stored, ModelVersion incoming) {
        List<String> diffs = differences(stored, incoming);
        if (!diffs.isEmpty()) {
            throw new ConflictException(FIELD, "model version " + stored.key()
                    + " is already registered with different content (" + String.join("; ", diffs)
                    + "); versions are immutable, register a new version instead");
        }
    }

    private static List<String> differences(ModelVersion stored, ModelVersion incoming) {
        List<String> diffs = new ArrayList<>(5);
        compare(diffs, "runtime", stored.runtime(), incoming.runtime());
        compare(diffs, "uri", stored.uri(), incoming.uri());
        compare(diffs, "sha256", stored.sha256(), incoming.sha256());
        if (!Objects.equals(stored.schema(), incoming.schema())) {
            diffs.add("schema differs");
        }
        if (!stored.options().equals(incoming.options())) {
            diffs.add("options were " + new TreeMap<>(stored.options()) + ", now " + new TreeMap<>(incoming.options()));
        }
        return diffs;
    }

    private static void compare(List<String> diffs, String part, String stored, String incoming) {
        if (!Objects.equals(stored, incoming)) {
            diffs.add(part + " was '" + stored + "', now '" + incoming + "'");
        }
    }
}
