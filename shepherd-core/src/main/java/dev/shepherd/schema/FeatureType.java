package dev.shepherd.schema;

import java.util.Locale;

/**
 * The type of one model input. The Java value a {@link Batch} holds for each type is fixed:
 * {@code NUMBER} → {@link Double}, {@code INTEGER} → {@link Long}, {@code BOOLEAN} →
 * {@link Boolean}, {@code CATEGORY} and {@code TEXT} → {@link String}, {@code TENSOR} →
 * {@link Tensor}. A missing value is {@code null}.
 */
public enum FeatureType {
    NUMBER, INTEGER, BOOLEAN, CATEGORY, TEXT, TENSOR;

    /** The lower-case name used in YAML and JSON. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name; {@code null} when unknown. */
    public static FeatureType fromWire(String s) {
        if (s == null) {
            return null;
        }
        for (FeatureType t : values()) {
            if (t.wireName().equals(s.toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        return null;
    }
}
