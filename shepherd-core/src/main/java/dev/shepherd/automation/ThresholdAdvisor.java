package dev.shepherd.automation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Proposes a confidence threshold for partial automation: a classifier answers by itself when its
 * confidence (top class probability, 0..1) is at least the threshold, and people decide the rest.
 * From labelled history it builds the table threshold → automation rate → accuracy of the automated
 * decisions and picks the threshold that automates the most while meeting a target accuracy.
 *
 * <p>Stateless and thread-safe: every method is a pure function of its arguments.
 *
 * <h2>Implementation notes</h2>
 *
 * <ul>
 *   <li><b>Why weights.</b> Labelled history is not a simple random sample of traffic: cases below
 *       the current threshold are typically all reviewed, while cases above it are only audited at
 *       some share (say 5%). Counting each audited case once would under-represent the confident
 *       band, biasing the automation rate down and the accuracy towards the reviewed cases. A case
 *       sampled at share {@code s} therefore stands for {@code 1/s} cases (inverse-probability,
 *       Horvitz–Thompson weighting); rates and accuracies are weighted ratios (Hájek estimators).
 *   <li><b>Lower bound.</b> {@code lower95} is the Wilson score lower bound (Wilson 1927, z =
 *       1.959963984540054, two-sided 95%) evaluated at the weighted accuracy with Kish's effective
 *       sample size {@code n_eff = (Σw)² / Σw²} in place of n. With equal weights it is the textbook
 *       Wilson bound; with unequal weights it is the usual design-effect approximation, not an exact
 *       interval. The Wilson interval always contains the point estimate, so a conservative
 *       proposal is never at a lower threshold than the point proposal.
 *   <li><b>Cost.</b> Cases are sorted by confidence once, descending, and thresholds are swept
 *       descending with cumulative sums: O(n log n + g log g) for n cases and g thresholds. Sums are
 *       plain double additions; their relative error is about n·2⁻⁵³, far below sampling error.
 * </ul>
 */
public final class ThresholdAdvisor {
    /** Two-sided 95% standard normal quantile, Φ⁻¹(0.975). */
    static final double Z95 = 1.959963984540054;

    private ThresholdAdvisor() {
    }

    /**
     * One labelled case.
     *
     * @param confidence the model's confidence in its suggestion, a probability in [0, 1]
     * @param suggestion the class the model suggested
     * @param truth      the true class
     * @param weight     sampling weight, finite and {@code > 0}: 1 for a case reviewed because every
     *                   such case is reviewed, {@code 1/share} for a case sampled for audit at that share
     * @throws IllegalArgumentException if a component is null or out of range
     */
    public record Case(double confidence, String suggestion, String truth, double weight) {
        public Case {
            if (!(confidence >= 0 && confidence <= 1)) {
                throw new IllegalArgumentException("case confidence must be a finite number in [0, 1], was " + confidence);
            }
            if (suggestion == null) {
                throw new IllegalArgumentException("case suggestion must not be null");
            }
            if (truth == null) {
                throw new IllegalArgumentException("case truth must not be null");
            }
            if (!(weight > 0 && weight < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("case weight must be finite and > 0, was " + weight);
            }
        }
    }

    /**
     * One row of the table.
     *
     * @param threshold      the confidence threshold t in [0, 1]; a case is automated when confidence ≥ t
     * @param cases          number of cases (unweighted) with confidence ≥ t
     * @param automationRate weighted share (0..1) of all cases with confidence ≥ t; NaN when there are no cases
     * @param accuracy       weighted share (0..1) of those cases whose suggestion equals the truth; NaN when none
     * @param lower95        Wilson 95% lower bound of {@code accuracy} at Kish's effective sample size; NaN when none
     */
    public record Row(double threshold, long cases, double automationRate, double accuracy, double lower95) {
    }

    /**
     * The advice.
     *
     * @param table          one row per threshold, thresholds ascending and distinct
     * @param proposal       the proposed row, empty when no threshold reaches the target with enough cases
     * @param targetAccuracy the target accuracy asked for, in (0, 1]
     * @param conservative   whether the proposal compared {@code lower95} (true) or {@code accuracy} (false)
     * @param cases          total number of labelled cases (unweighted)
     */
    public record Advice(List<Row> table, Optional<Row> proposal, double targetAccuracy, boolean conservative,
                         long cases) {
        public Advice {
            table = List.copyOf(table);
            Objects.requireNonNull(proposal, "proposal");
        }
    }

