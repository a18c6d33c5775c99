package dev.shepherd.access;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a token may do. Roles are flat, not a hierarchy: an {@link #INFERENCE} client cannot decide
 * review items and a {@link #REVIEWER} cannot call models; only {@link #OPERATOR} holds every right.
 * The HTTP adapter maps routes to the roles they need ({@code AccessFilter}); {@link AccessPolicy}
 * maps tokens to roles.
 */
public enum AccessRole {
    /** Everything: management, rollouts, alerts, reviews and inference. */
    OPERATOR,
    /** The review API (claim, decide, release), tickets, and read-only requests. */
    REVIEWER,
    /** Inference ({@code predict}, OIP {@code infer}), feedback, tickets, and read-only requests. */
    INFERENCE;

    /** The name used in YAML and on the wire: {@code operator}, {@code reviewer}, {@code inference}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role named {@code s} in {@link #wireName()} form (case-insensitive); empty for anything else. */
    public static Optional<AccessRole> parse(String s) {
        return Arrays.stream(values()).filter(v -> v.wireName().equalsIgnoreCase(s)).findFirst();
    }
}
