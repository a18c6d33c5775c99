package dev.shepherd.drift;

import dev.shepherd.monitor.Distribution;
import dev.shepherd.monitor.FeatureStats;
import dev.shepherd.monitor.OutputStats;
import dev.shepherd.monitor.SeriesStats;
import dev.shepherd.schema.FeatureSpec;
import dev.shepherd.schema.ModelSchema;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns a window of monitoring into a profile, so live traffic is compared with a reference by
 * the same {@link DriftCalculator} as files are: numbers and integers from the window's KLL
 * sketch, booleans and categories from their counts (the most frequent ones, the rest under
 * {@code __other__}), and the model's outputs as the column {@value #PREDICTION} (class labels, or
 * the score distribution). Stateless.
 */
public final class WindowProfiles {
    /** The column that holds the model's outputs, in live profiles and (when present) in references. */
    public static final String PREDICTION = "prediction";

    private WindowProfiles() {
    }

    public static Profile of(SeriesStats stats, ModelSchema schema, String source, Instant at) {
        Map<String, FeatureProfile> features = new LinkedHashMap<>();
        for (FeatureSpec spec : schema.inputs()) {
            FeatureStats f = stats.features().get(spec.name());
            if (f == null) {
                continue;
            }
            switch (spec.type()) {
                case NUMBER, INTEGER -> features.put(spec.name(), numeric(spec.name(), f.missing(), f.values()));
                case BOOLEAN -> {
                    long trues = Math.round(f.values().mean() * f.values().count());
                    Map<String, Long> counts = new HashMap<>();
                    if (f.values().count() > 0) {
                        counts.put("true", trues);
                        counts.put("false", f.values().count() - trues);
                    }
                    features.put(spec.name(), new FeatureProfile.Category(spec.name(), f.missing(), counts, false));
                }
                case CATEGORY -> {
                    Map<String, Long> counts = new HashMap<>();
                    long top = 0;
                    for (FeatureStats.CategoryCount c : f.topCategories()) {
                        counts.put(c.value(), c.count());
                        top += c.count();
                    }
                    long other = f.count() - top;
                    if (other > 0) {
                        counts.merge(FeatureProfile.Category.OTHER, other, Long::sum);
                    }
                    features.put(spec.name(), new FeatureProfile.Category(spec.name(), f.missing(), counts, other > 0));
                }
                case TEXT, TENSOR -> { }
            }
        }
        OutputStats out = stats.outputs();
        if (!out.classCounts().isEmpty()) {
            features.put(PREDICTION, new FeatureProfile.Category(PREDICTION, out.nulls(), out.classCounts(), false));
        } else if (out.scores().count() > 0) {
            features.put(PREDICTION, numeric(PREDICTION, out.nulls(), out.scores()));
        }
        return new Profile(source, at, stats.instances(), features);
    }

    private static FeatureProfile.Numeric numeric(String name, long missing, Distribution d) {
        Distribution.Weighted w = d.weighted();
        long n = d.count();
        double popStd = n > 1 ? d.std() * Math.sqrt((n - 1.0) / n) : 0; // monitoring keeps the sample std
        return new FeatureProfile.Numeric(name, missing, SketchSample.ofView(w.values(), w.cumulativeWeights(),
                Double.isNaN(d.quantileRankError()) ? 0 : d.quantileRankError(), d.mean(), popStd), d.min(), d.max());
    }
}
