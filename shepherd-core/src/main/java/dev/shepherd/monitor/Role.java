package dev.shepherd.monitor;

import java.util.Locale;

/** The part a model version plays in a deployment: it answers, it is being rolled out, or it only watches. */
public enum Role {
    PRIMARY, CANDIDATE, SHADOW;

    /** The lower-case label value ({@code primary}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
