package dev.shepherd.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GateEvaluatorTest {
    private static Gate gate(Double max, Double min, Double maxRatio, Double minRatio, Double maxDelta) {
        return new Gate("error_rate", null, max, min, maxRatio, minRatio, maxDelta);
    }

    @Test
    void absoluteBounds() {
        assertThat(GateEvaluator.check(gate(0.01, null, null, null, null), 0.01, Double.NaN).verdict())
                .isEqualTo(GateCheck.Verdict.PASS);
        GateCheck over = GateEvaluator.check(gate(0.01, null, null, null, null), 0.02, Double.NaN);
        assertThat(over.verdict()).isEqualTo(GateCheck.Verdict.FAIL);
        assertThat(over.message()).isEqualTo("error_rate 0.02 > max 0.01");
        assertThat(GateEvaluator.check(gate(null, 0.9, null, null, null), 0.8, Double.NaN).message())
                .isEqualTo("error_rate 0.8 < min 0.9");
    }

    @Test
    void relativeBoundsWaitForThePrimaryAndCompareWithIt() {
        Gate ratio = gate(null, null, 1.2, null, null);
        assertThat(GateEvaluator.check(ratio, 0.5, Double.NaN).verdict()).isEqualTo(GateCheck.Verdict.PENDING);
        assertThat(GateEvaluator.check(ratio, 1.2, 1.0).verdict()).isEqualTo(GateCheck.Verdict.PASS);
        assertThat(GateEvaluator.check(ratio, 1.21, 1.0).message()).isEqualTo("error_rate 1.21 > 1.2 x primary 1");
        assertThat(GateEvaluator.check(ratio, 0.001, 0.0).verdict()).as("ratio to a zero primary allows only zero")
                .isEqualTo(GateCheck.Verdict.FAIL);
        assertThat(GateEvaluator.check(gate(null, null, null, 0.9, null), 0.8, 1.0).verdict()).isEqualTo(GateCheck.Verdict.FAIL);
        assertThat(GateEvaluator.check(gate(null, null, null, null, 0.05), 0.05, 0.0).verdict()).isEqualTo(GateCheck.Verdict.PASS);
        assertThat(GateEvaluator.check(gate(null, null, null, null, 0.05), 0.06, 0.0).verdict()).isEqualTo(GateCheck.Verdict.FAIL);
        // an absolute bound fails even while the relative one waits for the primary
        assertThat(GateEvaluator.check(gate(0.1, null, 1.2, null, null), 0.5, Double.NaN).verdict())
                .isEqualTo(GateCheck.Verdict.FAIL);
    }

    @Test
    void noDataIsPendingAndTooFewRequestsArePending() {
        assertThat(GateEvaluator.check(gate(0.01, null, null, null, null), Double.NaN, Double.NaN).verdict())
                .isEqualTo(GateCheck.Verdict.PENDING);
        assertThat(GateEvaluator.evaluate(java.util.List.of(gate(0.01, null, null, null, null)), null, null,
                Comparison.EMPTY, 20)).singleElement().satisfies(c -> {
                    assertThat(c.verdict()).isEqualTo(GateCheck.Verdict.PENDING);
                    assertThat(c.message()).contains("waiting for 20 candidate requests (has 0)");
                });
    }

    @Test
    void comparisonRates() {
        Comparison c = new Comparison(10, 8, 6, 2, 0.5);
        assertThat(c.agreementRate()).isEqualTo(0.75);
        assertThat(c.disagreementRate()).isEqualTo(0.25);
        assertThat(c.meanAbsScoreDiff()).isEqualTo(0.25);
        assertThat(Comparison.EMPTY.disagreementRate()).isNaN();
    }
}
