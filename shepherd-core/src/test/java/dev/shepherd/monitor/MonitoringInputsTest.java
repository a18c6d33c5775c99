package dev.shepherd.monitor;

import static dev.shepherd.monitor.Observations.label;
import static dev.shepherd.monitor.Observations.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.within;

import dev.shepherd.schema.Batch;
import dev.shepherd.schema.FeatureSpec;
import dev.shepherd.schema.FeatureType;
import dev.shepherd.schema.ModelSchema;
import dev.shepherd.schema.OutputSpec;
import dev.shepherd.schema.Prediction;
import dev.shepherd.schema.Tensor;
import dev.shepherd.schema.TensorMedia;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MonitoringInputsTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final SeriesKey KEY = new SeriesKey("loans", "v1", Role.PRIMARY);
    private static final Prediction REPAID = label("repaid", 0.9, 0.1);

    private final MutableClock clock = new MutableClock(T0);
    private final Monitoring monitoring = new Monitoring(clock, MonitoringSettings.defaults(), new InMemoryMetricsStore());

    private SeriesStats window() {
        Map<SeriesKey, SeriesStats> w = monitoring.window("loans", T0, clock.instant().plusSeconds(10));
        assertThat(w).containsOnlyKeys(KEY);
        return w.get(KEY);
    }

    @Test
    void numbersComeBackWithExactMomentsAndMissingFractionAndQuantilesWithinTheKllRankError() {
        ModelSchema schema = new ModelSchema(List.of(
                FeatureSpec.of("income", FeatureType.NUMBER),
                FeatureSpec.of("age", FeatureType.INTEGER),
                FeatureSpec.optional("debt_ratio", FeatureType.NUMBER)), OutputSpec.classes(List.of("repaid", "default")));
        SplittableRandom rnd = new SplittableRandom(42);
        int n = 30_000;
        double[] income = new double[n];
        double[] age = new double[n];
        List<Double> debt = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (i > 0 && i % 10_000 == 0) {
                clock.advance(Duration.ofSeconds(10));
                monitoring.tick();
            }
            income[i] = Math.exp(10.6 + 0.5 * gaussian(rnd));
            age[i] = 18 + rnd.nextInt(63);
            Double d = rnd.nextInt(5) == 0 ? null : rnd.nextDouble(0, 0.9);
            if (d != null) {
                debt.add(d);
            }
            monitoring.record(KEY, schema, one(schema, new Object[] {income[i], (long) age[i], d}, REPAID));
        }

        SeriesStats s = window();

        assertThat(s.requests()).isEqualTo(n);
        assertThat(s.instances()).isEqualTo(n);
        FeatureStats inc = s.features().get("income");
        assertThat(inc.count()).isEqualTo(n);
        assertThat(inc.missing()).isZero();
        assertThat(inc.mean()).isCloseTo(Observations.mean(income), within(1e-9 * Observations.mean(income)));
        assertThat(inc.std()).isCloseTo(Observations.std(income), within(1e-9 * Observations.std(income)));
        assertThat(inc.min()).isEqualTo(Arrays.stream(income).min().orElseThrow());
        assertThat(inc.max()).isEqualTo(Arrays.stream(income).max().orElseThrow());
        assertThat(s.features().get("age").mean()).isCloseTo(Observations.mean(age), within(1e-9));

        double[] sorted = income.clone();
        Arrays.sort(sorted);
        double eps = inc.quantileRankError();
        assertThat(eps).isBetween(0.005, 0.02);
        for (double q : new double[] {0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99}) {
            double v = inc.quantile(q);
            assertThat(Observations.rankWithin(sorted, v, q, eps)).as("rank of the %s-quantile %s", q, v).isTrue();
        }

        FeatureStats dr = s.features().get("debt_ratio");
        long missing = n - debt.size();
        assertThat(dr.missing()).isEqualTo(missing);
        assertThat(dr.missingFraction()).isEqualTo((double) missing / n);
        double[] d = debt.stream().mapToDouble(Double::doubleValue).toArray();
        assertThat(dr.mean()).isCloseTo(Observations.mean(d), within(1e-9));
        assertThat(s.missingInputFraction()).isEqualTo((double) missing / (3L * n));
        assertThat(s.requestMissingFractionMean()).isCloseTo((double) missing / (3L * n), within(1e-12));
    }

    @Test
    void skewedCategoriesGiveExactTopKAndUnseenFraction() {
        List<String> declared = IntStream.range(0, 10).mapToObj(i -> "c" + i).toList();
        ModelSchema schema = new ModelSchema(List.of(new FeatureSpec("kind", FeatureType.CATEGORY, false, declared,
                List.of(), TensorMedia.NONE, 0)), OutputSpec.classes(List.of("repaid", "default")));
        double[] weights = IntStream.range(0, 30).mapToDouble(i -> 1.0 / (i + 1)).toArray();
        double total = Arrays.stream(weights).sum();
        SplittableRandom rnd = new SplittableRandom(7);
        Map<String, Long> exact = new HashMap<>();
        long unseen = 0;
        long missing = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            String v = null;
            if (rnd.nextInt(50) != 0) {
                double u = rnd.nextDouble() * total;
                int c = 0;
                while (c < weights.length - 1 && (u -= weights[c]) > 0) {
                    c++;
                }
                v = "c" + c;
                exact.merge(v, 1L, Long::sum);
                if (c >= 10) {
                    unseen++;
                }
            } else {
                missing++;
            }
            monitoring.record(KEY, schema, one(schema, new Object[] {v}, REPAID));
        }

        FeatureStats kind = window().features().get("kind");

        List<FeatureStats.CategoryCount> expected = exact.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(20).map(e -> new FeatureStats.CategoryCount(e.getKey(), e.getValue())).toList();
        assertThat(kind.topCategories()).containsExactlyElementsOf(expected);
        assertThat(kind.categoryMaxError()).isZero();
        assertThat(kind.missing()).isEqualTo(missing);
        assertThat(kind.unseen()).isEqualTo(unseen);
        assertThat(kind.unseenFraction()).isEqualTo((double) unseen / (n - missing));
    }

    @Test
    void textLengthsImageBrightnessAndAudioLevelsAreExactForSmallKnownValues() {
        ModelSchema schema = new ModelSchema(List.of(
                FeatureSpec.of("comment", FeatureType.TEXT),
                new FeatureSpec("photo", FeatureType.TENSOR, true, List.of(), List.of(2, 2), TensorMedia.IMAGE, 0),
                new FeatureSpec("voice", FeatureType.TENSOR, true, List.of(), List.of(-1, -1), TensorMedia.AUDIO, 0),
                FeatureSpec.tensor("embedding", List.of(-1))), OutputSpec.classes(List.of("repaid", "default")));
        monitoring.record(KEY, schema, one(schema, new Object[] {"abc",
                new Tensor(new int[] {2, 2}, new double[] {0, 0, 255, 255}, "UINT8"),
                new Tensor(new int[] {1, 4}, new double[] {0.5, -0.5, 0.5, -0.5}, "FP32"),
                Tensor.of(1, 2, 3)}, REPAID));
        monitoring.record(KEY, schema, one(schema, new Object[] {"hello world",
                new Tensor(new int[] {2, 2}, new double[] {10, 20, 30, 40}, "UINT8"),
                new Tensor(new int[] {2, 3}, new double[] {3, 4, 0, 0, 0, 0}, "FP32"),
                Tensor.of(1, 2, 3, 4, 5)}, REPAID));

        SeriesStats s = window();

        FeatureStats text = s.features().get("comment");
        assertThat(text.length().mean()).isEqualTo(7.0);
        assertThat(text.length().max()).isEqualTo(11.0);
        FeatureStats photo = s.features().get("photo");
        assertThat(photo.media()).isEqualTo(TensorMedia.IMAGE);
        assertThat(photo.brightness().count()).isEqualTo(2);
        assertThat(photo.brightness().min()).isEqualTo(25.0);
        assertThat(photo.brightness().max()).isEqualTo(127.5);
        assertThat(photo.brightness().mean()).isEqualTo(76.25);
        assertThat(photo.volume().mean()).isEqualTo(4.0);
        FeatureStats voice = s.features().get("voice");
        assertThat(voice.rms().min()).isEqualTo(0.5);
        assertThat(voice.rms().max()).isEqualTo(Math.sqrt(25.0 / 6));
        assertThat(voice.duration().min()).isEqualTo(3.0);
        assertThat(voice.duration().max()).isEqualTo(4.0);
        FeatureStats emb = s.features().get("embedding");
        assertThat(emb.length().mean()).isEqualTo(4.0);
        assertThat(emb.volume().max()).isEqualTo(5.0);
        assertThat(emb.values()).isSameAs(Distribution.EMPTY);
    }

    @Test
    void oddDataIsCountedAsMissingOrNullAndNeverThrows() {
        ModelSchema schema = new ModelSchema(List.of(FeatureSpec.of("x", FeatureType.NUMBER),
                FeatureSpec.of("y", FeatureType.NUMBER)), OutputSpec.score());
        List<Object[]> rows = new ArrayList<>();
        rows.add(new Object[] {"not a number", Double.NaN});
        rows.add(new Object[] {1.0});
        rows.add(new Object[0]);
        rows.add(new Object[] {Double.POSITIVE_INFINITY, 2});
        List<Prediction> answers = new ArrayList<>();
        answers.add(null);
        answers.add(new Prediction.ScorePrediction(Double.NaN));
        answers.add(new Prediction.ClassPrediction(null, null));
        answers.add(new Prediction.ClassPrediction("a", null));

        assertThatCode(() -> {
            monitoring.record(KEY, schema, new RequestObservation(new Batch(schema, rows), answers, null, -5, -1, -3));
            monitoring.record(KEY, null, new RequestObservation(new Batch(schema, rows), null, "ok", 0, 0, 0));
            monitoring.record(null, schema, one(schema, new Object[] {1.0, 2.0}, REPAID));
            monitoring.record(new SeriesKey(null, null, null), schema, one(schema, new Object[] {1.0, 2.0}, REPAID));
            monitoring.record(KEY, schema, null);
            monitoring.recordLabel(KEY, null, null, null);
            monitoring.recordEvent(KEY, null, 1);
            monitoring.recordEvent(KEY, "x".repeat(10_000), Double.NaN);
        }).doesNotThrowAnyException();

        SeriesStats s = window();
        assertThat(monitoring.failures()).isZero();
        assertThat(s.requests()).isEqualTo(2);
        assertThat(s.features().get("x").missing()).isEqualTo(3);
        assertThat(s.features().get("x").mean()).isEqualTo(1.0);
        assertThat(s.features().get("y").missing()).isEqualTo(3);
        assertThat(s.features().get("y").mean()).isEqualTo(2.0);
        assertThat(s.outputs().predictions()).isEqualTo(4);
        assertThat(s.outputs().nulls()).isEqualTo(3);
        assertThat(s.outputs().classCounts()).containsExactly(Map.entry("a", 1L));
        assertThat(s.feedback().labels()).isEqualTo(1);
        assertThat(s.feedback().events()).hasSize(1);
        assertThat(s.feedback().events().keySet().iterator().next()).hasSize(NamedCounts.MAX_NAME);
    }

    @Test
    void featuresBeyondTheDeploymentCapGetNoStatistics() {
        Monitoring capped = new Monitoring(clock, new MonitoringSettings(Duration.ofSeconds(10), Duration.ofHours(1),
                0.6, 2, 20), MetricsStore.none());
        ModelSchema v1 = new ModelSchema(List.of(FeatureSpec.of("a", FeatureType.NUMBER),
                FeatureSpec.of("b", FeatureType.NUMBER), FeatureSpec.of("c", FeatureType.NUMBER)), OutputSpec.score());
        ModelSchema v2 = new ModelSchema(List.of(FeatureSpec.of("d", FeatureType.NUMBER),
                FeatureSpec.of("b", FeatureType.NUMBER)), OutputSpec.score());
        capped.record(KEY, v1, one(v1, new Object[] {1.0, 2.0, null}, REPAID));
        SeriesKey second = new SeriesKey("loans", "v2", Role.CANDIDATE);
        capped.record(second, v2, one(v2, new Object[] {1.0, 2.0}, REPAID));

        Map<SeriesKey, SeriesStats> w = capped.window("loans", T0, T0.plusSeconds(10));

        assertThat(w.get(KEY).features()).containsOnlyKeys("a", "b");
        assertThat(w.get(KEY).missingInputFraction()).isZero();
        assertThat(w.get(second).features()).containsOnlyKeys("b");
    }

    private static double gaussian(SplittableRandom rnd) {
        double u = rnd.nextDouble();
        double v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }
}
