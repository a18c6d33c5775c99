package dev.shepherd.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The distributions drift reports carry: both sides' shares over the reference-quantile bins and
 * the category union that the distances compare, checked on hand-made samples whose shares are
 * known exactly.
 */
class FeatureDistributionTest {
    private static final double EPS = 1e-12;

    private static FeatureProfile.Numeric numbers(String name, double... values) {
        ProfileBuilder b = new ProfileBuilder(List.of(new ProfileBuilder.Column(name, ProfileBuilder.Kind.NUMERIC)));
        for (double v : values) {
            b.row();
            b.number(0, v);
        }
        return (FeatureProfile.Numeric) b.build("t", Instant.EPOCH).features().get(name);
    }

    private static FeatureProfile.Category categories(String name, String... values) {
        ProfileBuilder b = new ProfileBuilder(List.of(new ProfileBuilder.Column(name, ProfileBuilder.Kind.CATEGORY)));
        for (String v : values) {
            b.row();
            b.category(0, v);
        }
        return (FeatureProfile.Category) b.build("t", Instant.EPOCH).features().get(name);
    }

    @Test
    void numbersFallInTheReferencesTenQuantileBins() {
        // np.quantile(1..10, i/10) = 1.9, 2.8, ..., 9.1: each reference value has a bin of its own
        FeatureProfile.Numeric ref = numbers("x", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        FeatureProfile.Numeric cur = numbers("x", 1, 1, 5, 5, 5, 12, 12, 12);
        FeatureDrift f = new DriftCalculator(DriftSettings.defaults()).feature(ref, cur, 10);
        assertThat(f.method()).isEqualTo(Method.KS);
        FeatureDistribution.Numeric d = (FeatureDistribution.Numeric) f.distribution();
        assertThat(d.edges()).containsExactly(new double[] {1, 1.9, 2.8, 3.7, 4.6, 5.5, 6.4, 7.3, 8.2, 9.1, 12},
                within(EPS));
        assertThat(d.reference()).containsExactly(new double[] {.1, .1, .1, .1, .1, .1, .1, .1, .1, .1}, within(EPS));
        assertThat(d.current()).containsExactly(new double[] {.25, 0, 0, 0, .375, 0, 0, 0, 0, .375}, within(EPS));
    }

    @Test
    void psiAndJensenShannonCompareExactlyTheseShares() {
        FeatureProfile.Numeric ref = numbers("x", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        FeatureProfile.Numeric cur = numbers("x", 1, 1, 5, 5, 5, 12, 12, 12);
        for (Method m : List.of(Method.PSI, Method.JENSEN_SHANNON)) {
            FeatureDrift f = new DriftCalculator(DriftSettings.defaults().withOverrides(Map.of(
                    "x", new DriftSettings.Override(m, null)))).feature(ref, cur, 10);
            double[] p = f.distribution().reference();
            double[] q = f.distribution().current();
            assertThat(f.score()).as(m.wireName()).isEqualTo(m == Method.PSI
                    ? Distances.psi(p, q, Distances.DEFAULT_PSI_EPSILON) : Distances.jensenShannon(p, q));
        }
    }

    @Test
    void repeatedValuesCollapseBinsAndEdges() {
        FeatureProfile.Numeric ref = numbers("x", 5, 5, 5, 5);
        FeatureProfile.Numeric cur = numbers("x", 4, 5, 6, 7);
        FeatureDistribution.Numeric d = (FeatureDistribution.Numeric) new DriftCalculator(DriftSettings.defaults())
                .feature(ref, cur, 4).distribution();
        assertThat(d.edges()).as("every quantile is 5: one inner edge, below and at-or-above it")
                .containsExactly(4, 5, 7);
        assertThat(d.reference()).containsExactly(0, 1);
        assertThat(d.current()).containsExactly(.25, .75);
    }

    @Test
    void categoriesAreTheUnionInNaturalOrder() {
        FeatureProfile.Category ref = categories("c", "a", "b", "a", "c");
        FeatureProfile.Category cur = categories("c", "d", "b", "d", "d");
        FeatureDrift f = new DriftCalculator(DriftSettings.defaults()).feature(ref, cur, 4);
        assertThat(f.method()).isEqualTo(Method.CHI_SQUARE);
        FeatureDistribution.Category d = (FeatureDistribution.Category) f.distribution();
        assertThat(d.categories()).containsExactly("a", "b", "c", "d");
        assertThat(d.reference()).containsExactly(.5, .25, .25, 0);
        assertThat(d.current()).containsExactly(0, .25, 0, .75);

        JsonNode json = DriftJson.feature(f).path("distribution");
        assertThat(json.path("kind").asText()).isEqualTo("category");
        assertThat(json.path("categories").toString()).isEqualTo("[\"a\",\"b\",\"c\",\"d\"]");
        assertThat(json.path("reference").toString()).isEqualTo("[0.5,0.25,0.25,0.0]");
        assertThat(json.path("current").toString()).isEqualTo("[0.0,0.25,0.0,0.75]");
    }

    @Test
    void aSideWithoutValuesHasNoSharesAndDifferentTypesHaveNoDistribution() {
        FeatureProfile.Numeric ref = numbers("x", 1, 2, 3, 4);
        FeatureProfile.Numeric none = numbers("x");
        DriftCalculator calc = new DriftCalculator(DriftSettings.defaults());
        FeatureDrift emptyCurrent = calc.feature(ref, none, 4);
        assertThat(emptyCurrent.note()).isEqualTo("current has no values");
        FeatureDistribution.Numeric d = (FeatureDistribution.Numeric) emptyCurrent.distribution();
        assertThat(d.reference()).hasSize(d.edges().length - 1);
        assertThat(java.util.Arrays.stream(d.reference()).sum()).isCloseTo(1, within(EPS));
        assertThat(d.current()).isEmpty();
        FeatureDistribution.Numeric noReference = (FeatureDistribution.Numeric) calc.feature(none, ref, 0).distribution();
        assertThat(noReference.edges()).isEmpty();
        assertThat(noReference.reference()).isEmpty();
        assertThat(noReference.current()).isEmpty();

        FeatureDistribution.Category c = (FeatureDistribution.Category) calc.feature(categories("c", "a", "b"),
                categories("c"), 2).distribution();
        assertThat(c.categories()).containsExactly("a", "b");
        assertThat(c.reference()).containsExactly(.5, .5);
        assertThat(c.current()).isEmpty();

        FeatureDrift mixed = calc.feature(ref, categories("x", "a"), 4);
        assertThat(mixed.distribution()).isNull();
        assertThat(DriftJson.feature(mixed).get("distribution").isNull()).isTrue();
    }

    @Test
    void theJsonHasKPlusOneEdgesAndKSharesPerSideAndTheHistoryFormLeavesThemOut() {
        Profile ref = profile(0);
        Profile cur = profile(3);
        DriftReport r = new DriftCalculator(DriftSettings.defaults()).compare(ref, cur);
        JsonNode x = DriftJson.report(r).path("features").get(0);
        assertThat(x.path("feature").asText()).isEqualTo("x");
        JsonNode d = x.path("distribution");
        assertThat(d.path("kind").asText()).isEqualTo("numeric");
        assertThat(d.path("edges").size()).isEqualTo(11);
        assertThat(d.path("reference").size()).isEqualTo(10);
        assertThat(d.path("current").size()).isEqualTo(10);
        double sum = 0;
        for (JsonNode v : d.path("current")) {
            sum += v.asDouble();
        }
        assertThat(sum).isCloseTo(1, within(1e-9));
        assertThat(DriftJson.report(r, false).path("features").get(0).has("distribution")).isFalse();
    }

    private static Profile profile(double shift) {
        ProfileBuilder b = new ProfileBuilder(List.of(new ProfileBuilder.Column("x", ProfileBuilder.Kind.NUMERIC)));
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
        for (int i = 0; i < 500; i++) {
            b.row();
            b.number(0, rnd.nextGaussian() + shift);
        }
        return b.build("t", Instant.EPOCH);
    }
}
