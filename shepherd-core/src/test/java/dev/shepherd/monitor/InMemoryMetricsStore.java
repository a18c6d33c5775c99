package dev.shepherd.monitor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link MetricsStore} in a {@link HashMap}, for tests; can be told to fail. Thread-safe.
 * Shared through the core test-jar.
 */
public final class InMemoryMetricsStore implements MetricsStore {
    private record Key(SeriesKey series, Instant start) {
    }

    private final Map<Key, StoredBucket> buckets = new HashMap<>();
    private volatile boolean failing;
    private int writes;

    /** Makes every later call throw (true) or work again (false). */
    public void failing(boolean fail) {
        this.failing = fail;
    }

    @Override
    public synchronized void write(List<StoredBucket> batch) {
        if (failing) {
            throw new IllegalStateException("store is down");
        }
        writes++;
        for (StoredBucket b : batch) {
            buckets.put(new Key(b.key(), b.start()), b);
        }
    }

    @Override
    public synchronized List<StoredBucket> read(String deployment, Instant from, Instant to) {
        if (failing) {
            throw new IllegalStateException("store is down");
        }
        List<StoredBucket> out = new ArrayList<>();
        for (StoredBucket b : buckets.values()) {
            if (b.key().deployment().equals(deployment) && !b.start().isBefore(from) && b.start().isBefore(to)) {
                out.add(b);
            }
        }
        out.sort(Comparator.comparing(StoredBucket::start));
        return out;
    }

    /** Buckets held. */
    public synchronized int size() {
        return buckets.size();
    }

    /** Successful write calls. */
    public synchronized int writes() {
        return writes;
    }
}
