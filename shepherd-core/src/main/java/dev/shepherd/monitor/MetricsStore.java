package dev.shepherd.monitor;

import java.time.Instant;
import java.util.List;

/**
 * Durable history of closed monitoring buckets: one opaque, versioned blob of serialized sketches
 * per series and bucket start. Written from a background thread; thread-safe.
 */
public interface MetricsStore {

    /** One stored bucket. {@code width} in milliseconds; {@code payload} as produced by the monitor. */
    record StoredBucket(SeriesKey key, Instant start, long widthMillis, byte[] payload) {
    }

    /** Writes buckets in one transaction; an existing (key, start) is replaced. */
    void write(List<StoredBucket> buckets);

    /** Every bucket of {@code deployment} whose start lies in {@code [from, to)}, ordered by start. */
    List<StoredBucket> read(String deployment, Instant from, Instant to);

    /** A store that keeps nothing: monitoring then holds history in memory only. */
    static MetricsStore none() {
        return new MetricsStore() {
            @Override
            public void write(List<StoredBucket> buckets) {
            }

            @Override
            public List<StoredBucket> read(String deployment, Instant from, Instant to) {
                return List.of();
            }
        };
    }
}
