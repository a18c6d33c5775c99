package dev.shepherd.rollout;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How a candidate replaces the primary. */
public enum Strategy {
    /** The candidate sees a copy of live traffic; its answers are compared, never returned. */
    SHADOW,
    /** The candidate answers a sticky share of traffic, ramped in gated steps. */
    CANARY,
    /** The candidate is warmed, optionally verified in shadow, then takes all traffic at once. */
    BLUE_GREEN;

    /** The name used in YAML, JSON and the CLI: {@code shadow}, {@code canary}, {@code blue-green}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The strategy named {@code s} in {@link #wireName()} form (case-insensitive). */
    public static Optional<Strategy> parse(String s) {
        return Arrays.stream(values()).filter(v -> v.wireName().equalsIgnoreCase(s)).findFirst();
    }
}
