package dev.shepherd.training;

import dev.shepherd.schema.FeatureSpec;
import dev.shepherd.schema.FeatureType;
import dev.shepherd.schema.ModelSchema;
import dev.shepherd.schema.OutputSpec;
import dev.shepherd.schema.TensorMedia;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A seeded generator of a synthetic but plausible loan-default data set, the demo's training and
 * traffic data. Each applicant has {@code income} (number, yearly, log-normal around 45,000),
 * {@code age} (integer, 18..80), {@code debt_ratio} (number, debt payments / income, optional:
 * missing completely at random in 7 % of rows), {@code employment} (category) and {@code region}
 * (category); the label is {@code repaid} or {@code default}, drawn from a hidden logistic
 * relation (higher debt ratio, lower income, younger age, unemployment and the south raise the
 * risk).
 *
 * <p>{@code shift} in {@code [0, 1]} moves the population to a later period: at {@code 1} debt
 * ratios are about 0.12 higher, incomes about 8 % lower, self-employment, unemployment and the
 * south more common, and debt weighs more heavily on default (concept drift). At shift 0 about
 * 29 % of loans default and the Bayes-optimal accuracy is about 84 %; at shift 1, about 47 % and
 * 81 %. The same {@code (rows, seed, shift)} always produces the same data. Stateless and
 * thread-safe.
 */
public final class LoanData {
    /** Label of a loan that was paid back. */
    public static final String REPAID = "repaid";
    /** Label of a loan that defaulted. */
    public static final String DEFAULT = "default";
    /** The employment categories, in one-hot order. */
    public static final List<String> EMPLOYMENT = List.of("salaried", "self_employed", "unemployed", "retired");
    /** The region categories, in one-hot order. */
    public static final List<String> REGIONS = List.of("north", "south", "east", "west");
    /** Fraction of rows whose {@code debt_ratio} is missing. */
    public static final double DEBT_RATIO_MISSING_RATE = 0.07;
    /** The value a missing {@code debt_ratio} is encoded as: the baseline mean. */
    public static final double DEBT_RATIO_IMPUTE = 0.31;

    private static final ModelSchema SCHEMA = new ModelSchema(List.of(
            FeatureSpec.of("income", FeatureType.NUMBER),
            FeatureSpec.of("age", FeatureType.INTEGER),
            new FeatureSpec("debt_ratio", FeatureType.NUMBER, false, List.of(), List.of(), TensorMedia.NONE,
                    DEBT_RATIO_IMPUTE),
            FeatureSpec.category("employment", EMPLOYMENT),
            FeatureSpec.category("region", REGIONS)),
            OutputSpec.classes(List.of(REPAID, DEFAULT)));

    // hidden relation, logit of default
    private static final double BIAS = -0.8;
    private static final double SCALE = 2.0;
    private static final double[] EMPLOYMENT_RISK = {-0.5, 0.3, 1.2, -0.2};
    private static final double[] REGION_RISK = {-0.2, 0.3, 0.0, -0.1};
    private static final double[] EMPLOYMENT_INCOME = {0.0, 0.1, -0.9, -0.35};

    private LoanData() {
    }

    /**
     * The schema of the data: the five inputs above ({@code debt_ratio} optional, imputed as
     * {@value #DEBT_RATIO_IMPUTE} by dense encodings) and a class output {@code [repaid, default]}.
     */
    public static ModelSchema schema() {
        return SCHEMA;
    }

    /** {@code rows} applicants from the baseline period (shift 0). */
    public static LabelledData generate(int rows, long seed) {
        return generate(rows, seed, 0);
    }

    /**
     * {@code rows} applicants from a period moved by {@code shift} (0 = baseline, 1 = the later,
     * riskier period; values in between interpolate).
     *
     * @throws IllegalArgumentException when {@code rows < 0} or {@code shift} is outside {@code [0, 1]}
     */
    public static LabelledData generate(int rows, long seed, double shift) {
        if (rows < 0) {
            throw new IllegalArgumentException("rows must be >= 0, was " + rows);
        }
        if (!(shift >= 0 && shift <= 1)) {
            throw new IllegalArgumentException("shift must be in [0, 1], was " + shift);
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] youngMix = normalize(0.70 - 0.08 * shift, 0.18 + 0.05 * shift, 0.10 + 0.03 * shift, 0.02);
        double[] oldMix = {0.15, 0.07, 0.03, 0.75};
        double[] regionMix = {0.30 - 0.10 * shift, 0.25 + 0.10 * shift, 0.25, 0.20};
        List<Object[]> out = new ArrayList<>(rows);
        List<String> labels = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            long age = Math.clamp(Math.round(44 + 2 * shift + 14 * rnd.nextGaussian()), 18, 80);
            int employment = pick(rnd, age >= 63 ? oldMix : youngMix);
            int region = pick(rnd, regionMix);
            double logIncome = 10.75 + EMPLOYMENT_INCOME[employment] + 0.012 * (Math.min(age, 55) - 40)
                    + 0.45 * rnd.nextGaussian() - 0.08 * shift;
            double income = Math.round(Math.exp(logIncome));
            double debt = Math.clamp(0.30 + 0.12 * shift + (employment == 2 ? 0.1 : 0) + 0.13 * rnd.nextGaussian(), 0, 1.5);
            debt = Math.round(debt * 1000) / 1000.0;
            double z = BIAS + SCALE * ((3.5 + 1.5 * shift) * (debt - 0.35) - Math.log(income / 45_000)
                    - 0.03 * (age - 45) + EMPLOYMENT_RISK[employment] + REGION_RISK[region]);
            boolean defaulted = rnd.nextDouble() < 1 / (1 + Math.exp(-z));
            Double debtRatio = rnd.nextDouble() < DEBT_RATIO_MISSING_RATE ? null : debt;
            out.add(new Object[] {income, age, debtRatio, EMPLOYMENT.get(employment), REGIONS.get(region)});
            labels.add(defaulted ? DEFAULT : REPAID);
        }
        String description = String.format(Locale.ROOT, "LoanData(rows=%d, seed=%d, shift=%.2f)", rows, seed, shift);
        return new LabelledData(SCHEMA, out, labels, description);
    }

    private static double[] normalize(double... weights) {
        double sum = 0;
        for (double w : weights) {
            sum += w;
        }
        double[] out = new double[weights.length];
        for (int i = 0; i < weights.length; i++) {
            out[i] = weights[i] / sum;
        }
        return out;
    }

    private static int pick(SplittableRandom rnd, double[] probabilities) {
        double u = rnd.nextDouble();
        double cumulative = 0;
        for (int i = 0; i < probabilities.length - 1; i++) {
            cumulative += probabilities[i];
            if (u < cumulative) {
                return i;
            }
        }
        return probabilities.length - 1;
    }
}
