package dev.shepherd.automation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.shepherd.automation.ThresholdAdvisor.Advice;
import dev.shepherd.automation.ThresholdAdvisor.Case;
import dev.shepherd.automation.ThresholdAdvisor.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ThresholdAdvisorTest {
    private static final double Z = 1.959963984540054;

    /*
     * Hand example, total weight W = 15. Thresholds given as [0.9, 0.5, 0.8, 1.0, 0.8, 0.0].
     *   t    cases  Σw  rate   correct w  acc     Σw²  n_eff = (Σw)²/Σw²
     *   1.0  0      0   0      -          NaN     -    -
     *   0.9  2      5   5/15   5          1       17   25/17  = 1.470588235294118
     *   0.8  4      7   7/15   6          6/7     19   49/19  = 2.578947368421053
     *   0.5  7      13  13/15  11         11/13   37   169/37 = 4.567567567567568
     *   0.0  8      15  1      13         13/15   41   225/41 = 5.487804878048780
     * Wilson L = (p + z²/2n − z·sqrt(p(1−p)/n + z²/4n²)) / (1 + z²/n), z² = 3.841458820694125
     * (evaluated in 40-digit decimal arithmetic):
     *   t=0.9: z²/2n = 1.306095999036003, sqrt(..) = 0.666387754743618, 1+z²/n = 3.612191998072005,
     *          L = 0.276840212406690 (= 1/3.612191998072005 since p = 1)
     *   t=0.8: z²/2n = 0.744772628501922, sqrt(..) = 0.438035283804183, 1+z²/n = 2.489545257003844,
     *          L = 0.298601563212976
     *   t=0.5: z²/2n = 0.420514722975392, sqrt(..) = 0.273007471367322, 1+z²/n = 1.841029445950785,
     *          L = 0.397377542954571
     *   t=0.0: z²/2n = 0.349999581441020, sqrt(..) = 0.230099197905973, 1+z²/n = 1.699999162882041,
     *          L = 0.450400284928585
     */
    private static final List<Case> HAND = List.of(
            new Case(0.95, "A", "A", 1), new Case(0.90, "B", "B", 4), new Case(0.80, "A", "B", 1),
            new Case(0.80, "B", "B", 1), new Case(0.70, "A", "A", 4), new Case(0.60, "B", "A", 1),
            new Case(0.55, "A", "A", 1), new Case(0.40, "B", "B", 2));
    private static final List<Double> HAND_GRID = List.of(0.9, 0.5, 0.8, 1.0, 0.8, 0.0);

    @Test
    void handExampleMatchesHandComputedTable() {
        Advice a = ThresholdAdvisor.advise(HAND, 0.85, HAND_GRID, 1, false);
        assertThat(a.cases()).isEqualTo(8);
        assertThat(a.table()).extracting(Row::threshold).containsExactly(0.0, 0.5, 0.8, 0.9, 1.0);
        assertThat(a.table()).extracting(Row::cases).containsExactly(8L, 7L, 4L, 2L, 0L);
        assertRow(a.table().get(0), 1.0, 13 / 15.0, 0.450400284928585);
        assertRow(a.table().get(1), 13 / 15.0, 11 / 13.0, 0.397377542954571);
        assertRow(a.table().get(2), 7 / 15.0, 6 / 7.0, 0.298601563212976);
        assertRow(a.table().get(3), 5 / 15.0, 1.0, 0.276840212406690);
        Row none = a.table().get(4);
        assertThat(none.automationRate()).isEqualTo(0.0);
        assertThat(none.accuracy()).isNaN();
        assertThat(none.lower95()).isNaN();
    }

    @Test
    void handExampleProposesHighestAutomationRateNotFirstFromTheTop() {
        // accuracy is not monotone: 13/15 at t=0 beats 11/13 at t=0.5 and 6/7 at t=0.8
        assertThat(threshold(ThresholdAdvisor.advise(HAND, 0.85, HAND_GRID, 1, false))).contains(0.0);
        assertThat(threshold(ThresholdAdvisor.advise(HAND, 0.87, HAND_GRID, 1, false))).contains(0.9);
        assertThat(threshold(ThresholdAdvisor.advise(HAND, 0.84, HAND_GRID, 8, false))).contains(0.0);
        assertThat(threshold(ThresholdAdvisor.advise(HAND, 0.45, HAND_GRID, 1, true))).contains(0.0);
        assertThat(threshold(ThresholdAdvisor.advise(HAND, 0.30, HAND_GRID, 7, true))).contains(0.0);
        assertThat(threshold(ThresholdAdvisor.advise(HAND, 0.40, HAND_GRID, 1, true))).contains(0.0);
        assertThat(threshold(ThresholdAdvisor.advise(HAND, 0.29, HAND_GRID, 3, true))).contains(0.0);
    }

    @Test
    void noProposalWhenTargetUnreachedOrTooFewCases() {
        assertThat(ThresholdAdvisor.advise(HAND, 0.87, HAND_GRID, 3, false).proposal())
                .as("only t=0.9 reaches 0.87, with 2 cases").isEmpty();
        assertThat(threshold(ThresholdAdvisor.advise(HAND, 0.87, HAND_GRID, 2, false))).contains(0.9);
        assertThat(ThresholdAdvisor.advise(HAND, 0.46, HAND_GRID, 1, true).proposal())
                .as("every lower bound is below 0.46 though point accuracies are above").isEmpty();
        assertThat(ThresholdAdvisor.advise(HAND, 1.0, HAND_GRID, 1, true).proposal()).isEmpty();
        assertThat(threshold(ThresholdAdvisor.advise(HAND, 1.0, HAND_GRID, 1, false))).contains(0.9);
    }

    @Test
    void noCasesGivesNaNRowsAndNoProposal() {
        Advice a = ThresholdAdvisor.advise(List.of(), 0.5, ThresholdAdvisor.defaultGrid(), 1, false);
        assertThat(a.cases()).isZero();
        assertThat(a.proposal()).isEmpty();
        assertThat(a.table()).hasSize(51).allSatisfy(r -> {
            assertThat(r.cases()).isZero();
            assertThat(r.automationRate()).isNaN();
            assertThat(r.accuracy()).isNaN();
            assertThat(r.lower95()).isNaN();
        });
    }

    @Test
    void sweepMatchesBruteForceOnSeededWeightedData() {
        SplittableRandom rnd = new SplittableRandom(20240611L);
        String[] classes = {"a", "b", "c"};
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            double u = rnd.nextDouble();
            double conf = 1 - 0.8 * u * u; // denser near 1, so even 0.98 is reachable
            if (i % 2 == 0) {
                conf = Math.round(conf * 100) / 100.0; // exact ties with grid thresholds
            }
            int s = rnd.nextInt(3);
            int t = rnd.nextDouble() < conf ? s : (s + 1 + rnd.nextInt(2)) % 3;
            double weight = conf >= 0.8 && rnd.nextDouble() < 0.3 ? 1 / 0.05 : 1;
            cases.add(new Case(conf, classes[s], classes[t], weight));
        }
        List<Double> grid = ThresholdAdvisor.defaultGrid();
        List<Row> expected = bruteTable(cases, grid);
        for (boolean conservative : new boolean[] {false, true}) {
            for (double target : new double[] {0.9, 0.95, 0.98}) {
                Advice a = ThresholdAdvisor.advise(cases, target, grid, 50, conservative);
                assertThat(a.table()).hasSize(expected.size());
                for (int k = 0; k < expected.size(); k++) {
                    Row got = a.table().get(k);
                    Row exp = expected.get(k);
                    assertThat(got.threshold()).isEqualTo(exp.threshold());
                    assertThat(got.cases()).isEqualTo(exp.cases());
                    assertThat(got.automationRate()).isCloseTo(exp.automationRate(), within(1e-9));
                    assertThat(got.accuracy()).isCloseTo(exp.accuracy(), within(1e-9));
                    assertThat(got.lower95()).isCloseTo(exp.lower95(), within(1e-9));
                }
                Optional<Row> brute = bruteProposal(expected, target, 50, conservative);
                assertThat(brute).as("target %s conservative %s reachable", target, conservative).isPresent();
                assertThat(a.proposal().map(Row::threshold)).isEqualTo(brute.map(Row::threshold));
                if (conservative) {
                    Advice point = ThresholdAdvisor.advise(cases, target, grid, 50, false);
                    assertThat(a.proposal().orElseThrow().threshold())
                            .isGreaterThanOrEqualTo(point.proposal().orElseThrow().threshold());
                }
            }
        }
    }

    @Test
    void defaultGridIsFiftyTwoDecimalValuesThenOne() {
        List<Double> grid = ThresholdAdvisor.defaultGrid();
        assertThat(grid).hasSize(51).startsWith(0.50, 0.51, 0.52).endsWith(0.98, 0.99, 1.0).isSorted();
        assertThat(grid.get(27)).isEqualTo(0.77);
    }

    @Test
    void rejectsBadParametersNamingThem() {
        List<Double> grid = ThresholdAdvisor.defaultGrid();
        assertThatThrownBy(() -> ThresholdAdvisor.advise(HAND, 1.5, grid, 1, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("targetAccuracy must be in (0, 1], was 1.5");
        assertThatThrownBy(() -> ThresholdAdvisor.advise(HAND, 0.0, grid, 1, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("targetAccuracy");
        assertThatThrownBy(() -> ThresholdAdvisor.advise(HAND, Double.NaN, grid, 1, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("targetAccuracy");
        assertThatThrownBy(() -> ThresholdAdvisor.advise(HAND, 0.9, grid, 0, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minCases");
        assertThatThrownBy(() -> ThresholdAdvisor.advise(HAND, 0.9, List.of(0.5, 1.2), 1, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("thresholds[1]");
        assertThatThrownBy(() -> new Case(0.9, "a", "a", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weight");
        assertThatThrownBy(() -> new Case(0.9, "a", "a", Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weight");
        assertThatThrownBy(() -> new Case(Double.NaN, "a", "a", 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("confidence");
        assertThatThrownBy(() -> new Case(1.01, "a", "a", 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("confidence");
        assertThatThrownBy(() -> new Case(0.5, null, "a", 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("suggestion");
        assertThatThrownBy(() -> new Case(0.5, "a", null, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truth");
    }

    private static void assertRow(Row r, double rate, double accuracy, double lower95) {
        assertThat(r.automationRate()).isCloseTo(rate, within(1e-12));
        assertThat(r.accuracy()).isCloseTo(accuracy, within(1e-12));
        assertThat(r.lower95()).isCloseTo(lower95, within(1e-12));
    }

    private static Optional<Double> threshold(Advice a) {
        return a.proposal().map(Row::threshold);
    }

    /** Plain O(n × grid) reference: filter and sum per threshold. */
    private static List<Row> bruteTable(List<Case> cases, List<Double> grid) {
        double total = cases.stream().mapToDouble(Case::weight).sum();
        List<Row> rows = new ArrayList<>();
        for (double t : grid) {
            List<Case> in = cases.stream().filter(c -> c.confidence() >= t).toList();
            double w = in.stream().mapToDouble(Case::weight).sum();
            double w2 = in.stream().mapToDouble(c -> c.weight() * c.weight()).sum();
            double ok = in.stream().filter(c -> c.suggestion().equals(c.truth())).mapToDouble(Case::weight).sum();
            double p = ok / w;
            double n = w * w / w2;
            double lower = in.isEmpty() ? Double.NaN
                    : (p + Z * Z / (2 * n) - Z * Math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n))) / (1 + Z * Z / n);
            rows.add(new Row(t, in.size(), w / total, in.isEmpty() ? Double.NaN : p, lower));
        }
        return rows;
    }

    private static Optional<Row> bruteProposal(List<Row> rows, double target, int minCases, boolean conservative) {
        Row best = null;
        for (Row r : rows) {
            double score = conservative ? r.lower95() : r.accuracy();
            if (r.cases() >= minCases && score >= target && (best == null || r.automationRate() > best.automationRate()
                    || r.automationRate() == best.automationRate() && r.threshold() < best.threshold())) {
                best = r;
            }
        }
        return Optional.ofNullable(best);
    }
}
