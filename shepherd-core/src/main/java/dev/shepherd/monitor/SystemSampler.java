package dev.shepherd.monitor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The server's own load over the last seven days, for the dashboard: each {@link #sample()} (the
 * node's ticker calls it every {@link #INTERVAL}) reads the process's and the machine's CPU share,
 * the one-minute load average per CPU and the heap from a {@link Probe} and keeps them in a fixed
 * ring; {@link #series} averages them per step. {@link Monitoring} covers the deployments; the same
 * figures reach Prometheus as {@code process_cpu_usage}, {@code system_cpu_usage},
 * {@code system_load_average_1m / system_cpus} and {@code jvm_memory_*_bytes{area="heap"}}.
 *
 * <p>Memory: six primitive arrays of {@value #CAPACITY} entries (seven days at one sample per
 * 10 s), allocated once: a {@code long} time, three {@code double} shares and two {@code long}
 * byte counts, 48 bytes a sample, 2,903,040 bytes (about 2.8 MiB) whatever the uptime. The oldest
 * sample is overwritten by the newest; sampling more often than every 10 s shortens the seven
 * days in proportion.
 *
 * <p>Thread-safe: recording and reading synchronize on the sampler; a read scans at most the whole
 * ring, well under a millisecond. The probe is read outside the lock.
 */
public final class SystemSampler {
    /** How often the node samples. */
    public static final Duration INTERVAL = Duration.ofSeconds(10);
    /** How far back the ring reaches at one sample per {@link #INTERVAL}. */
    public static final Duration RETENTION = Duration.ofDays(7);
    /** Samples kept: {@link #RETENTION} / {@link #INTERVAL}. */
    public static final int CAPACITY = 60_480;
    /** Most steps one {@link #series} call may ask for. */
    static final int MAX_STEPS = 100_000;

    /** Where the figures come from: the running JVM ({@link #platform()}), or a test's numbers. */
    public interface Probe {
        /** The figures now. */
        Reading read();

        /** Processors available to the process. */
        int cpus();
    }

    /**
     * One reading.
     *
     * @param processCpu    this process's share of all CPUs since the previous reading, 0..1; {@code NaN} when unknown
     * @param systemCpu     the whole machine's recent CPU share, 0..1; {@code NaN} when unknown
     * @param loadPerCpu    the one-minute load average divided by the CPUs; {@code NaN} when unknown
     * @param heapUsedBytes heap in use, bytes; negative when unknown
     * @param heapMaxBytes  the most heap the JVM may use, bytes; negative when undefined
     */
    public record Reading(double processCpu, double systemCpu, double loadPerCpu, long heapUsedBytes,
                          long heapMaxBytes) {
    }

    /**
     * The means of one step's samples; a figure is {@code NaN} when no sample of the step had it.
     *
     * @param start   the start of the step
     * @param samples how many samples fell in the step (at least 1)
     */
    public record Point(Instant start, int samples, double processCpu, double systemCpu, double loadPerCpu,
                        double heapUsedBytes, double heapMaxBytes) {
    }

    private final Clock clock;
    private final Probe probe;
    private final long[] times = new long[CAPACITY];
    private final double[] processCpu = new double[CAPACITY];
    private final double[] systemCpu = new double[CAPACITY];
    private final double[] loadPerCpu = new double[CAPACITY];
    private final long[] heapUsed = new long[CAPACITY];
    private final long[] heapMax = new long[CAPACITY];
    private int next;
    private int size;

    /** A sampler of the running JVM and machine. */
    public SystemSampler(Clock clock) {
        this(clock, platform());
    }

    /**
     * @param clock when samples are taken (windows end at its now)
     * @param probe where the figures come from
     */
    public SystemSampler(Clock clock, Probe probe) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.probe = Objects.requireNonNull(probe, "probe");
    }

    /** The probe of this JVM: CPU-time deltas, the OS's CPU load and load average, the heap. */
    public static Probe platform() {
        return new PlatformProbe();
    }

    /** Processors available to the process. */
    public int cpus() {
        return probe.cpus();
    }

    /** Reads the probe and keeps the reading, stamped with the clock's now. Never throws on odd figures. */
    public void sample() {
        Reading r = probe.read();
        record(clock.instant(), r);
    }

    /** Keeps {@code r} as taken at {@code at}, overwriting the oldest sample when the ring is full. */
    synchronized void record(Instant at, Reading r) {
        int i = next;
        times[i] = at.toEpochMilli();
        processCpu[i] = r.processCpu();
        systemCpu[i] = r.systemCpu();
        loadPerCpu[i] = r.loadPerCpu();
        heapUsed[i] = r.heapUsedBytes();
        heapMax[i] = r.heapMaxBytes();
        next = (i + 1) % CAPACITY;
        size = Math.min(size + 1, CAPACITY);
    }

    /** Samples held, at most {@value #CAPACITY}. */
    public synchronized int size() {
        return size;
    }

    /**
     * Means per step of the samples taken in {@code [from, to]}: step {@code i} covers
     * {@code [from + i × step, from + (i + 1) × step)}, up to the step that holds {@code to}. Steps
     * without samples are left out; points are in time order.
     *
     * @throws IllegalArgumentException when {@code step} is not positive, {@code to} precedes
     *                                  {@code from}, or the range holds more than {@value #MAX_STEPS} steps
     */
    public List<Point> series(Instant from, Instant to, Duration step) {
        long f = from.toEpochMilli();
        long t = to.toEpochMilli();
        long s = step.toMillis();
        if (s <= 0 || t < f) {
            throw new IllegalArgumentException("need a positive step and from <= to, was " + step + ", " + from + ", " + to);
        }
        long steps = (t - f) / s + 1;
        if (steps > MAX_STEPS) {
            throw new IllegalArgumentException(steps + " steps, more than " + MAX_STEPS);
        }
        int n = (int) steps;
        int[] count = new int[n];
        Mean[] means = {new Mean(n), new Mean(n), new Mean(n), new Mean(n), new Mean(n)};
        synchronized (this) {
            int oldest = (next - size + CAPACITY) % CAPACITY;
            for (int k = 0; k < size; k++) {
                int i = (oldest + k) % CAPACITY;
                long at = times[i];
                if (at < f || at > t) {
                    continue;
                }
                int b = (int) ((at - f) / s);
                count[b]++;
                means[0].add(b, processCpu[i]);
                means[1].add(b, systemCpu[i]);
                means[2].add(b, loadPerCpu[i]);
                means[3].add(b, heapUsed[i] < 0 ? Double.NaN : heapUsed[i]);
                means[4].add(b, heapMax[i] < 0 ? Double.NaN : heapMax[i]);
            }
        }
        List<Point> out = new ArrayList<>();
        for (int b = 0; b < n; b++) {
            if (count[b] > 0) {
                out.add(new Point(Instant.ofEpochMilli(f + b * s), count[b], means[0].at(b), means[1].at(b),
                        means[2].at(b), means[3].at(b), means[4].at(b)));
            }
        }
        return out;
    }

    /** Sums and counts per step of one figure, skipping unknown ({@code NaN}) values. */
    private static final class Mean {
        private final double[] sum;
        private final int[] n;

        Mean(int steps) {
            sum = new double[steps];
            n = new int[steps];
        }

        void add(int step, double v) {
            if (!Double.isNaN(v)) {
                sum[step] += v;
                n[step]++;
            }
        }

        double at(int step) {
            return n[step] == 0 ? Double.NaN : sum[step] / n[step];
        }
    }
}
