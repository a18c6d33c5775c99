package dev.shepherd.runtime;

import dev.shepherd.error.InvalidConfigException;
import dev.shepherd.registry.ModelVersion;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The table of available runtimes, built once at the composition root. Immutable and thread-safe. */
public final class Runtimes {
    private final Map<String, ModelLoader> loaders;

    private Runtimes(Map<String, ModelLoader> loaders) {
        this.loaders = Map.copyOf(loaders);
    }

    /** The table of {@code loaders}, keyed by their runtime name (a later loader replaces an earlier one of the same name). */
    public static Runtimes of(List<ModelLoader> loaders) {
        Map<String, ModelLoader> m = new LinkedHashMap<>();
        for (ModelLoader l : loaders) {
            m.put(l.runtime(), l);
        }
        return new Runtimes(m);
    }

    /** The runtime names available, in registration order. */
    public Set<String> names() {
        return loaders.keySet();
    }

    /** Whether a loader for {@code runtime} is registered. */
    public boolean supports(String runtime) {
        return loaders.containsKey(runtime);
    }

    /** Loads {@code version} with its runtime; an unknown runtime is a config error on {@code spec.runtime}. */
    public Model load(ModelVersion version) {
        ModelLoader loader = loaders.get(version.runtime());
        if (loader == null) {
            throw new InvalidConfigException("spec.runtime",
                    "unknown runtime '" + version.runtime() + "', expected one of " + names());
        }
        return loader.load(version);
    }
}
