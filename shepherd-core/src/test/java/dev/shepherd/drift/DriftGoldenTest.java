package dev.shepherd.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Drift statistics against SciPy and NumPy golden values ({@code src/test/resources/drift/golden.py},
 * seeded, run with Debian's python3-scipy): to 1e-9 (p-values: also 1e-9 relative) on exact
 * samples, and within the sketches' stated bounds on KLL sketches of the same data.
 */
class DriftGoldenTest {
    private static final double EXACT = 1e-9;
    private static final JsonNode GOLDEN = load();

    private static JsonNode load() {
        try (InputStream in = DriftGoldenTest.class.getResourceAsStream("/drift/golden.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<JsonNode> numeric() {
        return stream(GOLDEN.get("numeric"));
    }

    static Stream<JsonNode> category() {
        return stream(GOLDEN.get("category"));
    }

    static Stream<JsonNode> largeNumeric() {
        return numeric().filter(c -> c.get("ref").size() > 1000);
    }

    private static Stream<JsonNode> stream(JsonNode arr) {
        return java.util.stream.StreamSupport.stream(arr.spliterator(), false);
    }

    private static double[] doubles(JsonNode arr) {
        double[] out = new double[arr.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = arr.get(i).asDouble();
        }
        return out;
    }

    private static void closeP(double actual, double expected) {
        assertThat(Math.abs(actual - expected)).as("p %s vs SciPy %s", actual, expected)
                .isLessThanOrEqualTo(Math.max(EXACT * Math.abs(expected), expected > 1e-12 ? EXACT : 1e-300));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("numeric")
    void exactNumericStatisticsMatchScipy(JsonNode c) {
        ExactSample ref = new ExactSample(doubles(c.get("ref")));
        ExactSample cur = new ExactSample(doubles(c.get("cur")));
        TestResult ks = NumericStatistics.ks(ref, cur);
        assertThat(ks.statistic()).isCloseTo(c.get("ks_statistic").asDouble(), Offset.offset(EXACT));
        closeP(ks.pValue(), c.get("ks_pvalue").asDouble());
        assertThat(NumericStatistics.wasserstein(ref, cur)).isCloseTo(c.get("wasserstein").asDouble(),
                Offset.offset(EXACT * Math.max(1, c.get("wasserstein").asDouble())));
        double[] edges = NumericStatistics.binEdges(ref, 10);
        assertThat(edges).containsExactly(doubles(c.get("edges")), Offset.offset(EXACT));
        double[] rb = NumericStatistics.binProbabilities(ref, edges);
        double[] cb = NumericStatistics.binProbabilities(cur, edges);
        assertThat(rb).containsExactly(doubles(c.get("ref_bins")), Offset.offset(EXACT));
        assertThat(cb).containsExactly(doubles(c.get("cur_bins")), Offset.offset(EXACT));
        assertThat(Distances.psi(rb, cb, 1e-4)).isCloseTo(c.get("psi").asDouble(), Offset.offset(EXACT));
        assertThat(Distances.jensenShannon(rb, cb)).isCloseTo(c.get("js").asDouble(), Offset.offset(EXACT));

        // and through the calculator, which also norms the Wasserstein distance
        Profile rp = profile(ref);
        Profile cp = profile(cur);
        DriftCalculator calc = new DriftCalculator(DriftSettings.defaults().withOverrides(Map.of(
                "x", new DriftSettings.Override(Method.WASSERSTEIN_NORMED, null))));
        assertThat(calc.compare(rp, cp).features().getFirst().score()).isCloseTo(c.get("wasserstein_normed").asDouble(),
                Offset.offset(EXACT * Math.max(1, c.get("wasserstein_normed").asDouble())));
    }

    private static Profile profile(NumericSample s) {
        return new Profile("test", java.time.Instant.EPOCH, s.count(),
                Map.of("x", new FeatureProfile.Numeric("x", 0, s, Double.NaN, Double.NaN)));
    }

    private static SketchSample sketch(double[] values) {
        ProfileBuilder b = new ProfileBuilder(List.of(new ProfileBuilder.Column("x", ProfileBuilder.Kind.NUMERIC)), 0);
        for (double v : values) {
            b.number(0, v);
        }
        return (SketchSample) ((FeatureProfile.Numeric) b.build("t", java.time.Instant.EPOCH).features().get("x")).sample();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("largeNumeric")
    void sketchedNumericStatisticsStayWithinTheirBounds(JsonNode c) {
        double[] r = doubles(c.get("ref"));
        double[] u = doubles(c.get("cur"));
        SketchSample ref = sketch(r);
        SketchSample cur = sketch(u);
        assertThat(ref.exact()).isFalse();
        double eps = ref.rankError() + cur.rankError();
        assertThat(eps).isBetween(0.01, 0.04);
        TestResult ks = NumericStatistics.ks(ref, cur);
        assertThat(ks.statistic()).isCloseTo(c.get("ks_statistic").asDouble(), Offset.offset(eps));
        double range = Math.max(Stream.of(r, u).flatMapToDouble(java.util.Arrays::stream).max().orElseThrow()
                - Stream.of(r, u).flatMapToDouble(java.util.Arrays::stream).min().orElseThrow(), 0);
        assertThat(NumericStatistics.wasserstein(ref, cur)).isCloseTo(c.get("wasserstein").asDouble(),
                Offset.offset(eps * range));
        // bins from the sketch's quantiles: every share within twice the rank errors of the exact one
        ExactSample exactRef = new ExactSample(r);
        double[] edges = NumericStatistics.binEdges(ref, 10);
        double[] exactShares = NumericStatistics.binProbabilities(exactRef, edges);
        double[] shares = NumericStatistics.binProbabilities(ref, edges);
        for (int i = 0; i < shares.length; i++) {
            assertThat(shares[i]).isCloseTo(exactShares[i], Offset.offset(2 * ref.rankError()));
        }
        // the distances over those bins: empirically close to SciPy's (no proven bound)
        double[] rb = NumericStatistics.binProbabilities(ref, edges);
        double[] cb = NumericStatistics.binProbabilities(cur, edges);
        assertThat(Distances.jensenShannon(rb, cb)).isCloseTo(c.get("js").asDouble(), Offset.offset(0.03));
        assertThat(Distances.psi(rb, cb, 1e-4)).isCloseTo(c.get("psi").asDouble(), Offset.offset(0.03));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("category")
    void categoryStatisticsMatchScipy(JsonNode c) {
        Map<String, Long> ref = counts(c.get("ref_counts"));
        Map<String, Long> cur = counts(c.get("cur_counts"));
        String[] cats = CategoryStatistics.categories(ref, cur);
        long[] rc = CategoryStatistics.counts(ref, cats);
        long[] cc = CategoryStatistics.counts(cur, cats);
        TestResult chi = CategoryStatistics.chiSquare(rc, cc);
        assertThat(chi.statistic()).isCloseTo(c.get("chi2").asDouble(), Offset.offset(EXACT * Math.max(1, c.get("chi2").asDouble())));
        closeP(chi.pValue(), c.get("chi2_pvalue").asDouble());
        double[] rp = CategoryStatistics.probabilities(rc);
        double[] cp = CategoryStatistics.probabilities(cc);
        assertThat(Distances.jensenShannon(rp, cp)).isCloseTo(c.get("js").asDouble(), Offset.offset(EXACT));
        assertThat(Distances.psi(rp, cp, 1e-4)).isCloseTo(c.get("psi").asDouble(), Offset.offset(EXACT));
        assertThat(Distances.lInfinity(rp, cp)).isCloseTo(c.get("linf").asDouble(), Offset.offset(EXACT));
    }

    private static Map<String, Long> counts(JsonNode o) {
        Map<String, Long> m = new HashMap<>();
        o.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asLong()));
        return m;
    }
}
