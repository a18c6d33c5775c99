package dev.shepherd.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.shepherd.monitor.Role;
import dev.shepherd.monitor.SeriesKey;
import dev.shepherd.schema.Prediction;
import java.time.Duration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics} of a server that served traffic with missing values, null outputs, failed
 * requests, labels and feedback events: promtool accepts it, and the values are those sent.
 */
class MetricsScrapeTest {
    private static final String[] SERIES = {"deployment", "loans", "version", "v1", "role", "primary"};

    @TempDir
    Path dir;

    /**
     * 100 instances in 10 requests: 30 % without income, 10 % aged 75 (null answer), the rest
     * answered {@code repaid} (income ≥ 20,000) or {@code default} (income missing); plus 2 refused
     * requests, 5 labels (4 correct) and 3 {@code redo_search} events.
     */
    static void serveTraffic(MonitoredServer s) {
        List<String> batch = new ArrayList<>();
        String[] employment = {"salaried", "self_employed", "unemployed", "retired"};
        for (int i = 0; i < 100; i++) {
            Double income = i % 10 < 3 ? null : 20_000.0 + 1_000 * i;
            int age = i % 10 == 9 ? 75 : 30 + i % 40;
            batch.add(MonitoredServer.loan(income, age, employment[i % 4]));
            if (batch.size() == 10) {
                s.predict(batch);
                batch.clear();
            }
        }
        for (int i = 0; i < 2; i++) {
            TestServer.Reply bad = s.postJson("/api/v1/deployments/loans/predict", "{\"income\": 1000}");
            assertThat(bad.status()).isEqualTo(400);
        }
        SeriesKey key = new SeriesKey("loans", "v1", Role.PRIMARY);
        Prediction repaid = new Prediction.ClassPrediction("repaid", new double[] {0.8, 0.2});
        for (int i = 0; i < 5; i++) {
            s.monitoring.recordLabel(key, repaid, i < 4 ? "repaid" : "default", null);
        }
        for (int i = 0; i < 3; i++) {
            s.monitoring.recordEvent(key, "redo_search", 1);
        }
        s.monitoring.recordEvent(new SeriesKey("loans", null, Role.PRIMARY), "switched_to_typing", 1);
    }

