package dev.shepherd.serving;

/**
 * Counters of the gateway's shadow work since start: copies handed to the shadow executor, copies
 * dropped because its queue was full, and copies that failed (error, timeout or a model that is
 * unloading). Mirrored canary requests count too.
 */
public record ShadowStats(long submitted, long dropped, long failed) {
}
