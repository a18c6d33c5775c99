package dev.shepherd.monitor;

import dev.shepherd.schema.ModelSchema;
import dev.shepherd.schema.Prediction;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The open (not yet closed) buckets of one series, striped for concurrent recording. A thread
 * records into the stripe picked by its thread id, under that stripe's lock only; readers take
 * each stripe's lock in turn and merge copies. Thread-safe.
 *
 * <p>Implementation notes. Each stripe holds the accumulator of the newest bucket it has seen
 * plus <em>fragments</em>: accumulators of older buckets it moved away from, waiting for
 * {@link Monitoring#tick()} to close them. A record never goes into a closed bucket: under the
 * stripe lock its bucket index is raised to {@code closedThrough + 1}, and {@code tick} advances
 * {@code closedThrough} before it drains the stripes, so the lock orders the two. A record whose
 * bucket is older than its stripe's newest bucket (a clock read just before a boundary) lands in
 * the newer bucket: counts stay exact, time shifts by less than one bucket. Drained accumulators
 * come back as spares, so steady-state recording allocates nothing but sketch growth.
 */
final class SeriesRecorder {
    /** One drained accumulator and where it came from. */
    record Fragment(long index, SeriesAccumulator acc, Stripe stripe) {
    }

    /** Receives open accumulators during a read (called under a stripe lock: merge, do not keep). */
    @FunctionalInterface
    interface Sink {
        void accept(long index, SeriesKey key, SeriesAccumulator acc);
    }

    static final class Stripe {
        private long index;
        private SeriesAccumulator acc;
        private SeriesAccumulator spare;
        private final List<Fragment> fragments = new ArrayList<>(2);
    }

    final SeriesKey key;
    final DeploymentState deployment;
    private final AtomicLong closedThrough;
    private final int topK;
    private final Stripe[] stripes;
    private final int mask;
    private volatile Layout layout;

    SeriesRecorder(SeriesKey key, DeploymentState deployment, AtomicLong closedThrough, int topK, int stripeCount) {
        this.key = key;
        this.deployment = deployment;
        this.closedThrough = closedThrough;
        this.topK = topK;
        this.stripes = new Stripe[stripeCount];
        for (int i = 0; i < stripeCount; i++) {
            stripes[i] = new Stripe();
        }
        this.mask = stripeCount - 1;
    }

    /** The layout for {@code schema}, built once per schema. */
    Layout layout(ModelSchema schema) {
        Layout l = layout;
        if (l != null && l.serves(schema)) {
            return l;
        }
        synchronized (this) {
            l = layout;
            if (l == null || !l.serves(schema)) {
                l = new Layout(schema, deployment);
                layout = l;
            }
            return l;
        }
    }

    void record(long index, Layout l, RequestObservation o, double threshold) {
        Stripe s = stripe();
        synchronized (s) {
            accumulator(s, index).record(l, o, threshold);
        }
    }

    void recordLabel(long index, Prediction predicted, String trueLabel, Double trueValue) {
        Stripe s = stripe();
        synchronized (s) {
            accumulator(s, index).recordLabel(predicted, trueLabel, trueValue);
        }
    }

    void recordEvent(long index, String event, double value) {
        Stripe s = stripe();
        synchronized (s) {
            accumulator(s, index).recordEvent(event, value);
        }
    }

    private Stripe stripe() {
        return stripes[(int) Thread.currentThread().threadId() & mask];
    }

    /** The accumulator for bucket {@code index} (raised past closed buckets); holds the stripe lock. */
    private SeriesAccumulator accumulator(Stripe s, long index) {
        long floor = closedThrough.get() + 1;
        long at = Math.max(index, floor);
        if (s.acc == null) {
            s.acc = takeSpare(s);
            s.index = at;
        } else if (at > s.index) {
            if (!s.acc.isEmpty()) {
                s.fragments.add(new Fragment(s.index, s.acc, s));
                s.acc = takeSpare(s);
            }
            s.index = at;
        }
        return s.acc;
    }

    private SeriesAccumulator takeSpare(Stripe s) {
        SeriesAccumulator a = s.spare;
        if (a == null) {
            return new SeriesAccumulator(topK);
        }
        s.spare = null;
        return a;
    }

    /** Removes and returns every accumulator of buckets {@code <= through}. */
    List<Fragment> drain(long through) {
        List<Fragment> out = new ArrayList<>();
        for (Stripe s : stripes) {
            synchronized (s) {
                for (Iterator<Fragment> it = s.fragments.iterator(); it.hasNext(); ) {
                    Fragment f = it.next();
                    if (f.index() <= through) {
                        out.add(f);
                        it.remove();
                    }
                }
                if (s.acc != null && s.index <= through) {
                    if (!s.acc.isEmpty()) {
                        out.add(new Fragment(s.index, s.acc, s));
                    } else if (s.spare == null) {
                        s.spare = s.acc;
                    }
                    s.acc = null;
                }
            }
        }
        return out;
    }

    /** Gives a drained, already reset accumulator back to its stripe for reuse. */
    static void recycle(Fragment f) {
        synchronized (f.stripe()) {
            if (f.stripe().spare == null) {
                f.stripe().spare = f.acc();
            }
        }
    }

    /** Hands every open accumulator of buckets in {@code [from, to)} to {@code sink}. */
    void read(long from, long to, Sink sink) {
        for (Stripe s : stripes) {
            synchronized (s) {
                for (Fragment f : s.fragments) {
                    if (f.index() >= from && f.index() < to) {
                        sink.accept(f.index(), key, f.acc());
                    }
                }
                if (s.acc != null && s.index >= from && s.index < to && !s.acc.isEmpty()) {
                    sink.accept(s.index, key, s.acc);
                }
            }
        }
    }
}
