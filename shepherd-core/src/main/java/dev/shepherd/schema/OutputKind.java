package dev.shepherd.schema;

import java.util.Locale;

/** What a model answers: a class with probabilities, a single score, or a tensor. */
public enum OutputKind {
    CLASS, SCORE, TENSOR;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static OutputKind fromWire(String s) {
        if (s == null) {
            return null;
        }
        for (OutputKind k : values()) {
            if (k.wireName().equals(s.toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        return null;
    }
}
