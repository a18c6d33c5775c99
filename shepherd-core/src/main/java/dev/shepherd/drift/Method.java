package dev.shepherd.drift;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * A drift method: a statistic, the column types it applies to, and how its threshold reads.
 * Tests ({@link #pValue()}) flag drift when the p-value is below the threshold; distances when the
 * score is at or above it.
 */
public enum Method {
    /** Two-sample Kolmogorov–Smirnov test (numbers); score the p-value, effect size D. */
    KS(true, true, false),
    /** Chi-square test of homogeneity (categories); score the p-value, effect size Cramér's V. */
    CHI_SQUARE(true, false, true),
    /** Wasserstein-1 distance divided by the reference's standard deviation (numbers). */
    WASSERSTEIN_NORMED(false, true, false),
    /** Wasserstein-1 distance in the data's unit (numbers). */
    WASSERSTEIN(false, true, false),
    /** Population stability index over reference-quantile bins (numbers) or categories. */
    PSI(false, true, true),
    /** Jensen–Shannon distance, base 2, over reference-quantile bins (numbers) or categories. */
    JENSEN_SHANNON(false, true, true),
    /** Largest difference of category probabilities. */
    L_INFINITY(false, false, true);

    private final boolean pValue;
    private final boolean numeric;
    private final boolean category;

    Method(boolean pValue, boolean numeric, boolean category) {
        this.pValue = pValue;
        this.numeric = numeric;
        this.category = category;
    }

    /** Whether the score is a p-value (drift when below the threshold). */
    public boolean pValue() {
        return pValue;
    }

    public boolean appliesTo(ProfileBuilder.Kind kind) {
        return kind == ProfileBuilder.Kind.NUMERIC ? numeric : category;
    }

    /** {@code ks}, {@code chi_square}, {@code wasserstein_normed}, {@code psi}, {@code jensen_shannon}, … */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Method> parse(String s) {
        return Arrays.stream(values()).filter(m -> m.wireName().equalsIgnoreCase(s.replace('-', '_'))).findFirst();
    }
}
