package dev.shepherd.monitor;

import dev.shepherd.schema.ModelSchema;
import dev.shepherd.schema.Prediction;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitoring engine: records what every deployment × version × role saw and answered into
 * fixed time buckets of mergeable sketches, closes and persists the buckets, and answers merged
 * statistics for any window. The gateway feeds it through its observer hook; the metrics API,
 * Prometheus export, rollout gates and alert rules read {@link SeriesStats} and
 * {@link SeriesStats#values()} (names in {@link MetricNames}). Thread-safe.
 *
 * <p>Recording ({@link #record}, {@link #recordLabel}, {@link #recordEvent}) takes one striped
 * lock per call (see {@link SeriesRecorder}), never touches the store and never throws. Closing
 * ({@link #tick}) and reading ({@link #window}, {@link #series}, {@link #totals}) share a
 * read-write lock that recording never takes. Times come from the injected clock; a bucket is
 * {@code [i × bucket, (i + 1) × bucket)} in epoch milliseconds. Labels and events count in the
 * bucket in which they arrive, not the one of the request they judge. A key without a version or
 * role is recorded under version {@code ""} and role {@code primary}.
 *
 * <p>Someone must call {@link #tick()} about once per bucket (the server's scheduler): until then
 * finished buckets stay open in memory, one accumulator per stripe and bucket, and are neither
 * persisted nor compacted.
 *
 * <p>Bounded memory: at most {@link MonitoringSettings#maxFeaturesPerDeployment()} features per
 * deployment, bounded category sketches, at most {@value OutputAccumulator#MAX_CLASSES} class
 * labels, {@value FeedbackAccumulator#MAX_EVENTS} event names and
 * {@value SeriesAccumulator#MAX_ERROR_CODES} error codes per series and bucket (more are counted
 * as {@code _other}); closed buckets are held serialized for
 * {@link MonitoringSettings#memoryRetention()}, then read back from the store.
 */
public final class Monitoring implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Monitoring.class);
    /** Most steps one {@link #series} call may ask for. */
    static final int MAX_STEPS = 100_000;

    private final Clock clock;
    private final MonitoringSettings settings;
    private final MetricsStore store;
    private final long bucketMillis;
    private final int stripes;
    private final Instant started;
    private final ConcurrentHashMap<String, DeploymentState> deploymentStates = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<SeriesKey, SeriesRecorder> recorders = new ConcurrentHashMap<>();
    private final AtomicLong closedThrough;
    private final ReentrantReadWriteLock history = new ReentrantReadWriteLock();
    private final BucketHistory closed;
    private final LongAdder failures = new LongAdder();
    private volatile boolean shut;

    /**
     * @param clock    the time of records and windows (inject a test clock in tests)
     * @param settings bucket width, retention and caps
     * @param store    where closed buckets go and old windows come from; {@link MetricsStore#none()}
     *                 for memory only
     */
    public Monitoring(Clock clock, MonitoringSettings settings, MetricsStore store) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.store = Objects.requireNonNull(store, "store");
        this.bucketMillis = settings.bucketMillis();
        int cpus = Runtime.getRuntime().availableProcessors();
        this.stripes = Integer.highestOneBit(Math.clamp(cpus * 2L, 2, 16));
        this.started = clock.instant();
        long startIndex = Math.floorDiv(started.toEpochMilli(), bucketMillis);
        this.closedThrough = new AtomicLong(startIndex - 1);
        this.closed = new BucketHistory(store, settings, startIndex);
    }

    public MonitoringSettings settings() {
        return settings;
    }

    /** Hot path: lock-free or striped, never blocks on I/O, never throws on odd data. */
    public void record(SeriesKey key, ModelSchema schema, RequestObservation observation) {
        if (observation == null) {
            return;
        }
        try {
            SeriesRecorder r = recorder(key);
            if (r != null) {
                Layout layout = schema == null ? null : r.layout(schema);
                r.record(bucketNow(), layout, observation, settings.lowConfidenceThreshold());
            }
        } catch (RuntimeException e) {
            failed("record", key, e);
        }
    }

    /**
     * A joined ground-truth label: predicted is what the version answered (may be a
     * NullPrediction). {@code trueLabel} counts towards accuracy, {@code trueValue} towards MAE;
     * either may be {@code null}. Counted in the bucket in which it arrives. Never throws.
     */
    public void recordLabel(SeriesKey key, Prediction predicted, String trueLabel, Double trueValue) {
        try {
            SeriesRecorder r = recorder(key);
            if (r != null) {
                r.recordLabel(bucketNow(), predicted, trueLabel, trueValue);
            }
        } catch (RuntimeException e) {
            failed("recordLabel", key, e);
        }
    }

    /**
     * A user event ({@code redo_search}, …) with its value (1 when there is none; a non-finite
     * value counts the event with value 0). Counted in the bucket in which it arrives; the key's
     * version may be {@code null} for events not tied to a request. Never throws.
     */
    public void recordEvent(SeriesKey key, String event, double value) {
        if (event == null) {
            return;
        }
        try {
            SeriesRecorder r = recorder(key);
            if (r != null) {
                r.recordEvent(bucketNow(), event, value);
            }
        } catch (RuntimeException e) {
            failed("recordEvent", key, e);
        }
    }

    private SeriesRecorder recorder(SeriesKey key) {
        if (shut || key == null || key.deployment() == null) {
            return null;
        }
        SeriesRecorder r = recorders.get(key);
        if (r == null) {
            DeploymentState d = deploymentState(key.deployment());
            if (!d.enabled) {
                return null;
            }
            SeriesKey k = key.version() != null && key.role() != null ? key
                    : new SeriesKey(key.deployment(), key.version() == null ? "" : key.version(),
                            key.role() == null ? Role.PRIMARY : key.role());
            r = recorders.computeIfAbsent(k, x -> new SeriesRecorder(x, d, closedThrough, settings.topK(), stripes));
        }
        return r.deployment.enabled ? r : null;
    }

    private DeploymentState deploymentState(String deployment) {
        return deploymentStates.computeIfAbsent(deployment,
                d -> new DeploymentState(d, settings.maxFeaturesPerDeployment()));
    }

    private long bucketNow() {
        return Math.floorDiv(clock.millis(), bucketMillis);
    }

    private void failed(String what, SeriesKey key, RuntimeException e) {
        failures.increment();
        if (failures.sum() <= 10) {
            LOG.warn("monitoring {} failed for {} (further failures are counted, not logged): {}", what, key,
                    e.toString(), e);
        }
    }

    /** Calls to the recording methods that failed on unexpected data since start (each is logged up to 10). */
    public long failures() {
        return failures.sum();
    }

    /** Turns recording on or off for a deployment (default on); off makes every record call a no-op. */
    public void setEnabled(String deployment, boolean enabled) {
        deploymentState(Objects.requireNonNull(deployment, "deployment")).enabled = enabled;
    }

    public boolean enabled(String deployment) {
        DeploymentState d = deployment == null ? null : deploymentStates.get(deployment);
        return d == null || d.enabled;
    }

    /**
     * Closes buckets that ended before now, persists them to the MetricsStore, evicts memory older
     * than retention. Called by a scheduler every bucket and by tests after advancing the clock.
     * A store failure is logged and retried on the next tick; no data is lost meanwhile.
     */
    public void tick() {
        long nowIndex = bucketNow();
        closeThrough(nowIndex - 1, nowIndex);
    }

    private void closeThrough(long through, long nowIndex) {
        history.writeLock().lock();
        try {
            if (through > closedThrough.get()) {
                closedThrough.set(through);
            }
            long upTo = closedThrough.get();
            Map<Long, Map<SeriesKey, SeriesAccumulator>> byBucket = new TreeMap<>();
            List<SeriesRecorder.Fragment> used = new ArrayList<>();
            for (SeriesRecorder r : recorders.values()) {
                for (SeriesRecorder.Fragment f : r.drain(upTo)) {
                    byBucket.computeIfAbsent(f.index(), i -> new HashMap<>())
                            .computeIfAbsent(r.key, k -> new SeriesAccumulator(settings.topK())).merge(f.acc());
                    used.add(f);
                }
            }
            byBucket.forEach((index, series) -> series.forEach((key, acc) -> closed.add(index, key, acc)));
            for (SeriesRecorder.Fragment f : used) {
                f.acc().reset();
                SeriesRecorder.recycle(f);
            }
            closed.persist();
            closed.evict(nowIndex);
        } finally {
            history.writeLock().unlock();
        }
    }

    /**
     * Merged stats per series of the deployment over [from, to): open + closed in-memory buckets,
     * plus stored buckets for older ranges. A bucket belongs to the window when its start lies in
     * {@code [from, to)}; throughput divides by {@code to − from}. A store failure is logged and
     * the window then holds the in-memory part only.
     */
    public Map<SeriesKey, SeriesStats> window(String deployment, Instant from, Instant to) {
        Map<SeriesKey, SeriesAccumulator> merged = new HashMap<>();
        collect(deployment, from, to, (index, key, acc) ->
                merged.computeIfAbsent(key, k -> new SeriesAccumulator(settings.topK())).merge(acc));
        return stats(merged, Duration.between(from, to));
    }

    /** One merged map per step, oldest first: steps [from + i*step, from + (i+1)*step). */
    public List<StepStats> series(String deployment, Instant from, Instant to, Duration step) {
        long stepMillis = step.toMillis();
        if (stepMillis < 1) {
            throw new IllegalArgumentException("step must be at least 1 ms, was " + step);
        }
        long span = Math.max(0, millis(to) - millis(from));
        long steps = Math.ceilDiv(span, stepMillis);
        if (steps > MAX_STEPS) {
            throw new IllegalArgumentException("window " + Duration.ofMillis(span) + " at step " + step + " gives "
                    + steps + " steps, more than " + MAX_STEPS);
        }
        List<Map<SeriesKey, SeriesAccumulator>> perStep = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            perStep.add(new HashMap<>());
        }
        long fromMillis = millis(from);
        collect(deployment, from, to, (index, key, acc) -> {
            int i = (int) ((index * bucketMillis - fromMillis) / stepMillis);
            perStep.get(i).computeIfAbsent(key, k -> new SeriesAccumulator(settings.topK())).merge(acc);
        });
        List<StepStats> out = new ArrayList<>(perStep.size());
        for (int i = 0; i < perStep.size(); i++) {
            long start = fromMillis + i * stepMillis;
            long width = Math.min(stepMillis, millis(to) - start);
            out.add(new StepStats(Instant.ofEpochMilli(start), stats(perStep.get(i), Duration.ofMillis(width))));
        }
        return List.copyOf(out);
    }

    /** The stats of one step of {@link #series}: the step starts at {@code start}. */
    public record StepStats(Instant start, Map<SeriesKey, SeriesStats> stats) {
    }

    /** Hands every bucket of {@code deployment} whose start lies in {@code [from, to)} to {@code sink}. */
    private void collect(String deployment, Instant from, Instant to, SeriesRecorder.Sink sink) {
        long fromIndex = Math.ceilDiv(millis(from), bucketMillis);
        long toIndex = Math.ceilDiv(millis(to), bucketMillis);
        if (deployment == null || fromIndex >= toIndex) {
            return;
        }
        history.readLock().lock();
        try {
            long memoryFrom = Math.max(fromIndex, closed.memoryFloor());
            closed.read(deployment, memoryFrom, toIndex, sink);
            for (SeriesRecorder r : recorders.values()) {
                if (r.key.deployment().equals(deployment)) {
                    r.read(memoryFrom, toIndex, sink);
                }
            }
            long storeTo = Math.min(toIndex, closed.storeCeiling());
            if (fromIndex < storeTo) {
                readStore(deployment, fromIndex, storeTo, sink);
            }
        } finally {
            history.readLock().unlock();
        }
    }

    private void readStore(String deployment, long fromIndex, long toIndex, SeriesRecorder.Sink sink) {
        List<MetricsStore.StoredBucket> stored;
        try {
            stored = store.read(deployment, Instant.ofEpochMilli(fromIndex * bucketMillis),
                    Instant.ofEpochMilli(toIndex * bucketMillis));
        } catch (RuntimeException e) {
            LOG.warn("could not read monitoring history of {} from the store: {}", deployment, e.toString());
            return;
        }
        for (MetricsStore.StoredBucket b : stored) {
            long index = Math.floorDiv(b.start().toEpochMilli(), bucketMillis);
            if (index < fromIndex || index >= toIndex || !deployment.equals(b.key().deployment())) {
                continue;
            }
            try {
                sink.accept(index, b.key(), BucketCodec.decode(b.payload(), settings.topK()));
            } catch (IOException e) {
                LOG.warn("skipping unreadable stored monitoring bucket of {} at {}: {}", b.key(), b.start(),
                        e.getMessage());
            }
        }
    }

    /** Cumulative since start (for Prometheus counters): per series. */
    public Map<SeriesKey, SeriesStats> totals() {
        Map<SeriesKey, SeriesAccumulator> merged = new HashMap<>();
        history.readLock().lock();
        try {
            closed.totals().forEach((key, acc) ->
                    merged.computeIfAbsent(key, k -> new SeriesAccumulator(settings.topK())).merge(acc));
            for (SeriesRecorder r : recorders.values()) {
                r.read(Long.MIN_VALUE, Long.MAX_VALUE, (index, key, acc) ->
                        merged.computeIfAbsent(key, k -> new SeriesAccumulator(settings.topK())).merge(acc));
            }
        } finally {
            history.readLock().unlock();
        }
        return stats(merged, Duration.between(started, clock.instant()));
    }

    /** Deployments this instance has recorded or been configured for, sorted. */
    public Set<String> deployments() {
        return Collections.unmodifiableSet(new TreeSet<>(deploymentStates.keySet()));
    }

    /** Persists open buckets; later record calls are no-ops. Reads keep working. */
    @Override
    public void close() {
        if (shut) {
            return;
        }
        shut = true;
        closeThrough(Long.MAX_VALUE / 2, bucketNow());
    }

    private Map<SeriesKey, SeriesStats> stats(Map<SeriesKey, SeriesAccumulator> merged, Duration window) {
        Map<SeriesKey, SeriesStats> out = new LinkedHashMap<>();
        merged.forEach((key, acc) -> out.put(key, acc.snapshot(window, settings.lowConfidenceThreshold())));
        return Collections.unmodifiableMap(out);
    }

    /** Epoch milliseconds, saturated instead of overflowing. */
    private static long millis(Instant t) {
        try {
            return t.toEpochMilli();
        } catch (ArithmeticException e) {
            return t.isBefore(Instant.EPOCH) ? Long.MIN_VALUE / 4 : Long.MAX_VALUE / 4;
        }
    }
}
