package dev.shepherd.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shepherd.runtime.fixtures.CreditScorer;
import dev.shepherd.runtime.fixtures.FixtureSchemas;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OipEndpointsTest {
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
    void liveAndReadyAnswer200() {
        TestServer.Reply live = s.get("/v2/health/live");
        assertThat(live.status()).isEqualTo(200);
        assertThat(live.json().get("live").asBoolean()).isTrue();
        TestServer.Reply ready = s.get("/v2/health/ready");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().get("ready").asBoolean()).isTrue();
        assertThat(ready.header("X-Request-Id")).isNotBlank();
    }

    @Test
    void serverMetadataNamesShepherd() {
        JsonNode meta = s.get("/v2").json();
        assertThat(meta.get("name").asText()).isEqualTo("shepherd");
        assertThat(meta.get("version").asText()).isNotBlank();
        assertThat(meta.get("extensions").isArray()).isTrue();
    }

    @Test
    void modelMetadataDescribesTheServingVersion() {
        TestServer.Reply r = s.get("/v2/models/credit");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode meta = r.json();
        assertThat(meta.get("name").asText()).isEqualTo("credit");
        assertThat(meta.get("versions")).extracting(JsonNode::asText).containsExactly("v1");
        assertThat(meta.get("platform").asText()).isEqualTo("java");
        assertThat(meta.get("inputs")).extracting(n -> n.get("name").asText())
                .containsExactly("income", "age", "debt_ratio", "employment", "has_collateral");
        assertThat(meta.get("outputs")).extracting(n -> n.get("name").asText()).contains("label", "probabilities");
        assertThat(s.get("/v2/models/credit/versions/v1").json()).isEqualTo(meta);
    }

    @Test
    void modelReadyByNameAndVersion() {
        TestServer.Reply r = s.get("/v2/models/credit/ready");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("ready").asBoolean()).isTrue();
        assertThat(s.get("/v2/models/credit/versions/v1/ready").status()).isEqualTo(200);
        s.get("/v2/models/credit/versions/v9/ready").assertError(404, "not_found", "version");
        s.get("/v2/models/nope/ready").assertError(404, "not_found", "name");
        s.get("/v2/models/nope").assertError(404, "not_found", "name");
        s.get("/v2/models/credit/versions/v9").assertError(404, "not_found", "version");
    }

    @Test
    void inferReturnsLabelsAndProbabilitiesOfEveryRow() {
        TestServer.Reply r = s.postJson("/v2/models/credit/infer", Requests.OIP_TWO_ROWS);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.header("X-Shepherd-Model-Version")).isEqualTo("v1");
        JsonNode body = r.json();
        assertThat(body.get("model_name").asText()).isEqualTo("credit");
        assertThat(body.get("model_version").asText()).isEqualTo("v1");
        assertThat(body.get("id").asText()).isEqualTo("oip-7");
        JsonNode probs = output(body, "probabilities");
        assertThat(probs.get("shape")).extracting(JsonNode::asInt).containsExactly(2, 2);
        double p0 = CreditScorer.defaultProbability(FixtureSchemas.creditRow(52000, 41, 0.31, "salaried", true));
        double p1 = CreditScorer.defaultProbability(FixtureSchemas.creditRow(18000, 23, null, "unemployed", false));
        JsonNode data = probs.get("data");
        assertThat(data.get(0).asDouble()).isCloseTo(1 - p0, within(1e-12));
        assertThat(data.get(1).asDouble()).isCloseTo(p0, within(1e-12));
        assertThat(data.get(3).asDouble()).isCloseTo(p1, within(1e-12));
        assertThat(output(body, "label").get("data")).extracting(JsonNode::asText)
                .containsExactly(p0 > 0.5 ? "default" : "repaid", p1 > 0.5 ? "default" : "repaid");
    }

    @Test
    void inferAddressedToTheServedVersion() {
        TestServer.Reply r = s.postJson("/v2/models/credit/versions/v1/infer", Requests.OIP_TWO_ROWS);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("model_version").asText()).isEqualTo("v1");
        s.postJson("/v2/models/credit/versions/v2/infer", Requests.OIP_TWO_ROWS).assertError(404, "not_found", "version");
    }

    @Test
    void responseIdIsTheRequestIdWhenTheRequestHasNone() {
        String body = Requests.OIP_TWO_ROWS.replace("\"id\": \"oip-7\",", "");
        TestServer.Reply r = s.send(HttpRequest.newBuilder(s.uri("/v2/models/credit/infer"))
                .header("X-Request-Id", "caller-42").POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.header("X-Request-Id")).isEqualTo("caller-42");
        assertThat(r.json().get("id").asText()).isEqualTo("caller-42");
    }

    @Test
    void requestedOutputsAreTheOnlyOnesReturned() {
        String body = Requests.OIP_TWO_ROWS.strip();
        body = body.substring(0, body.length() - 1) + ", \"outputs\": [{\"name\": \"label\"}]}";
        TestServer.Reply r = s.postJson("/v2/models/credit/infer", body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("outputs")).extracting(n -> n.get("name").asText()).containsExactly("label");
    }

    @Test
    void fiftyConcurrentInferCallsAllSucceed() {
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            calls.add(s.client.sendAsync(HttpRequest.newBuilder(s.uri("/v2/models/credit/infer"))
                    .header("Content-Type", "application/json").header("X-Request-Id", "concurrent-" + i)
                    .POST(HttpRequest.BodyPublishers.ofString(Requests.OIP_TWO_ROWS)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (int i = 0; i < calls.size(); i++) {
            HttpResponse<String> r = calls.get(i).join();
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("X-Request-Id")).hasValue("concurrent-" + i);
            assertThat(r.body()).contains("probabilities");
        }
    }

    private static JsonNode output(JsonNode body, String name) {
        for (JsonNode o : body.get("outputs")) {
            if (o.get("name").asText().equals(name)) {
                return o;
            }
        }
        throw new AssertionError("no output " + name + " in " + body);
    }
}
