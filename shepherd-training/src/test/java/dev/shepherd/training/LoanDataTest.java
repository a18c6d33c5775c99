package dev.shepherd.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.shepherd.schema.FeatureType;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LoanDataTest {
    private static final int N = 20_000;

    @Test
    void isDeterministicPerSeed() {
        LabelledData a = LoanData.generate(500, 7, 0.5);
        LabelledData b = LoanData.generate(500, 7, 0.5);
        LabelledData c = LoanData.generate(500, 8, 0.5);
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.rows().get(i)).containsExactly(b.rows().get(i));
        }
        assertThat(a.labels()).isEqualTo(b.labels());
        assertThat(a.labels()).isNotEqualTo(c.labels());
        assertThat(a.description()).isEqualTo("LoanData(rows=500, seed=7, shift=0.50)");
    }

    @Test
    void schemaDeclaresTheAdvertisedInputsAndOutput() {
        var schema = LoanData.schema();
        assertThat(schema.inputs()).extracting(f -> f.name())
                .containsExactly("income", "age", "debt_ratio", "employment", "region");
        assertThat(schema.inputs()).extracting(f -> f.type()).containsExactly(FeatureType.NUMBER,
                FeatureType.INTEGER, FeatureType.NUMBER, FeatureType.CATEGORY, FeatureType.CATEGORY);
        assertThat(schema.inputs().get(2).required()).isFalse();
        assertThat(schema.output().labels()).containsExactly("repaid", "default");
    }

    @Test
    void valuesHaveTheDeclaredTypesAndRanges() {
        LabelledData d = LoanData.generate(N, 1);
        for (Object[] row : d.rows()) {
            assertThat((Double) row[0]).isPositive();
            assertThat((Long) row[1]).isBetween(18L, 80L);
            if (row[2] != null) {
                assertThat((Double) row[2]).isBetween(0.0, 1.5);
            }
            assertThat(LoanData.EMPLOYMENT).contains((String) row[3]);
            assertThat(LoanData.REGIONS).contains((String) row[4]);
        }
        double medianIncome = d.rows().stream().mapToDouble(r -> (Double) r[0]).sorted().skip(N / 2).findFirst().orElseThrow();
        assertThat(medianIncome).isBetween(40_000.0, 50_000.0);
    }

    @Test
    void debtRatioIsMissingAtTheAdvertisedRate() {
        LabelledData d = LoanData.generate(N, 2);
        double missing = d.rows().stream().filter(r -> r[2] == null).count() / (double) N;
        // binomial standard error sqrt(0.07 * 0.93 / 20000) = 0.0018; allow 4 of them
        assertThat(missing).isCloseTo(LoanData.DEBT_RATIO_MISSING_RATE, within(0.0072));
    }

    @Test
    void baselineDefaultRateIsAboutTwentyNinePercentAndTheShiftRaisesIt() {
        double baseline = defaultRate(LoanData.generate(N, 3, 0));
        double shifted = defaultRate(LoanData.generate(N, 3, 1));
        assertThat(baseline).isCloseTo(0.29, within(0.02));
        assertThat(shifted).isCloseTo(0.47, within(0.02));
    }

    @Test
    void shiftRaisesDebtRatiosAndLowersIncomes() {
        LabelledData base = LoanData.generate(N, 4, 0);
        LabelledData later = LoanData.generate(N, 4, 1);
        assertThat(mean(later, 2) - mean(base, 2)).isBetween(0.10, 0.16);
        assertThat(mean(later, 0) / mean(base, 0)).isBetween(0.85, 0.97);
    }

    @Test
    void rejectsABadShift() {
        assertThatThrownBy(() -> LoanData.generate(10, 1, 1.5)).hasMessageContaining("shift");
    }

    @Test
    void recordsRoundTrip() {
        LabelledData d = LoanData.generate(50, 5);
        LabelledData back = LabelledData.fromRecords(d.schema(), d.records("label"), "label", "copy");
        for (int i = 0; i < d.size(); i++) {
            assertThat(Arrays.asList(back.rows().get(i))).isEqualTo(Arrays.asList(d.rows().get(i)));
        }
        assertThat(back.labels()).isEqualTo(d.labels());
    }

    @Test
    void concatenatesPeriods() {
        LabelledData both = LoanData.generate(30, 1).concat(LoanData.generate(20, 2, 1), "both");
        assertThat(both.size()).isEqualTo(50);
        assertThat(both.labels().subList(30, 50)).isEqualTo(LoanData.generate(20, 2, 1).labels());
        assertThat(both.description()).isEqualTo("both");
    }

    private static double defaultRate(LabelledData d) {
        return d.labels().stream().filter(LoanData.DEFAULT::equals).count() / (double) d.size();
    }

    private static double mean(LabelledData d, int column) {
        return d.rows().stream().filter(r -> r[column] != null).mapToDouble(r -> ((Number) r[column]).doubleValue())
                .average().orElseThrow();
    }
}
