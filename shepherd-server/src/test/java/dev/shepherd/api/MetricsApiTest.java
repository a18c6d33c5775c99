package dev.shepherd.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shepherd.monitor.MonitoringSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metrics API: shapes, values against what was sent, and parameter validation. */
class MetricsApiTest {
    @TempDir
    Path dir;

    @Test
    void summaryGivesCurrentValuesPerVersionAndRoleWithFeatureAndOutputDetails() {
        try (MonitoredServer s = new MonitoredServer(dir)) {
            MetricsScrapeTest.serveTraffic(s);
            s.clock.advance(Duration.ofSeconds(5));
            TestServer.Reply r = s.get("/api/v1/deployments/loans/metrics/summary?window=5m");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode body = r.json();
            assertThat(body.get("deployment").asText()).isEqualTo("loans");
            assertThat(body.get("window").asText()).isEqualTo("5m");
            assertThat(body.get("to").asText()).isEqualTo("2026-03-02T10:00:06Z");
            assertThat(body.get("series")).hasSize(2);

            JsonNode v1 = body.at("/series/0");
            assertThat(v1.get("version").asText()).isEqualTo("v1");
            assertThat(v1.get("role").asText()).isEqualTo("primary");
            JsonNode values = v1.get("values");
            assertThat(values.get("requests").asDouble()).isEqualTo(12);
            assertThat(values.get("error_rate").asDouble()).isCloseTo(2 / 12.0, within(1e-12));
            assertThat(values.get("missing_input_fraction{feature=\"income\"}").asDouble()).isEqualTo(0.3);
            assertThat(values.get("missing_input_fraction").asDouble()).isEqualTo(0.1);
            assertThat(values.get("null_output_fraction").asDouble()).isEqualTo(0.1);
            assertThat(values.get("accuracy").asDouble()).isEqualTo(0.8);
            assertThat(values.get("feedback_rate{event=\"redo_search\"}").asDouble()).isEqualTo(0.25);
            assertThat(values.get("latency_p99_ms").asDouble()).isPositive();
            assertThat(v1.get("errors_by_code").get("invalid_input").asLong()).isEqualTo(2);
            assertThat(v1.at("/latency_ms/count").asLong()).isEqualTo(12);
            assertThat(v1.get("payload_bytes").asLong()).isPositive();

            JsonNode income = v1.at("/features/0");
            assertThat(income.get("name").asText()).isEqualTo("income");
            assertThat(income.get("type").asText()).isEqualTo("number");
            assertThat(income.get("count").asLong()).isEqualTo(100);
            assertThat(income.get("missing").asLong()).isEqualTo(30);
            assertThat(income.get("missing_fraction").asDouble()).isEqualTo(0.3);
            List<Double> incomes = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                if (i % 10 >= 3) {
                    incomes.add(20_000.0 + 1_000 * i);
                }
            }
            double mean = incomes.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            assertThat(income.at("/values/mean").asDouble()).isCloseTo(mean, within(1e-6));
            assertThat(income.at("/values/min").asDouble()).isEqualTo(incomes.getFirst());
            assertThat(income.at("/values/max").asDouble()).isEqualTo(incomes.getLast());
            double median = income.at("/values/quantiles/p50").asDouble();
            double rankError = income.at("/values/quantile_rank_error").asDouble();
            double rank = incomes.stream().filter(x -> x <= median).count() / (double) incomes.size();
            assertThat(rank).isCloseTo(0.5, within(rankError + 1.0 / incomes.size()));

            JsonNode employment = v1.at("/features/2");
            assertThat(employment.get("name").asText()).isEqualTo("employment");
            assertThat(employment.get("top_categories")).hasSize(4);
            assertThat(employment.at("/top_categories/0/fraction").asDouble()).isEqualTo(0.25);
            assertThat(employment.get("unseen_fraction").asDouble()).isZero();

            JsonNode outputs = v1.get("outputs");
            assertThat(outputs.get("predictions").asLong()).isEqualTo(100);
            assertThat(outputs.get("nulls").asLong()).isEqualTo(10);
            assertThat(outputs.get("null_fraction").asDouble()).isEqualTo(0.1);
            assertThat(outputs.at("/classes/repaid").asLong()).isEqualTo(60);
            assertThat(outputs.at("/classes/default").asLong()).isEqualTo(30);
            assertThat(outputs.at("/confidence/mean").asDouble()).isCloseTo((60 * 0.8 + 30 * 0.9) / 90, within(1e-12));
            assertThat(v1.at("/feedback/labels").asLong()).isEqualTo(5);
            assertThat(v1.at("/feedback/accuracy").asDouble()).isEqualTo(0.8);
            assertThat(v1.at("/feedback/events/redo_search").asLong()).isEqualTo(3);

            JsonNode deploymentEvents = body.at("/series/1");
            assertThat(deploymentEvents.get("version").isNull()).isTrue();
            assertThat(deploymentEvents.at("/feedback/events/switched_to_typing").asLong()).isEqualTo(1);
        }
    }

    @Test
    void seriesHasOnePointPerStepThatSawTraffic() {
        try (MonitoredServer s = new MonitoredServer(dir)) {
            for (int minute = 0; minute < 3; minute++) {
                for (int i = 0; i < 10 * (minute + 1); i++) {
                    s.predict(List.of(MonitoredServer.loan(i % 2 == 0 ? null : 50_000.0, 40, "salaried")));
                }
                s.clock.advance(Duration.ofMinutes(minute < 2 ? 1 : 0));
                s.monitoring.tick();
            }
            s.clock.advance(Duration.ofSeconds(5));
            TestServer.Reply r = s.get("/api/v1/deployments/loans/metrics?window=5m&step=1m");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode body = r.json();
            assertThat(body.get("window").asText()).isEqualTo("5m");
            assertThat(body.get("step").asText()).isEqualTo("1m");
            assertThat(body.get("from").asText()).isEqualTo("2026-03-02T09:58:00Z");
            assertThat(body.get("to").asText()).isEqualTo("2026-03-02T10:02:06Z");
            assertThat(body.get("series")).hasSize(1);
            JsonNode series = body.at("/series/0");
            assertThat(series.get("version").asText()).isEqualTo("v1");
            assertThat(series.get("role").asText()).isEqualTo("primary");
            JsonNode points = series.get("points");
            assertThat(points).as(r.body()).hasSize(3);
            for (int minute = 0; minute < 3; minute++) {
                JsonNode p = points.get(minute);
                assertThat(p.get("t").asText()).isEqualTo("2026-03-02T10:0" + minute + ":00Z");
                assertThat(p.at("/values/requests").asDouble()).isEqualTo(10 * (minute + 1));
                assertThat(p.at("/values/missing_input_fraction{feature=\"income\"}").asDouble()).isEqualTo(0.5);
            }
            assertThat(points.at("/0/values/request_rate").asDouble()).isCloseTo(10 / 60.0, within(1e-12));
            assertThat(points.at("/2/values/request_rate").asDouble()).isCloseTo(30 / 6.0, within(1e-12));
        }
    }

    @Test
    void seriesStepDefaultsToAboutSixtyPoints() {
        try (MonitoredServer s = new MonitoredServer(dir)) {
            JsonNode body = s.get("/api/v1/deployments/loans/metrics").json();
            assertThat(body.get("window").asText()).isEqualTo("1h");
            assertThat(body.get("step").asText()).isEqualTo("1m");
            assertThat(body.get("series")).isEmpty();
            assertThat(s.get("/api/v1/deployments/loans/metrics/summary").json().get("window").asText()).isEqualTo("5m");
        }
    }

    @Test
    void badWindowsAndStepsAre400sNamingTheParameter() {
        try (MonitoredServer s = new MonitoredServer(dir)) {
            String base = "/api/v1/deployments/loans/metrics";
            s.get(base + "?window=29s").assertError(400, "invalid_input", "window");
            s.get(base + "?window=31d").assertError(400, "invalid_input", "window");
            JsonNode e = s.get(base + "/summary?window=soon").assertError(400, "invalid_input", "window");
            assertThat(e.get("message").asText()).contains("'soon'");
            e = s.get(base + "?window=1h&step=5s").assertError(400, "invalid_input", "step");
            assertThat(e.get("message").asText()).contains("bucket 10s");
            s.get(base + "?window=1h&step=2h").assertError(400, "invalid_input", "step");
            e = s.get(base + "?window=30d&step=1m").assertError(400, "invalid_input", "step");
            assertThat(e.get("message").asText()).contains("43200 points", "1000");
            s.get(base + "?step=0s").assertError(400, "invalid_input", "step");
        }
    }

    @Test
    void stepMustFollowTheConfiguredBucket() {
        try (MonitoredServer s = new MonitoredServer(dir, MonitoringSettings.defaults().withBucket(Duration.ofMinutes(1)))) {
            JsonNode e = s.get("/api/v1/deployments/loans/metrics?window=1h&step=30s").assertError(400, "invalid_input", "step");
            assertThat(e.get("message").asText()).contains("bucket 1m, was 30s");
            assertThat(s.get("/api/v1/deployments/loans/metrics?window=1h&step=2m").status()).isEqualTo(200);
            s.get("/api/v1/deployments/loans/metrics/summary?window=30s").assertError(400, "invalid_input", "window");
        }
    }

    @Test
    void unknownDeploymentIs404() {
        try (MonitoredServer s = new MonitoredServer(dir)) {
            s.get("/api/v1/deployments/nope/metrics").assertError(404, "not_found", "name");
            s.get("/api/v1/deployments/nope/metrics/summary").assertError(404, "not_found", "name");
        }
    }

    @Test
    void aDeletedDeploymentKeepsItsHistory() {
        try (MonitoredServer s = new MonitoredServer(dir)) {
            s.predict(List.of(MonitoredServer.loan(50_000.0, 40, "salaried")));
            s.gateway.deleteDeployment("loans");
            s.clock.advance(Duration.ofSeconds(5));
            TestServer.Reply r = s.get("/api/v1/deployments/loans/metrics/summary");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.json().at("/series/0/requests").asLong()).isEqualTo(1);
        }
    }

    @Test
    void aServerWithoutMonitoringAnswers503AndStillExportsTheJvm() {
        try (TestServer s = new TestServer(dir)) {
            s.get("/api/v1/deployments/credit/metrics").assertError(503, "unavailable", null);
            s.get("/api/v1/deployments/credit/metrics/summary").assertError(503, "unavailable", null);
            String scrape = s.get("/metrics").body();
            assertThat(scrape).contains("jvm_memory_used_bytes").doesNotContain("shepherd_requests_total");
        }
    }
}
