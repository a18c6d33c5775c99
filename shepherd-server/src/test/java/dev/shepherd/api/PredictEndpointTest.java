package dev.shepherd.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shepherd.runtime.fixtures.CreditScorer;
import dev.shepherd.runtime.fixtures.FixtureSchemas;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictEndpointTest {
    @TempDir
    static Path dir;
    static TestServer s;

    @BeforeAll
    static void start() {
        s = new TestServer(dir);
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    @Test
    void predictsOneBareRecord() {
        TestServer.Reply r = s.postJson("/api/v1/deployments/credit/predict", Requests.ONE_RECORD);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.get("request_id").asText()).isEqualTo(r.header("X-Request-Id"));
        assertThat(body.get("deployment").asText()).isEqualTo("credit");
        assertThat(body.get("model").asText()).isEqualTo("credit");
        assertThat(body.get("model_version").asText()).isEqualTo("v1");
        assertThat(r.header("X-Shepherd-Model-Version")).isEqualTo("v1");
        double p = CreditScorer.defaultProbability(FixtureSchemas.creditRow(52000, 41, 0.31, "salaried", true));
        JsonNode pred = body.get("predictions").get(0);
        assertThat(pred.at("/probabilities/default").asDouble()).isCloseTo(p, within(1e-12));
        assertThat(pred.at("/probabilities/repaid").asDouble()).isCloseTo(1 - p, within(1e-12));
        assertThat(pred.get("label").asText()).isEqualTo(p > 0.5 ? "default" : "repaid");
    }

    @Test
    void predictsABatchInOrder() {
        TestServer.Reply r = s.postJson("/api/v1/deployments/credit/predict", Requests.TWO_INSTANCES);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode preds = r.json().get("predictions");
        assertThat(preds).hasSize(2);
        double p1 = CreditScorer.defaultProbability(FixtureSchemas.creditRow(18000, 23, null, "unemployed", false));
        assertThat(preds.get(1).at("/probabilities/default").asDouble()).isCloseTo(p1, within(1e-12));
    }

    @Test
    void acceptsJsonWithCharsetAndWithoutContentType() {
        assertThat(s.post("/api/v1/deployments/credit/predict", "application/json; charset=UTF-8", Requests.ONE_RECORD)
                .status()).isEqualTo(200);
        assertThat(s.post("/api/v1/deployments/credit/predict", null, Requests.ONE_RECORD).status()).isEqualTo(200);
    }

    @Test
    void echoesASaneRequestId() {
        TestServer.Reply r = s.send(HttpRequest.newBuilder(s.uri("/api/v1/deployments/credit/predict"))
                .header("X-Request-Id", "trace:abc-123.X_y").POST(HttpRequest.BodyPublishers.ofString(Requests.ONE_RECORD)));
        assertThat(r.header("X-Request-Id")).isEqualTo("trace:abc-123.X_y");
        assertThat(r.json().get("request_id").asText()).isEqualTo("trace:abc-123.X_y");
    }

    @Test
    void replacesAnInsaneRequestIdWithAUuid() {
        for (String insane : new String[] {"has space", "x".repeat(129), "semi;colon", "<script>"}) {
            TestServer.Reply r = s.send(HttpRequest.newBuilder(s.uri("/v2/health/live")).header("X-Request-Id", insane));
            assertThat(r.header("X-Request-Id")).isNotEqualTo(insane)
                    .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        }
    }

    @Test
    void generatesARequestIdWhenNoneIsSent() {
        TestServer.Reply a = s.get("/v2/health/live");
        TestServer.Reply b = s.get("/v2/health/live");
        assertThat(a.header("X-Request-Id")).isNotBlank().isNotEqualTo(b.header("X-Request-Id"));
    }

    @Test
    void requestIdReachesThePredictionLog() throws InterruptedException {
        s.send(HttpRequest.newBuilder(s.uri("/api/v1/deployments/credit/predict"))
                .header("X-Request-Id", "logged-1").POST(HttpRequest.BodyPublishers.ofString(Requests.ONE_RECORD)));
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (s.store.predictions().find("logged-1").isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(s.store.predictions().find("logged-1")).hasValueSatisfying(e -> {
            assertThat(e.deployment()).isEqualTo("credit");
            assertThat(e.outcome()).isEqualTo("ok");
        });
        JsonNode stats = s.get("/api/v1/stats").json();
        assertThat(stats.at("/prediction_log/accepted").asLong()).isPositive();
    }
}
