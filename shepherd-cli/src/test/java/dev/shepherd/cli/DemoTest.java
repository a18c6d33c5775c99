package dev.shepherd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.predictionlog.PredictionEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's pieces against a real node: real ONNX models, real HTTP, real SQLite. */
class DemoTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void trainsServesAndAnswersOipWithClassProbabilities() throws Exception {
        Path data = dir.resolve("data");
        List<String> shas = new java.util.ArrayList<>();
        try (Node node = Node.start(new Node.Options(data, "127.0.0.1", 0, dev.shepherd.serving.ServingLimits.defaults(), 1.0, List.of()))) {
            DemoModels.ensure(node.gateway(), data, Clock.systemUTC(), System.out);
            assertThat(node.store().models().versions("loan-default")).extracting(m -> m.version()).containsExactly("v1", "v2");
            shas.addAll(node.store().models().versions("loan-default").stream().map(m -> m.version() + "@" + m.sha256()).toList());
            assertThat(node.store().models().find("loan-default", "v1")).get()
                    .satisfies(m -> assertThat(m.provenance().source()).isEqualTo("demo-trainer"));

            String body = """
                    {"id": "demo-1", "inputs": [
                      {"name": "income", "datatype": "FP64", "shape": [2], "data": [48000, 23000]},
                      {"name": "age", "datatype": "INT64", "shape": [2], "data": [41, 23]},
                      {"name": "debt_ratio", "datatype": "FP64", "shape": [2], "data": [0.21, null]},
                      {"name": "employment", "datatype": "BYTES", "shape": [2], "data": ["salaried", "unemployed"]},
                      {"name": "region", "datatype": "BYTES", "shape": [2], "data": ["north", "east"]}]}""";
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(node.url() + "/v2/models/loan-default/infer"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode out = JSON.readTree(r.body());
            assertThat(out.path("model_version").asText()).isEqualTo("v1");
            JsonNode probs = null;
            for (JsonNode o : out.path("outputs")) {
                if (o.path("name").asText().equals("probabilities")) {
                    probs = o;
                }
            }
            assertThat(probs).isNotNull();
            assertThat(probs.path("shape").toString()).isEqualTo("[2,2]");
            double p0 = probs.path("data").get(0).asDouble() + probs.path("data").get(1).asDouble();
            assertThat(p0).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));

            try (DemoTraffic traffic = new DemoTraffic(node.url(), "loan-default",
                    () -> new DemoTraffic.Applicant(java.util.Map.of("income", 30000.0, "age", 30L, "employment", "salaried",
                            "region", "west"), "repaid")).start(50)) {
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (traffic.stats().ok() < 20 && System.nanoTime() < deadline) {
                    Thread.sleep(20); // polling real I/O with a deadline
                }
                assertThat(traffic.stats().ok()).isGreaterThanOrEqualTo(20);
                assertThat(traffic.stats().failed()).isZero();
            }
            String requestId = r.headers().firstValue("X-Request-Id").orElseThrow();
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (node.store().predictions().find(requestId).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20); // the log writer flushes in the background
            }
            PredictionEvent logged = node.store().predictions().find(requestId).orElseThrow();
            assertThat(logged.version()).isEqualTo("v1");
            assertThat(logged.batchSize()).isEqualTo(2);
        }
        // Move the data directory, then restart on it: every version and the deployment are still
        // there, loaded from the store alone, and the demo does not retrain.
        Path moved = dir.resolve("moved-data");
        java.nio.file.Files.move(data, moved);
        data = moved;
        try (Node node = Node.start(Node.Options.defaults(data, 0))) {
            assertThat(node.store().models().versions("loan-default")).extracting(m -> m.version() + "@" + m.sha256())
                    .containsExactlyElementsOf(shas);
            assertThat(node.gateway().status("loan-default")).get().satisfies(s -> {
                assertThat(s.ready()).isTrue();
                assertThat(s.serving().version()).isEqualTo("v1");
            });
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            DemoModels.ensure(node.gateway(), data, Clock.systemUTC(), new java.io.PrintStream(out, true));
            assertThat(out.toString()).contains("v1 already registered").contains("v2 already registered")
                    .doesNotContain("trained");
        }
    }
}
