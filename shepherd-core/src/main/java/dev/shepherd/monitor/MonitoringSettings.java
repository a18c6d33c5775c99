package dev.shepherd.monitor;

import java.time.Duration;

/**
 * How {@link Monitoring} slices time and bounds its memory. Immutable; validated on construction.
 *
 * @param bucket                   width of one time bucket, the finest resolution of windows and
 *                                 of persisted history; at least 1 ms (default 10 s)
 * @param memoryRetention          how long closed buckets stay in memory before only the
 *                                 {@link MetricsStore} has them; at least one bucket (default 2 h)
 * @param lowConfidenceThreshold   a class prediction whose top probability is below this counts as
 *                                 low-confidence; in {@code [0, 1]} (default 0.6)
 * @param maxFeaturesPerDeployment most distinct input features monitored per deployment, across
 *                                 its versions and roles; features beyond the cap (in the order they
 *                                 are first seen, declared order within a schema) get no
 *                                 statistics, which bounds memory and Prometheus cardinality;
 *                                 {@code >= 0} (default 100)
 * @param topK                     most frequent categories reported per category feature;
 *                                 {@code >= 1} (default 20)
 */
public record MonitoringSettings(Duration bucket, Duration memoryRetention, double lowConfidenceThreshold,
                                 int maxFeaturesPerDeployment, int topK) {
    public MonitoringSettings {
        if (bucket == null || bucket.toMillis() < 1) {
            throw new IllegalArgumentException("monitoring bucket must be at least 1 ms, was " + bucket);
        }
        if (memoryRetention == null || memoryRetention.compareTo(bucket) < 0) {
            throw new IllegalArgumentException("monitoring memoryRetention must be at least one bucket (" + bucket
                    + "), was " + memoryRetention);
        }
        if (!(lowConfidenceThreshold >= 0 && lowConfidenceThreshold <= 1)) {
            throw new IllegalArgumentException("monitoring lowConfidenceThreshold must be in 0..1, was "
                    + lowConfidenceThreshold);
        }
        if (maxFeaturesPerDeployment < 0) {
            throw new IllegalArgumentException("monitoring maxFeaturesPerDeployment must be >= 0, was "
                    + maxFeaturesPerDeployment);
        }
        if (topK < 1) {
            throw new IllegalArgumentException("monitoring topK must be >= 1, was " + topK);
        }
    }

    /** 10 s buckets, 2 h in memory, low confidence below 0.6, 100 features, 20 top categories. */
    public static MonitoringSettings defaults() {
        return new MonitoringSettings(Duration.ofSeconds(10), Duration.ofHours(2), 0.6, 100, 20);
    }

    /** The same settings with another bucket width. */
    public MonitoringSettings withBucket(Duration width) {
        return new MonitoringSettings(width, memoryRetention.compareTo(width) < 0 ? width : memoryRetention,
                lowConfidenceThreshold, maxFeaturesPerDeployment, topK);
    }

    /** {@link #bucket()} in milliseconds. */
    long bucketMillis() {
        return bucket.toMillis();
    }
}
