package dev.shepherd.drift;

import java.util.HashMap;
import java.util.Map;

/** Accumulates one category column: exact counts up to a cap of distinct values. Not thread-safe. */
final class CategoryColumn {
    private final String name;
    private final int cap;
    private final Map<String, long[]> counts = new HashMap<>();
    private long other;
    private long missing;

    CategoryColumn(String name, int cap) {
        this.name = name;
        this.cap = cap;
    }

    void add(String v) {
        long[] c = counts.get(v);
        if (c != null) {
            c[0]++;
        } else if (counts.size() < cap) {
            counts.put(v, new long[] {1});
        } else {
            other++;
        }
    }

    void missing() {
        missing++;
    }

    FeatureProfile.Category build() {
        Map<String, Long> out = new HashMap<>();
        counts.forEach((k, v) -> out.put(k, v[0]));
        if (other > 0) {
            out.merge(FeatureProfile.Category.OTHER, other, Long::sum);
        }
        return new FeatureProfile.Category(name, missing, out, other > 0);
    }
}
