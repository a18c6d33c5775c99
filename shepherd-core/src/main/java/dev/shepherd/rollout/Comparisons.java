package dev.shepherd.rollout;

import dev.shepherd.schema.Prediction;
import dev.shepherd.serving.ComparisonSink;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Agreement between candidates and primaries, in memory, in 10-second buckets kept for one hour
 * per (deployment, candidate): the {@code disagreement_rate} of rollout gates and the shadow
 * report. Two class answers agree when their labels are equal; a null answer against a non-null
 * one disagrees. Fed by the gateway's shadow workers through {@link ComparisonSink}; thread-safe
 * (a short lock per series, never on the request path).
 */
public final class Comparisons implements ComparisonSink {
    /** Bucket width. */
    public static final Duration BUCKET = Duration.ofSeconds(10);
    /** Buckets kept per series: one hour. */
    public static final int BUCKETS = 360;

    private final Clock clock;
    private final Map<String, Ring> series = new ConcurrentHashMap<>();

    public Comparisons(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void compared(String deployment, String candidate, List<Prediction> primary, List<Prediction> other) {
        long compared = 0;
        long classPairs = 0;
        long agreed = 0;
        long scorePairs = 0;
        double diff = 0;
        for (int i = 0; i < Math.min(primary.size(), other.size()); i++) {
            Prediction p = primary.get(i);
            Prediction c = other.get(i);
            compared++;
            if (p instanceof Prediction.ClassPrediction pc) {
                classPairs++;
                if (c instanceof Prediction.ClassPrediction cc && pc.label().equals(cc.label())) {
                    agreed++;
                }
            } else if (c instanceof Prediction.ClassPrediction) {
                classPairs++;
            } else if (p instanceof Prediction.ScorePrediction ps && c instanceof Prediction.ScorePrediction cs) {
                scorePairs++;
                diff += Math.abs(ps.score() - cs.score());
            }
        }
        long index = Math.floorDiv(clock.millis(), BUCKET.toMillis());
        series.computeIfAbsent(key(deployment, candidate), k -> new Ring())
                .add(index, new Comparison(compared, classPairs, agreed, scorePairs, diff));
    }

    /** The comparison of buckets starting in {@code [from, to)} (at most the last hour). */
    public Comparison window(String deployment, String candidate, Instant from, Instant to) {
        Ring r = series.get(key(deployment, candidate));
        if (r == null) {
            return Comparison.EMPTY;
        }
        long fromIndex = Math.ceilDiv(from.toEpochMilli(), BUCKET.toMillis());
        long toIndex = Math.ceilDiv(to.toEpochMilli(), BUCKET.toMillis());
        return r.sum(fromIndex, toIndex);
    }

    /** Forgets a series (when its rollout ends). */
    public void forget(String deployment, String candidate) {
        series.remove(key(deployment, candidate));
    }

    private static String key(String deployment, String candidate) {
        return deployment + "\u0000" + candidate;
    }

    private static final class Ring {
        private final long[] index = new long[BUCKETS];
        private final Comparison[] values = new Comparison[BUCKETS];

        synchronized void add(long i, Comparison c) {
            int slot = (int) Math.floorMod(i, (long) BUCKETS);
            if (index[slot] != i || values[slot] == null) {
                index[slot] = i;
                values[slot] = Comparison.EMPTY;
            }
            values[slot] = values[slot].plus(c);
        }

        synchronized Comparison sum(long from, long to) {
            Comparison out = Comparison.EMPTY;
            for (int s = 0; s < BUCKETS; s++) {
                if (values[s] != null && index[s] >= from && index[s] < to) {
                    out = out.plus(values[s]);
                }
            }
            return out;
        }
    }
}
