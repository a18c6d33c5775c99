package dev.shepherd.serving;

import java.time.Duration;

/**
 * Limits applied to every inference request.
 *
 * @param maxBatch       most instances in one request (default 1,000); more is a 400
 * @param requestTimeout longest a model invocation may take (default 10 s); longer is a 504
 *                       {@code timeout}
 * @param maxBodyBytes   largest request body in bytes (default 8 MiB); larger is a 413
 */
public record ServingLimits(int maxBatch, Duration requestTimeout, long maxBodyBytes) {
    public ServingLimits {
        if (maxBatch < 1 || requestTimeout.isNegative() || requestTimeout.isZero() || maxBodyBytes < 1) {
            throw new IllegalArgumentException("serving limits must be positive");
        }
    }

    public static ServingLimits defaults() {
        return new ServingLimits(1_000, Duration.ofSeconds(10), 8L << 20);
    }
}