    /**
     * Builds the threshold table for {@code cases} and proposes the threshold with the highest
     * automation rate (ties: the lower threshold) among rows with at least {@code minCases} cases
     * whose accuracy ({@code lower95} when {@code conservative}) is at least {@code targetAccuracy}.
     *
     * @param cases          labelled history; may be empty (every row is then NaN and there is no proposal)
     * @param targetAccuracy required accuracy of automated decisions, in (0, 1]
     * @param thresholds     candidate thresholds, each in [0, 1], in any order; duplicates are merged
     *                       ({@link #defaultGrid()} is the usual choice)
     * @param minCases       minimum number of (unweighted) cases a proposed row must have, {@code >= 1}
     * @param conservative   compare the Wilson lower bound instead of the point accuracy
     * @return the table and the proposal; never null
     * @throws IllegalArgumentException if a parameter is out of range (the message names it)
     * @throws NullPointerException     if {@code cases}, {@code thresholds} or an element of {@code cases} is null
     */
    public static Advice advise(List<Case> cases, double targetAccuracy, List<Double> thresholds, int minCases,
                                boolean conservative) {
        Objects.requireNonNull(cases, "cases");
        Objects.requireNonNull(thresholds, "thresholds");
        if (!(targetAccuracy > 0 && targetAccuracy <= 1)) {
            throw new IllegalArgumentException("targetAccuracy must be in (0, 1], was " + targetAccuracy);
        }
        if (minCases < 1) {
            throw new IllegalArgumentException("minCases must be >= 1, was " + minCases);
        }
        double[] ts = sortedThresholds(thresholds);

        Case[] sorted = cases.toArray(Case[]::new);
        Arrays.sort(sorted, Comparator.comparingDouble(Case::confidence).reversed());
        double totalWeight = 0;
        for (Case c : sorted) {
            totalWeight += c.weight();
        }

        Row[] rows = new Row[ts.length];
        int i = 0;
        double w = 0;
        double w2 = 0;
        double correct = 0;
        for (int k = ts.length - 1; k >= 0; k--) {
            double t = ts[k];
            while (i < sorted.length && sorted[i].confidence() >= t) {
                Case c = sorted[i++];
                w += c.weight();
                w2 += c.weight() * c.weight();
                if (c.suggestion().equals(c.truth())) {
                    correct += c.weight();
                }
            }
            rows[k] = row(t, i, w, w2, correct, totalWeight);
        }

        Row proposal = null;
        for (Row r : rows) {
            double score = conservative ? r.lower95() : r.accuracy();
            if (r.cases() >= minCases && score >= targetAccuracy
                    && (proposal == null || r.automationRate() > proposal.automationRate())) {
                proposal = r;
            }
        }
        return new Advice(Arrays.asList(rows), Optional.ofNullable(proposal), targetAccuracy, conservative,
                sorted.length);
    }

    /** The default grid, ascending: 0.50, 0.51, …, 0.99 (50 values, each the double nearest the 2-decimal value) and 1.0. */
    public static List<Double> defaultGrid() {
        List<Double> grid = new ArrayList<>(51);
        for (int i = 50; i <= 100; i++) {
            grid.add(i / 100.0);
        }
        return List.copyOf(grid);
    }

    /**
     * Wilson score lower bound {@code (p + z²/2n − z·sqrt(p(1−p)/n + z²/4n²)) / (1 + z²/n)} at z =
     * {@link #Z95}; {@code n} may be fractional (an effective sample size).
     */
    static double wilsonLower(double p, double n) {
        double z2 = Z95 * Z95;
        double centre = p + z2 / (2 * n);
        double spread = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        return (centre - spread) / (1 + z2 / n);
    }

    private static Row row(double t, long count, double w, double w2, double correct, double totalWeight) {
        double rate = totalWeight > 0 ? w / totalWeight : Double.NaN;
        if (count == 0) {
            return new Row(t, 0, rate, Double.NaN, Double.NaN);
        }
        double accuracy = correct / w;
        double nEff = w * w / w2;
        return new Row(t, count, rate, accuracy, wilsonLower(accuracy, nEff));
    }

    private static double[] sortedThresholds(List<Double> thresholds) {
        double[] ts = new double[thresholds.size()];
        for (int k = 0; k < ts.length; k++) {
            Double t = thresholds.get(k);
            if (t == null || !(t >= 0 && t <= 1)) {
                throw new IllegalArgumentException("thresholds[" + k + "] must be in [0, 1], was " + t);
            }
            ts[k] = t == 0 ? 0.0 : t; // fold -0.0 into 0.0 so it deduplicates
        }
        return Arrays.stream(ts).sorted().distinct().toArray();
    }
}
