package dev.shepherd.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shepherd.registry.Artifacts;
import dev.shepherd.runtime.fixtures.CreditScorer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManagementTest {
    @TempDir
    Path dir;
    TestServer s;

    @BeforeEach
    void start() {
        s = new TestServer(dir);
    }

    @AfterEach
    void stop() {
        s.close();
    }

    @Test
    void listsAndGetsDeployments() {
        JsonNode list = s.get("/api/v1/deployments").json().get("deployments");
        assertThat(list).extracting(d -> d.get("name").asText()).containsExactly("broken", "credit", "slow");
        JsonNode credit = s.get("/api/v1/deployments/credit").json();
        assertThat(credit.get("serving").asText()).isEqualTo("v1");
        assertThat(credit.get("model").asText()).isEqualTo("credit");
        assertThat(credit.get("ready").asBoolean()).isTrue();
        assertThat(credit.get("error").isNull()).isTrue();
        assertThat(credit.at("/spec/serving").asText()).isEqualTo("v1");
        s.get("/api/v1/deployments/nope").assertError(404, "not_found", "name");
    }

    @Test
    void putCreatesAndReplacesADeploymentFromASpecOrADocument() {
        TestServer.Reply created = s.put("/api/v1/deployments/credit-b", "application/json",
                "{\"model\": \"credit\", \"serving\": \"v1\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("ready").asBoolean()).isTrue();
        assertThat(s.postJson("/api/v1/deployments/credit-b/predict", Requests.ONE_RECORD).status()).isEqualTo(200);

        TestServer.Reply replaced = s.put("/api/v1/deployments/credit-b", "application/yaml", """
                apiVersion: shepherd/v1
                kind: Deployment
                metadata: {name: credit-b}
                spec: {model: credit, serving: v1, monitoring: {bucket: 10s}}
                """);
        assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
        assertThat(replaced.json().at("/spec/monitoring/bucket").asText()).isEqualTo("10s");
    }

    @Test
    void putRejectsANameThatDiffersFromThePath() {
        s.put("/api/v1/deployments/credit-b", "application/yaml", """
                apiVersion: shepherd/v1
                kind: Deployment
                metadata: {name: other}
                spec: {model: credit, serving: v1}
                """).assertError(400, "invalid_config", "metadata.name");
        s.get("/api/v1/deployments/credit-b").assertError(404, "not_found", "name");
    }

    @Test
    void putOfAnUnregisteredVersionIs404AndAnInvalidSpecIs400() {
        s.put("/api/v1/deployments/credit-b", "application/json", "{\"model\": \"credit\", \"serving\": \"v9\"}")
                .assertError(404, "not_found", "spec.serving");
        JsonNode e = s.put("/api/v1/deployments/credit-b", "application/json", "{\"model\": \"credit\"}")
                .assertError(400, "invalid_config", "spec.serving");
        assertThat(e.get("errors")).extracting(n -> n.get("path").asText()).containsExactly("spec.serving");
        s.put("/api/v1/deployments/credit-b", "text/plain", "{}").assertError(415, "unsupported_media_type", "Content-Type");
    }

    @Test
    void deleteRemovesADeployment() {
        TestServer.Reply r = s.delete("/api/v1/deployments/credit");
        assertThat(r.status()).isEqualTo(204);
        assertThat(r.header("X-Request-Id")).isNotBlank();
        s.get("/api/v1/deployments/credit").assertError(404, "not_found", "name");
        s.postJson("/api/v1/deployments/credit/predict", Requests.ONE_RECORD).assertError(404, "not_found", "name");
        s.delete("/api/v1/deployments/credit").assertError(404, "not_found", "name");
    }

    @Test
    void listsAndGetsModelVersions() {
        JsonNode models = s.get("/api/v1/models").json().get("models");
        assertThat(models).extracting(m -> m.get("name").asText() + ":" + m.get("version").asText())
                .contains("credit:v1", "broken:v1");
        JsonNode v = s.get("/api/v1/models/credit/versions/v1").json();
        assertThat(v.get("runtime").asText()).isEqualTo("java");
        assertThat(v.get("uri").asText()).isEqualTo("classpath:");
        assertThat(v.get("sha256").isNull()).isTrue();
        assertThat(v.at("/options/className").asText()).isEqualTo(CreditScorer.class.getName());
        assertThat(v.at("/schema/inputs/0/name").asText()).isEqualTo("income");
        assertThat(v.at("/schema/output/labels/1").asText()).isEqualTo("default");
        assertThat(v.get("created_at").asText()).isNotBlank();
        assertThat(v.at("/provenance/source").asText()).isEqualTo("test");
        assertThat(s.get("/api/v1/models/credit").json().get("versions")).hasSize(1);
        s.get("/api/v1/models/credit/versions/v9").assertError(404, "not_found", "version");
        s.get("/api/v1/models/nope").assertError(404, "not_found", "name");
    }

    @Test
    void registersAVersionFromADocument() {
        String doc = TestServer.javaModel("credit", "v2", CreditScorer.class.getName()).replace("---\n", "");
        TestServer.Reply r = s.post("/api/v1/models", "application/yaml", doc);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("version").asText()).isEqualTo("v2");
        assertThat(r.json().at("/provenance/source").asText()).isEqualTo("api");
        assertThat(s.post("/api/v1/models", "application/yaml", doc).status()).isEqualTo(200);
        s.post("/api/v1/models", "application/yaml", doc.replace("labels: [repaid, default]", "labels: [no, yes]"))
                .assertError(409, "conflict", "metadata.version");
        JsonNode e = s.post("/api/v1/models", "application/yaml", doc.replace("v2", "v4").replace(CreditScorer.class.getName(), "no.Such"))
                .assertError(400, "invalid_config", "spec.options.className");
        assertThat(e.get("errors")).hasSize(1);
    }

    @Test
    void applyIsAllOrNothingAndListsEveryError() {
        String valid = TestServer.javaModel("credit", "v3", CreditScorer.class.getName())
                + TestServer.deployment("credit-c", "credit", "v3");
        String invalid = valid + """
                apiVersion: shepherd/v2
                kind: Deployment
                metadata: {name: bad}
                spec: {}
                ---
                apiVersion: shepherd/v1
                kind: Gadget
                metadata: {name: gadget}
                spec: {}
                """;
        JsonNode e = s.post("/api/v1/apply", "application/yaml", invalid).assertError(400, "invalid_config", "documents[2].apiVersion");
        assertThat(e.get("errors")).extracting(n -> n.get("path").asText())
                .contains("documents[2].apiVersion", "documents[2].spec.serving", "documents[3].kind");
        assertThat(s.get("/api/v1/models/credit/versions/v3").status()).isEqualTo(404);
        assertThat(s.get("/api/v1/deployments/credit-c").status()).isEqualTo(404);

        String unknownVersion = valid + TestServer.deployment("credit-d", "credit", "v8");
        e = s.post("/api/v1/apply", "application/yaml", unknownVersion).assertError(400, "invalid_config", "Deployment credit-d spec.serving");
        assertThat(s.get("/api/v1/models/credit/versions/v3").status()).isEqualTo(404);

        TestServer.Reply ok = s.post("/api/v1/apply", "application/yaml", valid);
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.json().get("models")).extracting(m -> m.get("version").asText()).containsExactly("v3");
        assertThat(ok.json().get("deployments")).extracting(d -> d.get("name").asText()).containsExactly("credit-c");
        assertThat(s.postJson("/api/v1/deployments/credit-c/predict", Requests.ONE_RECORD).json()
                .get("model_version").asText()).isEqualTo("v3");
    }

    @Test
    void applyRejectsMalformedYaml() {
        JsonNode e = s.post("/api/v1/apply", "application/yaml", "kind: [unclosed\n").assertError(400, "malformed_body", "body");
        assertThat(e.get("message").asText()).contains("line");
        s.post("/api/v1/apply", "application/yaml", "").assertError(400, "malformed_body", "body");
        s.post("/api/v1/apply", "application/octet-stream", "x").assertError(415, "unsupported_media_type", "Content-Type");
    }

    @Test
    void registersAnUploadedJarAndServesIt() throws IOException {
        byte[] jar = creditJar();
        String metadata = """
                apiVersion: shepherd/v1
                kind: Model
                metadata: {name: credit-jar, version: v1}
                spec:
                  runtime: java
                  options: {className: dev.shepherd.runtime.fixtures.CreditScorer}
                """ + TestServer.CREDIT_SCHEMA;
        TestServer.Reply r = upload(metadata, "../../evil/credit.jar", jar);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode v = r.json();
        assertThat(v.get("sha256").asText()).isEqualTo(Artifacts.sha256(jar));
        // Artifacts inside the data directory are recorded relative to it (the directory can move).
        assertThat(v.get("uri").asText()).isEqualTo(Path.of("artifacts/credit-jar/v1/credit.jar").toString());
        Path stored = dir.resolve(v.get("uri").asText());
        assertThat(Files.readAllBytes(stored)).isEqualTo(jar);
        assertThat(v.at("/provenance/source").asText()).isEqualTo("upload");

        assertThat(s.put("/api/v1/deployments/credit-jar", "application/json", "{\"serving\": \"v1\"}").status()).isEqualTo(201);
        assertThat(s.postJson("/api/v1/deployments/credit-jar/predict", Requests.ONE_RECORD).status()).isEqualTo(200);

        assertThat(upload(metadata, "credit.jar", jar).status()).isEqualTo(200);
        byte[] other = jar.clone();
        other[other.length - 30] ^= 1;
        upload(metadata, "credit.jar", other).assertError(409, "conflict", "metadata.version");
        assertThat(Files.readAllBytes(stored)).isEqualTo(jar);
    }

    @Test
    void uploadWithoutArtifactOrWithAnUnloadableOneIs400AndLeavesNothing() throws IOException {
        String metadata = """
                apiVersion: shepherd/v1
                kind: Model
                metadata: {name: junk, version: v1}
                spec:
                  runtime: java
                  options: {className: no.such.Model}
                """ + TestServer.CREDIT_SCHEMA;
        String boundary = "b0undary";
        byte[] body = multipart(boundary, part("metadata", null, metadata.getBytes(StandardCharsets.UTF_8)));
        s.send(HttpRequest.newBuilder(s.uri("/api/v1/models"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))).assertError(400, "invalid_input", "artifact");
        upload(metadata, "junk.jar", creditJar()).assertError(400, "invalid_config", "spec.options.className");
        assertThat(dir.resolve("artifacts/junk/v1/junk.jar")).doesNotExist();
        s.get("/api/v1/models/junk/versions/v1").assertError(404, "not_found", "version");
    }

    private TestServer.Reply upload(String metadata, String fileName, byte[] artifact) {
        String boundary = "----shepherd" + System.nanoTime();
        byte[] body = multipart(boundary, part("metadata", null, metadata.getBytes(StandardCharsets.UTF_8)),
                part("artifact", fileName, artifact));
        return s.send(HttpRequest.newBuilder(s.uri("/api/v1/models"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private record Part(String name, String fileName, byte[] content) {
    }

    private static Part part(String name, String fileName, byte[] content) {
        return new Part(name, fileName, content);
    }

    private static byte[] multipart(String boundary, Part... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Part p : parts) {
            out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + p.name() + "\""
                    + (p.fileName() == null ? "" : "; filename=\"" + p.fileName() + "\"")
                    + "\r\nContent-Type: " + (p.fileName() == null ? "application/yaml" : "application/java-archive")
                    + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(p.content());
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** A jar holding the fixture class, built from the class path. */
    private static byte[] creditJar() throws IOException {
        String entry = CreditScorer.class.getName().replace('.', '/') + ".class";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes);
             InputStream in = CreditScorer.class.getClassLoader().getResourceAsStream(entry)) {
            jar.putNextEntry(new JarEntry(entry));
            in.transferTo(jar);
            jar.closeEntry();
        }
        return bytes.toByteArray();
    }
}
