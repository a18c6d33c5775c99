package dev.shepherd.schema;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The typed contract of a model version: named inputs and one output. Immutable and thread-safe.
 * Requests are decoded against it (see {@link RecordDecoder}), so a model never sees a value of
 * the wrong type.
 */
public record ModelSchema(List<FeatureSpec> inputs, OutputSpec output) {
    public ModelSchema {
        inputs = List.copyOf(inputs);
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            if (seen.put(inputs.get(i).name(), i) != null) {
                throw new IllegalArgumentException("duplicate input feature " + inputs.get(i).name());
            }
        }
    }

    /** Index of the named input, or -1. */
    public int indexOf(String feature) {
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.get(i).name().equals(feature)) {
                return i;
            }
        }
        return -1;
    }

    public int size() {
        return inputs.size();
    }
}
