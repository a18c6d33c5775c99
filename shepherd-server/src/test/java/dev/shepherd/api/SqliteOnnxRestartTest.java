package dev.shepherd.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.registry.ModelVersion;
import dev.shepherd.runtime.Runtimes;
import dev.shepherd.runtime.onnx.OnnxModelLoader;
import dev.shepherd.schema.FeatureSpec;
import dev.shepherd.schema.ModelSchema;
import dev.shepherd.store.sqlite.SqliteStore;
import dev.shepherd.training.LoanData;
import dev.shepherd.training.TabularTrainer;
import dev.shepherd.training.TrainedModel;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on real parts: two ONNX versions trained by Tribuo, registered and deployed over
 * HTTP on the SQLite store, switched from v1 to v2, and still there, still serving v2, after the
 * server and gateway are stopped and a new pair opens the same data directory.
 */
class SqliteOnnxRestartTest {
    /** One applicant of the loan schema, as an OIP request and as a row of the schema. */
    private static final String REQUEST = """
            {"inputs": [
              {"name": "income", "datatype": "FP64", "shape": [1], "data": [52000]},
              {"name": "age", "datatype": "INT64", "shape": [1], "data": [41]},
              {"name": "debt_ratio", "datatype": "FP64", "shape": [1], "data": [0.45]},
              {"name": "employment", "datatype": "BYTES", "shape": [1], "data": ["self_employed"]},
              {"name": "region", "datatype": "BYTES", "shape": [1], "data": ["south"]}
            ]}""";
    private static final Object[] ROW = {52_000.0, 41L, 0.45, "self_employed", "south"};

    @TempDir
    Path dir;

    @Test
    void versionsAndTheDeploymentSurviveARestartAndKeepServingV2() {
        Path data = dir.resolve("data");
        TrainedModel v1 = TabularTrainer.logisticRegression().train(LoanData.generate(1500, 1), dir.resolve("loan-v1.onnx"));
        TrainedModel v2 = TabularTrainer.logisticRegression().train(LoanData.generate(3000, 2, 0.5),
                dir.resolve("loan-v2.onnx"));
        double[] expected1 = v1.classifier().probabilities(ROW);
        double[] expected2 = v2.classifier().probabilities(ROW);
        assertThat(expected2[1]).as("the two versions must answer differently").isNotCloseTo(expected1[1], within(1e-3));

        try (LiveServer s = open(data)) {
            TestServer.Reply r1 = s.postJson("/api/v1/models", document(v1.toVersion("loan", "v1", "test-trainer", Instant.now())));
            assertThat(r1.status()).as(r1.body()).isEqualTo(201);
            assertThat(r1.json().get("sha256").asText()).isEqualTo(v1.sha256());
            TestServer.Reply r2 = s.postJson("/api/v1/models", document(v2.toVersion("loan", "v2", "test-trainer", Instant.now())));
            assertThat(r2.status()).as(r2.body()).isEqualTo(201);

            TestServer.Reply deployed = s.putJson("/api/v1/deployments/loan", "{\"model\": \"loan\", \"serving\": \"v1\"}");
            assertThat(deployed.status()).as(deployed.body()).isEqualTo(201);
            assertAnswers(s, "v1", expected1);

            TestServer.Reply switched = s.putJson("/api/v1/deployments/loan", "{\"model\": \"loan\", \"serving\": \"v2\"}");
            assertThat(switched.status()).as(switched.body()).isEqualTo(200);
            assertAnswers(s, "v2", expected2);
        }

        try (LiveServer s = open(data)) {
            JsonNode versions = s.get("/api/v1/models/loan").json().get("versions");
            assertThat(versions).extracting(v -> v.get("version").asText() + " " + v.get("sha256").asText())
                    .containsExactlyInAnyOrder("v1 " + v1.sha256(), "v2 " + v2.sha256());
            assertThat(versions).allSatisfy(v -> {
                assertThat(v.get("runtime").asText()).isEqualTo("onnx");
                assertThat(v.at("/provenance/source").asText()).isEqualTo("test-trainer");
            });
            JsonNode deployment = s.get("/api/v1/deployments/loan").json();
            assertThat(deployment.get("serving").asText()).isEqualTo("v2");
            assertThat(deployment.get("ready").asBoolean()).as(deployment.toString()).isTrue();
            assertAnswers(s, "v2", expected2);

            JsonNode meta = s.get("/v2/models/loan").json();
            assertThat(meta.get("platform").asText()).isEqualTo(OnnxModelLoader.PLATFORM);
            assertThat(meta.get("inputs")).extracting(i -> i.get("name").asText())
                    .containsExactly("income", "age", "debt_ratio", "employment", "region");
            JsonNode graphInput = meta.at("/artifact/inputs/0");
            assertThat(graphInput.get("name").asText()).isEqualTo("input");
            assertThat(graphInput.get("datatype").asText()).isEqualTo("FP32");
            assertThat(graphInput.get("shape").get(1).asInt()).isEqualTo(v2.classifier().encoding().width());
        }
    }

    private static LiveServer open(Path data) {
        return new LiveServer(SqliteStore.open(data), Runtimes.of(List.of(new OnnxModelLoader())), TestServer.LIMITS);
    }

    private static void assertAnswers(LiveServer s, String version, double[] expected) {
        TestServer.Reply r = s.postJson("/v2/models/loan/infer", REQUEST);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("model_version").asText()).isEqualTo(version);
        assertThat(r.header("X-Shepherd-Model-Version")).isEqualTo(version);
        JsonNode probabilities = null;
        for (JsonNode o : r.json().get("outputs")) {
            if (o.get("name").asText().equals("probabilities")) {
                probabilities = o.get("data");
            }
        }
        assertThat(probabilities).as(r.body()).isNotNull();
        assertThat(probabilities.get(0).asDouble()).isCloseTo(expected[0], within(1e-4));
        assertThat(probabilities.get(1).asDouble()).isCloseTo(expected[1], within(1e-4));
    }

    /** The Model document (JSON) that registers {@code v}: its artifact by absolute path, schema and provenance. */
    private static String document(ModelVersion v) {
        ObjectNode doc = TestServer.JSON.createObjectNode();
        doc.put("apiVersion", "shepherd/v1");
        doc.put("kind", "Model");
        doc.putObject("metadata").put("name", v.name()).put("version", v.version());
        ObjectNode spec = doc.putObject("spec");
        spec.put("runtime", v.runtime());
        spec.put("uri", v.uri());
        spec.set("schema", schema(v.schema()));
        ObjectNode provenance = spec.putObject("provenance");
        provenance.put("source", v.provenance().source());
        v.provenance().details().forEach(provenance::put);
        return doc.toString();
    }

    private static ObjectNode schema(ModelSchema schema) {
        ObjectNode s = TestServer.JSON.createObjectNode();
        ArrayNode inputs = s.putArray("inputs");
        for (FeatureSpec f : schema.inputs()) {
            ObjectNode in = inputs.addObject();
            in.put("name", f.name());
            in.put("type", f.type().wireName());
            in.put("required", f.required());
            in.put("impute", f.impute());
            if (!f.values().isEmpty()) {
                f.values().forEach(in.putArray("values")::add);
            }
        }
        ObjectNode out = s.putObject("output");
        out.put("type", schema.output().kind().wireName());
        schema.output().labels().forEach(out.putArray("labels")::add);
        return s;
    }
}
