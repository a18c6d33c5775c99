package dev.shepherd.store;

import dev.shepherd.monitor.MetricsStore;
import dev.shepherd.monitor.SeriesKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A {@link MetricsStore} in memory, for the {@link InMemoryStore}. Buckets are kept by start time
 * (truncated to the millisecond, like the SQL store), unbounded; payloads are copied in and out,
 * so callers may reuse their arrays. Reads order
 * buckets of the same start by version, then role name, like the SQL store. Thread-safe (one lock).
 */
final class InMemoryMetricsStore implements MetricsStore {
    private static final Comparator<SeriesKey> SERIES = Comparator.comparing(SeriesKey::version)
            .thenComparing(k -> k.role().wireName());

    /** deployment → start → series → bucket. */
    private final Map<String, NavigableMap<Instant, Map<SeriesKey, StoredBucket>>> buckets = new HashMap<>();

    @Override
    public synchronized void write(List<StoredBucket> toWrite) {
        for (StoredBucket b : toWrite) {
            Objects.requireNonNull(b.key(), "key");
            Objects.requireNonNull(b.key().deployment(), "deployment");
            Objects.requireNonNull(b.key().version(), "version");
            Objects.requireNonNull(b.key().role(), "role");
            Objects.requireNonNull(b.start(), "start");
            Objects.requireNonNull(b.payload(), "payload");
        }
        for (StoredBucket b : toWrite) {
            StoredBucket stored = new StoredBucket(b.key(), b.start().truncatedTo(ChronoUnit.MILLIS), b.widthMillis(),
                    b.payload().clone());
            buckets.computeIfAbsent(b.key().deployment(), d -> new TreeMap<>())
                    .computeIfAbsent(stored.start(), s -> new TreeMap<>(SERIES))
                    .put(b.key(), stored);
        }
    }

    @Override
    public synchronized List<StoredBucket> read(String deployment, Instant from, Instant to) {
        NavigableMap<Instant, Map<SeriesKey, StoredBucket>> of = buckets.get(deployment);
        if (of == null || !from.isBefore(to)) {
            return List.of();
        }
        List<StoredBucket> out = new ArrayList<>();
        for (Map<SeriesKey, StoredBucket> atStart : of.subMap(from, true, to, false).values()) {
            atStart.values().forEach(b -> out.add(copy(b)));
        }
        return out;
    }

    private static StoredBucket copy(StoredBucket b) {
        return new StoredBucket(b.key(), b.start(), b.widthMillis(), b.payload().clone());
    }
}
