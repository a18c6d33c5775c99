package dev.shepherd.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad request is a 4xx in the one error shape, and the server keeps serving. */
class BadInputTest {
    private static final String PREDICT = "/api/v1/deployments/credit/predict";
    private static final String INFER = "/v2/models/credit/infer";

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

    @AfterEach
    void serverStillServes() {
        s.assertServes();
    }

    @Test
    void malformedJsonIs400WithLineAndColumn() {
        JsonNode e = s.postJson(PREDICT, "{\"instances\": [{\"income\": 5200,\n \"age\": }]}")
                .assertError(400, "malformed_body", "instances[0].age");
        assertThat(e.get("message").asText()).contains("line 2, column");
    }

    @Test
    void truncatedJsonIs400() {
        s.postJson(PREDICT, "{\"instances\": [{\"income\": 52").assertError(400, "malformed_body", "instances[0].income");
    }

    @Test
    void trailingContentIs400() {
        s.postJson(PREDICT, Requests.ONE_RECORD + " {}").assertError(400, "malformed_body", "body");
    }

    @Test
    void invalidUtf8Is400() {
        byte[] bytes = "{\"income\": \"\u00ff\"}".getBytes(StandardCharsets.ISO_8859_1);
        s.send(HttpRequest.newBuilder(s.uri(PREDICT)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))).assertError(400, "malformed_body", "income");
    }

    @Test
    void wrongContentTypeIs415() {
        s.post(PREDICT, "text/plain", Requests.ONE_RECORD).assertError(415, "unsupported_media_type", "Content-Type");
        s.post(INFER, "application/x-www-form-urlencoded", Requests.OIP_TWO_ROWS)
                .assertError(415, "unsupported_media_type", "Content-Type");
    }

    @Test
    void bodyOverTheLimitWithContentLengthIs413() {
        String big = "{\"income\": \"" + "x".repeat((int) TestServer.LIMITS.maxBodyBytes()) + "\"}";
        // Expect: 100-continue, as careful clients send large bodies: the 413 comes before the
        // body, so the answer cannot be lost to a reset while the client is still uploading.
        s.send(java.net.http.HttpRequest.newBuilder(s.uri(PREDICT)).expectContinue(true)
                        .header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(big)))
                .assertError(413, "payload_too_large", "body");
    }

    @Test
    void chunkedBodyOverTheLimitIs413() {
        byte[] big = ("{\"income\": \"" + "x".repeat((int) TestServer.LIMITS.maxBodyBytes()) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        TestServer.Reply r = s.send(HttpRequest.newBuilder(s.uri(INFER)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))));
        r.assertError(413, "payload_too_large", "body");
    }

    @Test
    void emptyBodyIs400() {
        s.postJson(PREDICT, "").assertError(400, "malformed_body", "body");
        s.postJson(INFER, "  \n ").assertError(400, "malformed_body", "body");
    }

    @Test
    void deeplyNestedJsonIs400() {
        String deep = "{\"income\": " + "[".repeat(200) + "]".repeat(200) + "}";
        JsonNode e = s.postJson(PREDICT, deep).assertError(400, "malformed_body", "body");
        assertThat(e.get("message").asText()).containsIgnoringCase("nesting depth");
    }

    @Test
    void hugeNumberIs400() {
        s.postJson(PREDICT, "{\"income\": " + "9".repeat(5000) + "}").assertError(400, "malformed_body", "body");
    }

    @Test
    void hugeStringIs400() {
        String huge = "{\"employment\": \"" + "a".repeat(dev.shepherd.schema.Values.MAX_STRING + 10) + "\"}";
        s.postJson(PREDICT, huge).assertError(400, "malformed_body", "body");
    }

    @Test
    void nonFiniteNumbersAre400() {
        s.postJson(PREDICT, "{\"income\": NaN, \"age\": 40}").assertError(400, "malformed_body", "income");
        s.postJson(PREDICT, "{\"income\": Infinity, \"age\": 40}").assertError(400, "malformed_body", "income");
        s.postJson(PREDICT, "{\"income\": 1e999, \"age\": 41, \"employment\": \"salaried\", \"has_collateral\": true}")
                .assertError(400, "invalid_input", "income");
    }

    @Test
    void duplicateKeysAre400() {
        JsonNode e = s.postJson(PREDICT, "{\"instances\": [{\"income\": 1, \"income\": 2}]}")
                .assertError(400, "malformed_body", "instances[0].income");
        assertThat(e.get("message").asText()).contains("Duplicate");
    }

    @Test
    void batchAboveTheMaximumIs400() {
        s.postJson(PREDICT, Requests.instances(TestServer.LIMITS.maxBatch() + 1)).assertError(400, "invalid_input", "instances");
        int n = TestServer.LIMITS.maxBatch() + 1;
        String oip = "{\"inputs\": [{\"name\": \"income\", \"datatype\": \"FP64\", \"shape\": [" + n + "], \"data\": ["
                + "1,".repeat(n - 1) + "1]}]}";
        TestServer.Reply r = s.postJson(INFER, oip);
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().at("/error/code").asText()).isEqualTo("invalid_input");
        assertThat(r.json().at("/error/field").asText()).startsWith("inputs");
    }

    @Test
    void emptyBatchIs400() {
        s.postJson(PREDICT, "{\"instances\": []}").assertError(400, "invalid_input", "instances");
    }

    @Test
    void wrongValueTypeNamesTheField() {
        s.postJson(PREDICT, "{\"instances\": [{\"income\": \"lots\", \"age\": 41, \"employment\": \"salaried\", \"has_collateral\": true}]}")
                .assertError(400, "invalid_input", "instances[0].income");
        s.postJson(PREDICT, "{\"income\": 5, \"age\": 41, \"employment\": \"salaried\", \"has_collateral\": true, \"incme\": 1}")
                .assertError(400, "invalid_input", "incme");
        s.postJson(PREDICT, "[1, 2]").assertError(400, "invalid_input", "body");
    }

    @Test
    void wrongTensorDatatypeOrShapeIs400() {
        s.postJson(INFER, Requests.OIP_TWO_ROWS.replace("\"datatype\": \"INT64\"", "\"datatype\": \"BYTES\""))
                .assertError(400, "invalid_input", "inputs[1].datatype");
        s.postJson(INFER, Requests.OIP_TWO_ROWS.replace("\"shape\": [2], \"data\": [41, 23]", "\"shape\": [3], \"data\": [41, 23]"))
                .assertError(400, "invalid_input", "inputs[1].shape");
        s.postJson(INFER, "{\"inputs\": 5}").assertError(400, "invalid_input", "inputs");
    }

    @Test
    void unknownDeploymentOrVersionIs404() {
        s.postJson("/api/v1/deployments/nope/predict", Requests.ONE_RECORD).assertError(404, "not_found", "name");
        s.postJson("/v2/models/nope/infer", Requests.OIP_TWO_ROWS).assertError(404, "not_found", "name");
        s.postJson("/v2/models/credit/versions/v7/infer", Requests.OIP_TWO_ROWS).assertError(404, "not_found", "version");
    }

    @Test
    void unknownRouteIs404AndWrongMethodIs405() {
        s.get("/v3/whatever").assertError(404, "not_found", null);
        TestServer.Reply r = s.postJson("/v2/health/live", "{}");
        r.assertError(405, "method_not_allowed", null);
        assertThat(r.header("Allow")).contains("GET");
        s.get("/v2/models/credit/infer").assertError(405, "method_not_allowed", null);
    }
}
