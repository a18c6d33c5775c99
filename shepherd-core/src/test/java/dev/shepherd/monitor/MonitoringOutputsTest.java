package dev.shepherd.monitor;

import static dev.shepherd.monitor.Observations.label;
import static dev.shepherd.monitor.Observations.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.shepherd.schema.FeatureSpec;
import dev.shepherd.schema.FeatureType;
import dev.shepherd.schema.ModelSchema;
import dev.shepherd.schema.OutputSpec;
import dev.shepherd.schema.Prediction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MonitoringOutputsTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final SeriesKey KEY = new SeriesKey("loans", "v1", Role.PRIMARY);
    private static final ModelSchema SCHEMA = new ModelSchema(List.of(FeatureSpec.of("income", FeatureType.NUMBER),
            FeatureSpec.optional("debt_ratio", FeatureType.NUMBER)), OutputSpec.classes(List.of("repaid", "default")));
    private static final Object[] ROW = {50_000.0, null};

    private final MutableClock clock = new MutableClock(T0);
    private final Monitoring monitoring = new Monitoring(clock, MonitoringSettings.defaults(), new InMemoryMetricsStore());

    private SeriesStats window() {
        return monitoring.window("loans", T0, T0.plusSeconds(10)).get(KEY);
    }

    @Test
    void nullFractionClassMixAndLowConfidenceAreExact() {
        for (int i = 0; i < 600; i++) {
            double p = i < 150 ? 0.55 : 0.8;
            monitoring.record(KEY, SCHEMA, one(SCHEMA, ROW, label(i % 3 == 0 ? "default" : "repaid", p, 1 - p)));
        }
        for (int i = 0; i < 30; i++) {
            monitoring.record(KEY, SCHEMA, one(SCHEMA, ROW, new Prediction.NullPrediction("model returned null")));
        }
        for (int i = 0; i < 20; i++) {
            monitoring.record(KEY, SCHEMA, one(SCHEMA, ROW, label("repaid", Double.NaN, Double.NaN)));
        }

        OutputStats out = window().outputs();

        assertThat(out.predictions()).isEqualTo(650);
        assertThat(out.nulls()).isEqualTo(50);
        assertThat(out.nullFraction()).isEqualTo(50.0 / 650);
        assertThat(out.classCounts()).containsExactly(Map.entry("repaid", 400L), Map.entry("default", 200L));
        assertThat(out.lowConfidence()).isEqualTo(150);
        assertThat(out.lowConfidenceFraction()).isEqualTo(0.25);
        assertThat(out.confidence().mean()).isCloseTo((150 * 0.55 + 450 * 0.8) / 600, within(1e-12));
    }

    @Test
    void scoresAreSummarizedAndNonFiniteScoresAreNull() {
        ModelSchema regressor = new ModelSchema(SCHEMA.inputs(), OutputSpec.score());
        for (double score : new double[] {1, 2, 3, 4, Double.NaN}) {
            monitoring.record(KEY, regressor, one(regressor, ROW, new Prediction.ScorePrediction(score)));
        }

        OutputStats out = window().outputs();

        assertThat(out.scores().count()).isEqualTo(4);
        assertThat(out.scores().mean()).isEqualTo(2.5);
        assertThat(out.scores().quantile(0.5)).isEqualTo(2.0);
        assertThat(out.nullFraction()).isEqualTo(0.2);
    }

    @Test
    void latencyQuantilesAreWithinHdrHistogramPrecision() {
        List<Integer> millis = new ArrayList<>();
        for (int i = 1; i <= 1000; i++) {
            millis.add(i);
        }
        Collections.shuffle(millis, new Random(3));
        for (int ms : millis) {
            monitoring.record(KEY, SCHEMA, Observations.timed(SCHEMA, ROW, label("repaid", 0.9, 0.1),
                    ms * 1_000_000L, ms * 500_000L));
        }

        SeriesStats s = window();

        // Nearest rank of 1..1000 ms: p50 = 500 ms, p90 = 900 ms, p99 = 990 ms, max = 1000 ms.
        assertHdrClose(s.latency().p50(), 0.500);
        assertHdrClose(s.latency().p90(), 0.900);
        assertHdrClose(s.latency().p99(), 0.990);
        assertHdrClose(s.latency().max(), 1.000);
        assertHdrClose(s.modelLatency().p99(), 0.495);
        assertThat(s.latency().count()).isEqualTo(1000);
        assertThat(s.values().get(MetricNames.LATENCY_P99_MS)).isCloseTo(990, within(990e-3));
    }

    private static void assertHdrClose(double seconds, double exact) {
        assertThat(seconds).isCloseTo(exact, within(exact * 1e-3 + 1e-6));
    }

    @Test
    void labelsGiveExactAccuracyAndMae() {
        for (int i = 0; i < 7; i++) {
            monitoring.recordLabel(KEY, label("repaid", 0.9, 0.1), "repaid", null);
        }
        monitoring.recordLabel(KEY, label("repaid", 0.9, 0.1), "default", null);
        monitoring.recordLabel(KEY, label("default", 0.4, 0.6), "repaid", null);
        monitoring.recordLabel(KEY, new Prediction.NullPrediction("timeout"), "repaid", null);
        SeriesKey regressor = new SeriesKey("loans", "v2", Role.SHADOW);
        monitoring.recordLabel(regressor, new Prediction.ScorePrediction(10), null, 12.0);
        monitoring.recordLabel(regressor, new Prediction.ScorePrediction(10), null, 9.0);
        monitoring.recordLabel(regressor, new Prediction.ScorePrediction(-1), null, 2.5);
        monitoring.recordLabel(regressor, new Prediction.NullPrediction("NaN"), null, 2.5);

        Map<SeriesKey, SeriesStats> w = monitoring.window("loans", T0, T0.plusSeconds(10));

        FeedbackStats cls = w.get(KEY).feedback();
        assertThat(cls.labels()).isEqualTo(10);
        assertThat(cls.correct()).isEqualTo(7);
        assertThat(cls.accuracy()).isEqualTo(0.7);
        FeedbackStats reg = w.get(regressor).feedback();
        assertThat(reg.regressionLabels()).isEqualTo(3);
        assertThat(reg.unscoredLabels()).isEqualTo(1);
        assertThat(reg.mae()).isEqualTo((2 + 1 + 3.5) / 3);
        assertThat(w.get(regressor).values()).containsEntry(MetricNames.MAE, (2 + 1 + 3.5) / 3)
                .doesNotContainKey(MetricNames.ACCURACY);
    }

    @Test
    void eventsGiveExactRatesPerRequest() {
        for (int i = 0; i < 20; i++) {
            monitoring.record(KEY, SCHEMA, one(SCHEMA, ROW, label("repaid", 0.9, 0.1)));
        }
        for (int i = 0; i < 3; i++) {
            monitoring.recordEvent(KEY, "redo_search", 1);
        }
        monitoring.recordEvent(KEY, "switched_to_typing", 2.5);

        FeedbackStats f = window().feedback();

        assertThat(f.events()).containsExactly(Map.entry("redo_search", 3L), Map.entry("switched_to_typing", 1L));
        assertThat(f.eventRate("redo_search")).isEqualTo(0.15);
        assertThat(f.eventRate("switched_to_typing")).isEqualTo(0.05);
        assertThat(f.eventRate("never")).isZero();
        assertThat(f.eventValues()).containsEntry("switched_to_typing", 2.5);
    }

    @Test
    void errorsAreCountedByCode() {
        for (int i = 0; i < 8; i++) {
            monitoring.record(KEY, SCHEMA, one(SCHEMA, ROW, label("repaid", 0.9, 0.1)));
        }
        monitoring.record(KEY, SCHEMA, Observations.failed("timeout"));
        monitoring.record(KEY, SCHEMA, Observations.failed("invalid_input"));

        SeriesStats s = window();

        assertThat(s.requests()).isEqualTo(10);
        assertThat(s.instances()).isEqualTo(8);
        assertThat(s.errorsByCode()).containsOnly(Map.entry("timeout", 1L), Map.entry("invalid_input", 1L));
        assertThat(s.errorRate()).isEqualTo(0.2);
        assertThat(s.throughput()).isEqualTo(1.0);
        assertThat(s.batchSizeMean()).isEqualTo(1.0);
        assertThat(s.payloadBytes()).isEqualTo(8 * 100 + 2 * 50);
    }

    @Test
    void headlineValuesUseTheSharedVocabulary() {
        for (int i = 0; i < 10; i++) {
            monitoring.record(KEY, SCHEMA, one(SCHEMA, new Object[] {1.0, i < 4 ? null : 0.5},
                    label("repaid", i < 2 ? 0.5 : 0.9, 0.1)));
        }
        monitoring.record(KEY, SCHEMA, Observations.failed("timeout"));
        monitoring.recordLabel(KEY, label("repaid", 0.9, 0.1), "repaid", null);
        monitoring.recordEvent(KEY, "redo_search", 1);
        clock.advance(Duration.ofSeconds(5));

        Map<String, Double> v = monitoring.window("loans", T0, T0.plusSeconds(5)).get(KEY).values();

        assertThat(v).containsEntry("requests", 11.0)
                .containsEntry("request_rate", 11 / 5.0)
                .containsEntry("error_rate", 1 / 11.0)
                .containsEntry("missing_input_fraction", 4 / 20.0)
                .containsEntry("missing_input_fraction{feature=\"debt_ratio\"}", 0.4)
                .containsEntry("missing_input_fraction{feature=\"income\"}", 0.0)
                .containsEntry("null_output_fraction", 0.0)
                .containsEntry("low_confidence_fraction", 0.2)
                .containsEntry("accuracy", 1.0)
                .containsEntry("feedback_rate{event=\"redo_search\"}", 1 / 11.0)
                .containsKeys("latency_p50_ms", "latency_p99_ms", "model_latency_p99_ms", "batch_size_mean");
        assertThat(v.keySet()).allSatisfy(k -> assertThat(MetricNames.describe(k)).isPresent());
        assertThat(v.values()).noneMatch(x -> x.isNaN());
    }
}
