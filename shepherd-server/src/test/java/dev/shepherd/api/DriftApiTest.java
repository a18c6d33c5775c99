package dev.shepherd.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shepherd.config.ConfigParser;
import dev.shepherd.drift.LiveDrift;
import dev.shepherd.drift.ProfileBuilder;
import dev.shepherd.drift.ProfileCodec;
import dev.shepherd.drift.SchemaColumns;
import dev.shepherd.monitor.Monitoring;
import dev.shepherd.monitor.MonitoringSettings;
import dev.shepherd.monitor.MutableClock;
import dev.shepherd.predictionlog.PredictionLog;
import dev.shepherd.runtime.JavaModelLoader;
import dev.shepherd.runtime.Runtimes;
import dev.shepherd.runtime.fixtures.CreditScorer;
import dev.shepherd.runtime.fixtures.FixtureSchemas;
import dev.shepherd.schema.Batch;
import dev.shepherd.serving.Gateway;
import dev.shepherd.store.InMemoryStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The drift and reference endpoints over real HTTP, and the drift families on {@code /metrics} (promtool-checked). */
class DriftApiTest {
    private static final Instant START = Instant.parse("2026-03-02T10:00:01Z");

    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(START);
    InMemoryStore store;
    Gateway gateway;
    Monitoring monitoring;
    LiveDrift drift;
    ShepherdServer server;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        store = new InMemoryStore(dir);
        gateway = new Gateway(store, Runtimes.of(List.of(new JavaModelLoader())), PredictionLog.noop(), clock, TestServer.LIMITS);
        monitoring = new Monitoring(clock, MonitoringSettings.defaults(), store.metrics());
        gateway.observeWith(monitoring::record);
        gateway.start();
        // the Model declares its reference profile in YAML (spec.reference), built from "training data"
        Path profile = dir.resolve("train.profile");
        Files.write(profile, ProfileCodec.write(trainingProfile()));
        String model = FixtureSchemas.creditModelYaml("v1", CreditScorer.class.getName()) + "  reference: train.profile\n";
        ConfigParser parser = new ConfigParser(clock);
        gateway.apply(parser.parse(model + "---\n" + FixtureSchemas.creditDeploymentYaml("v1"), dir, "test"));
        drift = new LiveDrift(gateway, store, monitoring::window, clock);
        server = ShepherdServer.builder(gateway, parser, TestServer.LIMITS).monitoring(monitoring).clock(clock)
                .drift(drift).build().start(0);
    }

    @AfterEach
    void stop() {
        server.stop();
        gateway.close();
        monitoring.close();
    }

    private static dev.shepherd.drift.Profile trainingProfile() {
        ProfileBuilder b = new ProfileBuilder(SchemaColumns.of(FixtureSchemas.credit()));
        for (Object[] r : FixtureSchemas.creditBatch(2_000, 1).rows()) {
            b.record(r);
        }
        return b.build("train.csv", START);
    }

    private void traffic(int rows, double incomeFactor) {
        for (Object[] r : FixtureSchemas.creditBatch(rows, 7).rows()) {
            Object[] row = r.clone();
            row[0] = (Double) row[0] * incomeFactor;
            List<Object[]> one = new ArrayList<>();
            one.add(row);
            gateway.infer("credit", null, (schema, max) -> new Batch(schema, one), null);
        }
    }

    private TestServer.Reply send(HttpRequest.Builder b) throws Exception {
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new TestServer.Reply(r.statusCode(), r.headers(), r.body());
    }

    private TestServer.Reply get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path)).GET());
    }

    @Test
    void driftOfLiveTrafficAgainstTheDeclaredReference() throws Exception {
        JsonNode ref = get("/api/v1/models/credit/versions/v1/reference").json();
        assertThat(ref.path("source").asText()).contains("spec.reference");
        assertThat(ref.path("rows").asLong()).isEqualTo(2_000);
        assertThat(ref.path("features")).hasSize(5);

        JsonNode none = get("/api/v1/deployments/credit/drift?window=5m").json();
        assertThat(none.path("traffic").asBoolean()).isFalse();

        traffic(1_500, 2.5);
        JsonNode d = get("/api/v1/deployments/credit/drift?window=5m").json();
        assertThat(d.path("traffic").asBoolean()).isTrue();
        assertThat(d.path("window").asText()).isEqualTo("5m");
        assertThat(d.path("features").get(0).path("feature").asText()).isEqualTo("income");
        assertThat(d.path("features").get(0).path("method").asText()).isEqualTo("wasserstein_normed");
        assertThat(d.path("features").get(0).path("drifted").asBoolean()).isTrue();
        assertThat(d.path("features").get(1).path("drifted").asBoolean()).as("age did not move").isFalse();
        JsonNode income = d.path("features").get(0).path("distribution");
        assertThat(income.path("kind").asText()).isEqualTo("numeric");
        assertThat(income.path("edges").size()).isEqualTo(income.path("reference").size() + 1)
                .isEqualTo(income.path("current").size() + 1).isGreaterThan(2);
        assertThat(d.path("features").findValues("distribution")).extracting(n -> n.path("kind").asText())
                .contains("category");

        drift.tick();
        JsonNode history = get("/api/v1/deployments/credit/drift/history?since=1h").json().path("history");
        assertThat(history).hasSize(1);
        assertThat(history.get(0).path("window").asText()).isEqualTo("1h");
        assertThat(history.get(0).path("report").path("features")).hasSize(5);
        assertThat(history.get(0).path("report").path("features").get(0).has("distribution"))
                .as("the history keeps the compact form").isFalse();

        String metrics = get("/metrics").body();
        Promtool.assertClean(metrics);
        Scrape m = Scrape.parse(metrics);
        assertThat(m.value("shepherd_drift_detected", "deployment", "credit", "window", "1h", "feature", "income"))
                .hasValue(1.0);
        assertThat(m.value("shepherd_drift_share_ratio", "deployment", "credit", "version", "v1", "window", "1h"))
                .hasValue(history.get(0).path("share").asDouble());
        assertThat(m.find("shepherd_drift_score", "feature", "age", "method", "wasserstein_normed")).hasSize(1);
    }

    @Test
    void aBaselineWindowAndAnUploadReplaceTheReference() throws Exception {
        traffic(800, 1.0);
        TestServer.Reply baseline = send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port()
                + "/api/v1/deployments/credit/reference?window=10m")).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(baseline.status()).as(baseline.body()).isEqualTo(201);
        assertThat(baseline.json().path("source").asText()).contains("baseline window");
        JsonNode same = get("/api/v1/deployments/credit/drift?window=10m").json();
        assertThat(same.path("dataset_drift").asBoolean()).isFalse();
        assertThat(same.path("features").toString()).contains("\"feature\":\"prediction\"");

        byte[] profile = ProfileCodec.write(trainingProfile());
        TestServer.Reply up = send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port()
                + "/api/v1/models/credit/versions/v1/reference")).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(profile)));
        assertThat(up.status()).as(up.body()).isEqualTo(200);
        assertThat(up.json().path("source").asText()).isEqualTo("train.csv");
    }

    @Test
    void badRequestsNameTheirField() throws Exception {
        expect(get("/api/v1/deployments/credit/drift?window=5s"), 400, "window");
        expect(get("/api/v1/deployments/credit/drift?window=soon"), 400, "window");
        expect(get("/api/v1/deployments/credit/drift/history?limit=0"), 400, "limit");
        expect(get("/api/v1/deployments/nope/drift"), 404, "name");
        expect(get("/api/v1/models/credit/versions/v9/reference"), 404, "version");
        expect(send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port()
                + "/api/v1/models/credit/versions/v1/reference")).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"format\": \"csv\"}"))), 400, "format");
        expect(send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port()
                + "/api/v1/deployments/credit/reference?window=5m")).POST(HttpRequest.BodyPublishers.noBody())), 404, "window");
        store.references().delete("credit", "v1");
        expect(get("/api/v1/deployments/credit/drift"), 404, "reference");
    }

    private static void expect(TestServer.Reply r, int status, String field) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json().path("error").path("field").asText()).as(r.body()).isEqualTo(field);
    }
}
