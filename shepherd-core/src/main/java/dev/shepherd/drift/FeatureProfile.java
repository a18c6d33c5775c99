package dev.shepherd.drift;

import java.util.Map;

/**
 * What a profile knows of one column. Immutable and thread-safe.
 */
public sealed interface FeatureProfile {

    String name();

    /** Present values. */
    long count();

    /** Missing values (empty cells, {@code null}, unparseable numbers are counted separately by readers). */
    long missing();

    /** Missing over present plus missing, 0..1; 0 for an empty column. */
    default double missingFraction() {
        long all = count() + missing();
        return all == 0 ? 0 : (double) missing() / all;
    }

    /** A numeric column: its sample (every value up to {@link ProfileBuilder#EXACT_CAP}, a KLL sketch above). */
    record Numeric(String name, long missing, NumericSample sample, double min, double max) implements FeatureProfile {
        @Override
        public long count() {
            return sample.count();
        }
    }

    /**
     * A category column: exact counts per value, up to {@link ProfileBuilder#CATEGORY_CAP} distinct
     * values; further values are counted under {@link #OTHER} and {@code truncated} is set.
     */
    record Category(String name, long missing, Map<String, Long> counts, boolean truncated) implements FeatureProfile {
        /** The bucket of values beyond the cap. */
        public static final String OTHER = "__other__";

        public Category {
            counts = Map.copyOf(counts);
        }

        @Override
        public long count() {
            return counts.values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
