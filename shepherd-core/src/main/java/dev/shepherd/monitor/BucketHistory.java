package dev.shepherd.monitor;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closed buckets of {@link Monitoring}: serialized in memory for {@code memoryRetention}, written
 * to the {@link MetricsStore}, and the running totals since start. Not thread-safe: the owning
 * {@link Monitoring} holds its history lock (write for changes, read for reads).
 *
 * <p>Implementation notes. A window reads buckets {@code >= memoryFloor} from memory and buckets
 * {@code < storeCeiling} from the store. They are equal except for the bucket this process started
 * in ({@code startIndex}): an earlier process may have stored part of it, so until this process
 * has persisted that bucket the store supplies the earlier part and memory the new part
 * ({@code memoryFloor = startIndex}, {@code storeCeiling = startIndex + 1}). When it persists the
 * bucket it first merges the stored payload into its own, then reads that bucket from the store
 * only. A store failure keeps buckets in memory (retried every tick) until twice the retention,
 * when they are dropped with an error.
 */
final class BucketHistory {
    private static final Logger LOG = LoggerFactory.getLogger(BucketHistory.class);

    private static final class Closed {
        final Map<SeriesKey, byte[]> series = new HashMap<>();
        final Set<SeriesKey> unpersisted = new HashSet<>();
    }

    private final MetricsStore store;
    private final long bucketMillis;
    private final long retentionBuckets;
    private final int topK;
    private final long startIndex;
    private final NavigableMap<Long, Closed> closed = new TreeMap<>();
    private final Map<SeriesKey, SeriesAccumulator> totals = new HashMap<>();
    private long memoryFloor;
    private long storeCeiling;
    private boolean startMerged;

    BucketHistory(MetricsStore store, MonitoringSettings settings, long startIndex) {
        this.store = store;
        this.bucketMillis = settings.bucketMillis();
        this.retentionBuckets = Math.ceilDiv(settings.memoryRetention().toMillis(), bucketMillis);
        this.topK = settings.topK();
        this.startIndex = startIndex;
        this.memoryFloor = startIndex;
        this.storeCeiling = startIndex + 1;
    }

    /** Adds a closed series bucket (merging with one already closed for the same index and key). */
    void add(long index, SeriesKey key, SeriesAccumulator acc) {
        Closed c = closed.computeIfAbsent(index, i -> new Closed());
        byte[] existing = c.series.get(key);
        SeriesAccumulator toStore = acc;
        if (existing != null) {
            SeriesAccumulator merged = decodeOrEmpty(existing, key);
            merged.merge(acc);
            toStore = merged;
        }
        c.series.put(key, BucketCodec.encode(toStore));
        c.unpersisted.add(key);
        totals.computeIfAbsent(key, k -> new SeriesAccumulator(topK)).merge(acc);
    }

    /** Writes every unpersisted bucket in one store call; on failure keeps them for the next call. */
    void persist() {
        List<MetricsStore.StoredBucket> batch = new ArrayList<>();
        boolean includesStart = false;
        int pending = closed.values().stream().mapToInt(c -> c.unpersisted.size()).sum();
        if (pending == 0) {
            return;
        }
        try {
            Map<String, Map<SeriesKey, byte[]>> storedStart = new HashMap<>();
            for (Map.Entry<Long, Closed> e : closed.entrySet()) {
                long index = e.getKey();
                for (SeriesKey key : e.getValue().unpersisted) {
                    byte[] payload = e.getValue().series.get(key);
                    if (index == startIndex && !startMerged) {
                        includesStart = true;
                        payload = withStoredPart(key, payload, storedStart);
                    }
                    batch.add(new MetricsStore.StoredBucket(key, Instant.ofEpochMilli(index * bucketMillis),
                            bucketMillis, payload));
                }
            }
            store.write(batch);
        } catch (RuntimeException e) {
            LOG.warn("could not persist {} monitoring buckets, keeping them in memory to retry: {}", pending,
                    e.toString());
            return;
        }
        closed.values().forEach(c -> c.unpersisted.clear());
        if (includesStart) {
            startMerged = true;
            memoryFloor = Math.max(memoryFloor, startIndex + 1);
        }
    }

    /** Our payload of the start bucket merged with what an earlier process stored for it. */
    private byte[] withStoredPart(SeriesKey key, byte[] ours, Map<String, Map<SeriesKey, byte[]>> cache) {
        Map<SeriesKey, byte[]> stored = cache.computeIfAbsent(key.deployment(), d -> {
            Map<SeriesKey, byte[]> m = new HashMap<>();
            Instant start = Instant.ofEpochMilli(startIndex * bucketMillis);
            for (MetricsStore.StoredBucket b : store.read(d, start, start.plusMillis(bucketMillis))) {
                m.put(b.key(), b.payload());
            }
            return m;
        });
        byte[] theirs = stored.get(key);
        if (theirs == null) {
            return ours;
        }
        SeriesAccumulator merged = decodeOrEmpty(ours, key);
        merged.merge(decodeOrEmpty(theirs, key));
        return BucketCodec.encode(merged);
    }

    /** Drops buckets older than the retention, when persisted (or older than twice the retention). */
    void evict(long nowIndex) {
        long keepFrom = nowIndex - retentionBuckets;
        long hardFrom = keepFrom - retentionBuckets;
        long floor = keepFrom;
        for (Iterator<Map.Entry<Long, Closed>> it = closed.headMap(keepFrom).entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, Closed> e = it.next();
            if (!e.getValue().unpersisted.isEmpty() && e.getKey() >= hardFrom) {
                floor = e.getKey();
                break;
            }
            if (!e.getValue().unpersisted.isEmpty()) {
                LOG.error("dropping {} monitoring buckets of {} that could not be persisted",
                        e.getValue().unpersisted.size(), Instant.ofEpochMilli(e.getKey() * bucketMillis));
            }
            it.remove();
        }
        memoryFloor = Math.max(memoryFloor, floor);
        storeCeiling = Math.max(storeCeiling, memoryFloor);
    }

    long memoryFloor() {
        return memoryFloor;
    }

    long storeCeiling() {
        return storeCeiling;
    }

    /** Hands closed in-memory buckets of {@code deployment} in {@code [from, to)} to {@code sink}. */
    void read(String deployment, long from, long to, SeriesRecorder.Sink sink) {
        if (from >= to) {
            return;
        }
        for (Map.Entry<Long, Closed> e : closed.subMap(from, true, to, false).entrySet()) {
            for (Map.Entry<SeriesKey, byte[]> s : e.getValue().series.entrySet()) {
                if (s.getKey().deployment().equals(deployment)) {
                    sink.accept(e.getKey(), s.getKey(), decodeOrEmpty(s.getValue(), s.getKey()));
                }
            }
        }
    }

    /** Totals of closed buckets since start, by series. */
    Map<SeriesKey, SeriesAccumulator> totals() {
        return totals;
    }

    private SeriesAccumulator decodeOrEmpty(byte[] payload, SeriesKey key) {
        try {
            return BucketCodec.decode(payload, topK);
        } catch (IOException e) {
            LOG.warn("skipping unreadable monitoring bucket of {}: {}", key, e.getMessage());
            return new SeriesAccumulator(topK);
        }
    }
}
