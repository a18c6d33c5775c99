package dev.shepherd.registry;

import java.util.Map;

/**
 * How a model version was made: who or what produced it ({@code source}: {@code "upload"},
 * {@code "config"}, {@code "demo-trainer"}, a CI job…), and free-form details such as the
 * trainer, its hyper-parameters, the training data and its row count.
 */
public record Provenance(String source, Map<String, String> details) {
    public Provenance {
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    public static Provenance of(String source) {
        return new Provenance(source, Map.of());
    }
}
