package dev.shepherd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.monitor.SeriesKey;
import dev.shepherd.monitor.SeriesStats;
import dev.shepherd.runtime.fixtures.CreditScorer;
import dev.shepherd.runtime.fixtures.FixtureSchemas;
import dev.shepherd.serving.ServingLimits;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feedback over real HTTP against a real node (SQLite store, monitoring with its tick): labels
 * are joined to logged predictions and become accuracy, events become rates, bad feedback is a 4xx
 * naming the problem, and labels and metric history survive a restart.
 */
class FeedbackEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    record Reply(int status, JsonNode body, String requestId) {
    }

    private Reply post(Node node, String path, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(node.url() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body().isBlank() ? JSON.nullNode() : JSON.readTree(r.body()),
                r.headers().firstValue("X-Request-Id").orElse(null));
    }

    private Node start(Path data, Path config) {
        return Node.start(new Node.Options(data, "127.0.0.1", 0, ServingLimits.defaults(), 1.0,
                config == null ? List.of() : List.of(config)));
    }

    @Test
    void labelsAndEventsBecomeMetricsAndSurviveARestart() throws Exception {
        Path data = dir.resolve("data");
        Path config = dir.resolve("credit.yaml");
        Files.writeString(config, FixtureSchemas.creditModelYaml("v1", CreditScorer.class.getName()) + "---\n"
                + FixtureSchemas.creditDeploymentYaml("v1"));
        Instant from = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
        List<String> ids = new ArrayList<>();
        List<String> predicted = new ArrayList<>();
        try (Node node = start(data, config)) {
            for (int i = 0; i < 10; i++) {
                Reply r = post(node, "/api/v1/deployments/credit/predict", "{\"income\": " + (20_000 + i * 9_000)
                        + ", \"age\": 40, \"employment\": \"salaried\", \"has_collateral\": " + (i % 2 == 0) + "}");
                assertThat(r.status()).isEqualTo(200);
                ids.add(r.requestId());
                predicted.add(r.body().at("/predictions/0/label").asText());
            }
            // Label 8 of 10 with what the model said and 2 with the other class: accuracy 0.8.
            for (int i = 0; i < 10; i++) {
                String truth = i < 8 ? predicted.get(i) : (predicted.get(i).equals("repaid") ? "default" : "repaid");
                Reply r = post(node, "/api/v1/feedback", "{\"request_id\": \"" + ids.get(i) + "\", \"label\": \"" + truth + "\"}");
                assertThat(r.status()).as(r.body().toString()).isEqualTo(201);
                assertThat(r.body().path("joined").asBoolean()).isTrue();
            }
            Reply again = post(node, "/api/v1/feedback", "{\"request_id\": \"" + ids.get(0) + "\", \"label\": \"" + predicted.get(0) + "\"}");
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.body().path("status").asText()).isEqualTo("duplicate");
            String other = predicted.get(0).equals("repaid") ? "default" : "repaid";
            assertError(post(node, "/api/v1/feedback", "{\"request_id\": \"" + ids.get(0) + "\", \"label\": \"" + other + "\"}"),
                    409, "conflict", "label");
            assertThat(post(node, "/api/v1/feedback", "{\"event\": \"redo_search\", \"request_id\": \"" + ids.get(1) + "\"}").status())
                    .isEqualTo(201);
            assertThat(post(node, "/api/v1/feedback", "{\"event\": \"switched_to_typing\", \"deployment\": \"credit\"}").status())
                    .isEqualTo(201);

            // Bad feedback: a 4xx that names the problem, and nothing is recorded.
            assertError(post(node, "/api/v1/feedback", "{\"request_id\": \"no-such-request\", \"label\": \"repaid\"}"),
                    404, "not_found", "request_id");
            assertError(post(node, "/api/v1/feedback", "{\"label\": \"repaid\"}"), 400, "invalid_input", "request_id");
            assertError(post(node, "/api/v1/feedback", "{\"request_id\": 42, \"label\": \"repaid\"}"), 400, "invalid_input", "request_id");
            assertError(post(node, "/api/v1/feedback", "{\"request_id\": \"" + ids.get(2) + "\", \"label\": 7}"),
                    400, "invalid_input", "label");
            assertError(post(node, "/api/v1/feedback", "{\"event\": \"redo search!\", \"deployment\": \"credit\"}"),
                    400, "invalid_input", "event");
            assertError(post(node, "/api/v1/feedback", "{\"event\": \"redo_search\"}"), 400, "invalid_input", null);
            assertError(post(node, "/api/v1/feedback", "{\"event\": \"redo_search\", \"deployment\": \"nope\"}"),
                    404, "not_found", "deployment");
            assertError(post(node, "/api/v1/feedback", "{not json"), 400, "malformed_body", null);
            assertThat(node.store().feedback().findLabels(ids.get(2))).singleElement()
                    .satisfies(l -> assertThat(l.label()).isEqualTo(predicted.get(2)));
            assertThat(node.store().feedback().labels("credit", 100)).hasSize(10);

            SeriesStats s = window(node, from);
            assertThat(s.requests()).isEqualTo(10);
            assertThat(s.feedback().labels()).isEqualTo(10);
            assertThat(s.feedback().accuracy()).isEqualTo(0.8);
            assertThat(s.feedback().events()).containsEntry("redo_search", 1L).containsEntry("switched_to_typing", 1L);

            HttpResponse<String> summary = http.send(HttpRequest.newBuilder(URI.create(node.url()
                    + "/api/v1/deployments/credit/metrics/summary?window=5m")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(summary.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(summary.body()).at("/series/0/values/accuracy").asDouble()).isEqualTo(0.8);
        }
        // Restart on the same data directory: labels and the metric history are still there.
        try (Node node = start(data, null)) {
            assertThat(node.store().feedback().findLabels(ids.get(9))).hasSize(1);
            SeriesStats s = window(node, from);
            assertThat(s.requests()).isEqualTo(10);
            assertThat(s.feedback().labels()).isEqualTo(10);
            assertThat(s.feedback().accuracy()).isEqualTo(0.8);
        }
    }

    private static SeriesStats window(Node node, Instant from) {
        Map<SeriesKey, SeriesStats> w = node.monitoring().window("credit", from, Instant.now().plusSeconds(60));
        return w.entrySet().stream().filter(e -> "v1".equals(e.getKey().version())).map(Map.Entry::getValue)
                .findFirst().orElseThrow(() -> new AssertionError("no v1 series in " + w.keySet()));
    }

    private static void assertError(Reply r, int status, String code, String field) {
        assertThat(r.status()).as(r.body().toString()).isEqualTo(status);
        assertThat(r.body().at("/error/code").asText()).isEqualTo(code);
        if (field != null) {
            assertThat(r.body().at("/error/field").asText()).isEqualTo(field);
        }
    }
}
