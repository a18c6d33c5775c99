package dev.shepherd.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad Open Inference Protocol requests are 4xx in the one error shape, naming the field, and the
 * server keeps serving: non-finite numbers, empty batches, deep nesting, a huge declared shape,
 * wrong tensor shapes and datatypes, unknown requested outputs (rejected before the model runs).
 */
class OipBadInputTest {
    private static final String CREDIT = "/v2/models/credit/infer";
    private static final String PIXELS = "/v2/models/pixels/infer";
    private static final String GOOD_PIXELS = """
            {"name": "pixels", "datatype": "FP32", "shape": [1, 2, 2], "data": [[[1, 2], [3, 4]]]}""";

    @TempDir
    static Path dir;
    static TestServer s;

    @BeforeAll
    static void start() {
        s = new TestServer(dir);
        String config = TensorModels.config("pixels");
        s.gateway.apply(s.parser.parse(config, dir, "test"));
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    @AfterEach
    void serverStillServes() {
        s.assertServes();
        TestServer.Reply r = s.postJson(PIXELS, pixels(GOOD_PIXELS));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().at("/outputs/0/data/0").asDouble()).isEqualTo(10.0);
    }

    @Test
    void nanAndInfinityTokensAreMalformedJson() {
        for (String token : new String[] {"NaN", "Infinity", "-Infinity"}) {
            String body = Requests.OIP_TWO_ROWS.replace("\"data\": [52000, 18000]", "\"data\": [" + token + ", 18000]");
            assertThat(body).contains(token);
            JsonNode e = s.postJson(CREDIT, body).assertError(400, "malformed_body", "inputs[0].data[0]");
            assertThat(e.get("message").asText()).as(token).contains(token.replace("-", ""));
        }
    }

    @Test
    void theStringNanIsNotANumber() {
        String body = Requests.OIP_TWO_ROWS.replace("\"data\": [52000, 18000]", "\"data\": [\"NaN\", 18000]");
        JsonNode e = s.postJson(CREDIT, body).assertError(400, "invalid_input", "inputs[0].data[0]");
        assertThat(e.get("message").asText()).contains("income").contains("\"NaN\"");
    }

    @Test
    void anEmptyBatchIs400() {
        String body = """
                {"inputs": [{"name": "income", "datatype": "FP64", "shape": [0], "data": []}]}""";
        JsonNode e = s.postJson(CREDIT, body).assertError(400, "invalid_input", "inputs[0].shape");
        assertThat(e.get("message").asText()).contains("batch size 0");
    }

    @Test
    void dataNestedBeyondTheParsersLimitIsMalformed() {
        String deep = "[".repeat(Bodies.MAX_DEPTH + 10) + "1" + "]".repeat(Bodies.MAX_DEPTH + 10);
        String body = "{\"inputs\": [{\"name\": \"income\", \"datatype\": \"FP64\", \"shape\": [1], \"data\": " + deep + "}]}";
        JsonNode e = s.postJson(CREDIT, body).assertError(400, "malformed_body", "body");
        assertThat(e.get("message").asText()).containsIgnoringCase("nesting depth");
    }

    @Test
    void dataNestedDeeperThanItsShapeIs400() {
        String deep = "[".repeat(30) + "1" + "]".repeat(30);
        String body = "{\"inputs\": [{\"name\": \"income\", \"datatype\": \"FP64\", \"shape\": [1], \"data\": " + deep + "}]}";
        JsonNode e = s.postJson(CREDIT, body).assertError(400, "invalid_input", "inputs[0].data[0]");
        assertThat(e.get("message").asText()).contains("nested deeper than its shape");
    }

    @Test
    void aHugeDeclaredShapeWithTinyDataIs400() {
        String body = pixels(GOOD_PIXELS + """
                , {"name": "embedding", "datatype": "FP32", "shape": [1, 16000000], "data": [0.5]}""");
        JsonNode e = s.postJson(PIXELS, body).assertError(400, "invalid_input", "inputs[1].data");
        assertThat(e.get("message").asText()).contains("needs 16000000 values, data has 1");

        String nested = pixels(GOOD_PIXELS + """
                , {"name": "embedding", "datatype": "FP32", "shape": [1, 16000000], "data": [[0.5]]}""");
        s.postJson(PIXELS, nested).assertError(400, "invalid_input", "inputs[1].data[0]");

        String overLimit = pixels(GOOD_PIXELS + """
                , {"name": "embedding", "datatype": "FP32", "shape": [1, 100000000], "data": [0.5]}""");
        s.postJson(PIXELS, overLimit).assertError(400, "invalid_input", "inputs[1].shape");
    }

    @Test
    void aTensorOfTheWrongShapeIs400() {
        String flat = pixels("""
                {"name": "pixels", "datatype": "FP32", "shape": [1, 3], "data": [1, 2, 3]}""");
        s.postJson(PIXELS, flat).assertError(400, "invalid_input", "inputs[0].shape");
        String wrongSize = pixels("""
                {"name": "pixels", "datatype": "FP32", "shape": [1, 2, 3], "data": [1, 2, 3, 4, 5, 6]}""");
        JsonNode e = s.postJson(PIXELS, wrongSize).assertError(400, "invalid_input", "inputs[0].shape");
        assertThat(e.get("message").asText()).contains("[2, 3]").contains("[2, 2]");
        String ragged = pixels("""
                {"name": "pixels", "datatype": "FP32", "shape": [1, 2, 2], "data": [[[1, 2], [3]]]}""");
        s.postJson(PIXELS, ragged).assertError(400, "invalid_input", "inputs[0].data[0][1]");
    }

    @Test
    void aStringDatatypeForANumberIs400() {
        String body = Requests.OIP_TWO_ROWS.replace("\"name\": \"income\", \"datatype\": \"FP64\"",
                "\"name\": \"income\", \"datatype\": \"BYTES\"");
        JsonNode e = s.postJson(CREDIT, body).assertError(400, "invalid_input", "inputs[0].datatype");
        assertThat(e.get("message").asText()).contains("income").contains("BYTES");
        String tensor = pixels("""
                {"name": "pixels", "datatype": "BYTES", "shape": [1, 2, 2], "data": ["a", "b", "c", "d"]}""");
        s.postJson(PIXELS, tensor).assertError(400, "invalid_input", "inputs[0].datatype");
    }

    @Test
    void anUnknownRequestedOutputIs400BeforeTheModelRuns() {
        int calls = TensorModels.Sum.CALLS.get();
        String body = pixels(GOOD_PIXELS).strip();
        body = body.substring(0, body.length() - 1) + ", \"outputs\": [{\"name\": \"logits\"}]}";
        JsonNode e = s.postJson(PIXELS, body).assertError(400, "invalid_input", "outputs[0].name");
        assertThat(e.get("message").asText()).contains("logits").contains("score");
        assertThat(TensorModels.Sum.CALLS.get()).isEqualTo(calls);

        // the broken model would answer 500 if it ran
        String credit = Requests.OIP_TWO_ROWS.strip();
        credit = credit.substring(0, credit.length() - 1) + ", \"outputs\": [{\"name\": \"label\"}, {\"name\": \"logits\"}]}";
        s.postJson("/v2/models/broken/infer", credit).assertError(400, "invalid_input", "outputs[1].name");
        s.postJson("/v2/models/broken/infer", credit.replace("\"outputs\": [", "\"outputs\": 7, \"x\": ["))
                .assertError(400, "invalid_input", "outputs");
    }

    private static String pixels(String inputs) {
        return "{\"inputs\": [" + inputs + "]}";
    }
}
