package dev.shepherd.serving;

import java.time.Duration;

/**
 * Limits applied to every inference request.
 *
 * @param maxBatch       most instances in one request (default 1,000); more is a 400
 * @param requestTimeout longest a model invocation may take (default 10 s); longer is a 504
 *                       {@code timeout}
 * @param maxBodyBytes   largest request body in bytes (default 8 MiB); larger is a 413
 * @param maxInFlightPerModel most concurrent calls into one loaded model version (default 256);
 *                       more is a 429 {@code capacity}. Calls that timed out still count until
 *                       the model really returns, so a hung model cannot pile up threads.
 */
public record ServingLimits(int maxBatch, Duration requestTimeout, long maxBodyBytes, int maxInFlightPerModel) {
    /** Default concurrent calls per model version. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 256;

    public ServingLimits {
        if (maxBatch < 1 || requestTimeout.isNegative() || requestTimeout.isZero() || maxBodyBytes < 1
                || maxInFlightPerModel < 1) {
            throw new IllegalArgumentException("serving limits must be positive");
        }
    }

    /** Limits with the default in-flight bound. */
    public ServingLimits(int maxBatch, Duration requestTimeout, long maxBodyBytes) {
        this(maxBatch, requestTimeout, maxBodyBytes, DEFAULT_MAX_IN_FLIGHT);
    }

    /** 1,000 instances, 10 s, 8 MiB, 256 in flight per model. */
    public static ServingLimits defaults() {
        return new ServingLimits(1_000, Duration.ofSeconds(10), 8L << 20, DEFAULT_MAX_IN_FLIGHT);
    }
}
