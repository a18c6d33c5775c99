package dev.shepherd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.runtime.fixtures.CreditScorer;
import dev.shepherd.runtime.fixtures.FixtureSchemas;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;


    private static CliRunner.Run run(String... args) {
        return CliRunner.run(args);
    }

    private String config(String serving, String className) throws Exception {
        String yaml = FixtureSchemas.creditModelYaml("v1", className) + "---\n" + FixtureSchemas.creditDeploymentYaml(serving);
        Path f = dir.resolve("shepherd-" + serving + ".yaml");
        Files.writeString(f, yaml);
        return f.toString();
    }

    @Test
    void appliesConfigToARunningServerAndListsIt() throws Exception {
        try (Node node = Node.start(Node.Options.defaults(dir.resolve("data"), 0))) {
            CliRunner.Run apply = run("apply", "-f", config("v1", CreditScorer.class.getName()), "--server", node.url());
            assertThat(apply.code()).as(apply.err()).isZero();
            assertThat(apply.out()).contains("deployment.shepherd/credit applied (serving v1)");

            CliRunner.Run get = run("get", "deployments", "--server", node.url());
            assertThat(get.code()).as(get.err()).isZero();
            assertThat(get.out().lines().toList()).hasSize(2);
            assertThat(get.out()).contains("NAME").contains("credit").contains("v1");

            CliRunner.Run models = run("get", "models", "--server", node.url(), "-o", "json");
            assertThat(models.code()).isZero();
            assertThat(models.out()).contains("\"version\" : \"v1\"");

            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(node.url() + "/api/v1/deployments/credit/predict"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"income\": 50000, \"age\": 40, \"employment\": \"salaried\", \"has_collateral\": true}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.path("model_version").asText()).isEqualTo("v1");
        }
    }

    @Test
    void invalidConfigExitsTwoListsEveryErrorAndAppliesNothing() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, """
                apiVersion: shepherd/v1
                kind: Model
                metadata: {name: credit, version: v1}
                spec:
                  runtime: onnx
                  uri: missing.onnx
                  schema: {inputs: [{name: x, type: decimal}], output: {type: score}}
                """);
        try (Node node = Node.start(Node.Options.defaults(dir.resolve("data"), 0))) {
            CliRunner.Run r = run("apply", "-f", bad.toString(), "--server", node.url());
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).contains("documents[0].spec.uri: file not found")
                    .contains("documents[0].spec.schema.inputs[0].type");
            assertThat(node.store().models().list()).isEmpty();
        }
    }

    @Test
    void serveAppliesConfigAndStateSurvivesRestart() throws Exception {
        Path data = dir.resolve("data");
        String cfg = config("v1", CreditScorer.class.getName());
        try (Node node = Node.start(new Node.Options(data, "127.0.0.1", 0, dev.shepherd.serving.ServingLimits.defaults(), 1.0, List.of(Path.of(cfg))))) {
            assertThat(node.gateway().status("credit")).get().satisfies(s -> assertThat(s.ready()).isTrue());
        }
        try (Node node = Node.start(Node.Options.defaults(data, 0))) {
            assertThat(node.store().models().list()).extracting(m -> m.key()).containsExactly("credit:v1");
            assertThat(node.gateway().status("credit")).get().satisfies(s -> {
                assertThat(s.ready()).isTrue();
                assertThat(s.serving().version()).isEqualTo("v1");
            });
        }
    }

    @Test
    void badUsageExitsTwo() {
        assertThat(run("get", "widgets").code()).isEqualTo(2);
        assertThat(run("serve", "--port", "-5").code()).isEqualTo(2);
        assertThat(run("serve", "--timeout", "soon").code()).isEqualTo(2);
        assertThat(run("apply").code()).isEqualTo(2);
        assertThat(run("nonsense").code()).isEqualTo(2);
        CliRunner.Run unreachable = run("get", "deployments", "--server", "http://127.0.0.1:1");
        assertThat(unreachable.code()).isEqualTo(1);
        assertThat(unreachable.err()).contains("cannot reach the server");
    }
}