    @Test
    void promtoolAcceptsAScrapeAfterTrafficWithMissingValuesNullsErrorsAndFeedback() {
        try (MonitoredServer s = new MonitoredServer(dir)) {
            serveTraffic(s);
            s.clock.advance(Duration.ofSeconds(5));
            TestServer.Reply r = s.get("/metrics");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("Content-Type")).isEqualTo(PrometheusEndpoint.CONTENT_TYPE);
            Promtool.assertClean(r.body());
            assertThat(r.body()).contains("# TYPE shepherd_requests_total counter",
                    "# TYPE shepherd_missing_input_ratio gauge", "# HELP shepherd_latency_p99_seconds ");
        }
    }

    @Test
    void countersAndWindowValuesMatchWhatWasSent() {
        try (MonitoredServer s = new MonitoredServer(dir)) {
            serveTraffic(s);
            s.clock.advance(Duration.ofSeconds(5));
            Scrape m = Scrape.parse(s.get("/metrics").body());

            assertThat(m.value("shepherd_requests_total", SERIES)).hasValue(12);
            assertThat(m.value("shepherd_errors_total", with("code", "invalid_input"))).hasValue(2);
            assertThat(m.value("shepherd_instances_total", SERIES)).hasValue(100);
            assertThat(m.value("shepherd_missing_values_total", with("feature", "income"))).hasValue(30);
            assertThat(m.value("shepherd_missing_values_total", with("feature", "age"))).hasValue(0);
            assertThat(m.value("shepherd_predictions_total", SERIES)).hasValue(100);
            assertThat(m.value("shepherd_null_outputs_total", SERIES)).hasValue(10);
            assertThat(m.value("shepherd_class_predictions_total", with("class", "default"))).hasValue(30);
            assertThat(m.value("shepherd_class_predictions_total", with("class", "repaid"))).hasValue(60);
            assertThat(m.value("shepherd_labels_total", SERIES)).hasValue(5);
            assertThat(m.value("shepherd_correct_labels_total", SERIES)).hasValue(4);
            assertThat(m.value("shepherd_feedback_events_total", with("event", "redo_search"))).hasValue(3);
            assertThat(m.value("shepherd_feedback_events_total", "deployment", "loans", "version", "",
                    "event", "switched_to_typing")).hasValue(1);

            assertThat(m.value("shepherd_missing_input_ratio", with("feature", "income"))).hasValue(0.3);
            assertThat(m.value("shepherd_missing_input_ratio", with("feature", ""))).hasValue(0.1);
            assertThat(m.value("shepherd_null_output_ratio", SERIES)).hasValue(0.1);
            assertThat(m.value("shepherd_low_confidence_ratio", SERIES)).hasValue(0.0);
            assertThat(m.value("shepherd_accuracy_ratio", SERIES)).hasValue(0.8);
            assertThat(m.value("shepherd_error_ratio", SERIES).orElseThrow()).isCloseTo(2 / 12.0, within(1e-12));
            assertThat(m.value("shepherd_feedback_ratio", with("event", "redo_search")).orElseThrow())
                    .isCloseTo(3 / 12.0, within(1e-12));
            double p50 = m.value("shepherd_latency_p50_seconds", SERIES).orElseThrow();
            double p99 = m.value("shepherd_latency_p99_seconds", SERIES).orElseThrow();
            assertThat(p50).isPositive().isLessThan(10);
            assertThat(p99).isGreaterThanOrEqualTo(p50);
            assertThat(m.value("shepherd_latency_max_seconds", SERIES).orElseThrow()).isGreaterThanOrEqualTo(p99);
            assertThat(m.value("shepherd_model_latency_p50_seconds", SERIES)).isPresent();
            assertThat(m.value("shepherd_in_flight_requests")).hasValue(0);
        }
    }

    @Test
    void windowGaugesLeaveWhenTheLastMinuteIsQuietButCountersStay() {
        try (MonitoredServer s = new MonitoredServer(dir)) {
            serveTraffic(s);
            s.clock.advance(Duration.ofMinutes(2));
            s.monitoring.tick();
            Scrape m = Scrape.parse(s.get("/metrics").body());
            assertThat(m.find("shepherd_missing_input_ratio")).isEmpty();
            assertThat(m.find("shepherd_latency_p99_seconds")).isEmpty();
            assertThat(m.value("shepherd_requests_total", SERIES)).hasValue(12);
            assertThat(m.value("shepherd_missing_values_total", with("feature", "income"))).hasValue(30);
            Promtool.assertClean(m.text());
        }
    }

    @Test
    void capsFeaturesAndEventsPerDeployment() {
        try (MonitoredServer s = new MonitoredServer(dir)) {
            StringBuilder schema = new StringBuilder("  schema:\n    inputs:\n");
            StringBuilder record = new StringBuilder("{");
            for (int i = 0; i < 60; i++) {
                schema.append("      - {name: f").append(i).append(", type: number, required: false}\n");
                record.append(i == 0 ? "" : ", ").append("\"f").append(i).append("\": ").append(i);
            }
            schema.append("    output: {type: score}\n");
            s.apply(MonitoredServer.model("wide", "v1", MonitoredModels.ConstantScore.class.getName(), schema.toString())
                    + MonitoredServer.deployment("wide", "wide", "v1"));
            assertThat(s.postJson("/api/v1/deployments/wide/predict", record.append("}").toString()).status())
                    .isEqualTo(200);
            SeriesKey key = new SeriesKey("wide", "v1", Role.PRIMARY);
            for (int i = 0; i < MonitoringMeters.MAX_EVENTS + 5; i++) {
                s.monitoring.recordEvent(key, "event_" + i, 1);
            }
            s.clock.advance(Duration.ofSeconds(5));
            String body = s.get("/metrics").body();
            Scrape m = Scrape.parse(body);

            Set<String> features = m.find("shepherd_missing_values_total", "deployment", "wide").stream()
                    .map(x -> x.labels().get("feature")).collect(Collectors.toSet());
            assertThat(features).hasSize(MonitoringMeters.MAX_FEATURES);
            assertThat(m.find("shepherd_missing_input_ratio", "deployment", "wide")).hasSize(MonitoringMeters.MAX_FEATURES + 1);
            List<Scrape.Sample> events = m.find("shepherd_feedback_events_total", "deployment", "wide");
            assertThat(events).hasSize(MonitoringMeters.MAX_EVENTS + 1);
            assertThat(m.value("shepherd_feedback_events_total", "deployment", "wide", "event", LabelCaps.OTHER)).hasValue(5);
            assertThat(events.stream().mapToDouble(Scrape.Sample::value).sum()).isEqualTo(MonitoringMeters.MAX_EVENTS + 5);
            // the API is not capped
            assertThat(s.get("/api/v1/deployments/wide/metrics/summary").json().at("/series/0/features")).hasSize(60);
            Promtool.assertClean(body);
        }
    }

    @Test
    void requestIdsNeverBecomeLabels() {
        try (MonitoredServer s = new MonitoredServer(dir)) {
            serveTraffic(s);
            TestServer.Reply r = s.postJson("/api/v1/deployments/loans/predict", "{\"instances\": [" +
                    MonitoredServer.loan(50_000.0, 40, "salaried") + "]}");
            String requestId = r.header("X-Request-Id");
            assertThat(requestId).isNotBlank();
            assertThat(s.get("/metrics").body()).doesNotContain(requestId);
        }
    }

    /** The loans series labels plus one more pair. */
    private static String[] with(String label, String value) {
        String[] out = java.util.Arrays.copyOf(SERIES, SERIES.length + 2);
        out[SERIES.length] = label;
        out[SERIES.length + 1] = value;
        return out;
    }
}
