package dev.shepherd.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shepherd.config.ConfigParser;
import dev.shepherd.monitor.Monitoring;
import dev.shepherd.monitor.MonitoringSettings;
import dev.shepherd.monitor.MutableClock;
import dev.shepherd.predictionlog.BatchingPredictionLog;
import dev.shepherd.predictionlog.PredictionLog;
import dev.shepherd.runtime.JavaModelLoader;
import dev.shepherd.runtime.Runtimes;
import dev.shepherd.serving.Gateway;
import dev.shepherd.store.InMemoryStore;
import dev.shepherd.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A real server with {@link Monitoring} on an ephemeral port: the {@code loans} deployment serves
 * {@link MonitoredModels.NullForElders} over {@link #LOAN_SCHEMA}. Monitoring and the server's
 * metric windows share a {@link MutableClock} that starts one second into a 10 s bucket, so tests
 * move time by hand; the gateway keeps the system clock.
 */
final class MonitoredServer implements AutoCloseable {
    static final Instant START = Instant.parse("2026-03-02T10:00:01Z");

    static final String LOAN_SCHEMA = """
              schema:
                inputs:
                  - {name: income, type: number, required: false}
                  - {name: age, type: integer}
                  - {name: employment, type: category, values: [salaried, self_employed, unemployed, retired]}
                output: {type: class, labels: [repaid, default]}
            """;

    final MutableClock clock = new MutableClock(START);
    final Store store;
    final PredictionLog log;
    final Monitoring monitoring;
    final Gateway gateway;
    final ConfigParser parser = new ConfigParser(Clock.systemUTC());
    final ShepherdServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    MonitoredServer(Path dataDir) {
        this(dataDir, MonitoringSettings.defaults());
    }

    MonitoredServer(Path dataDir, MonitoringSettings settings) {
        store = new InMemoryStore(dataDir);
        log = new BatchingPredictionLog(store.predictionSink());
        monitoring = new Monitoring(clock, settings, store.metrics());
        gateway = new Gateway(store, Runtimes.of(List.of(new JavaModelLoader())), log, Clock.systemUTC(),
                TestServer.LIMITS);
        gateway.observeWith(monitoring::record);
        gateway.start();
        apply(model("loans", "v1", MonitoredModels.NullForElders.class.getName(), LOAN_SCHEMA)
                + deployment("loans", "loans", "v1"));
        server = ShepherdServer.builder(gateway, parser, TestServer.LIMITS).predictionLog(log)
                .monitoring(monitoring).clock(clock).build().start(0);
    }

    static String model(String name, String version, String className, String schema) {
        return TestServer.javaModel(name, version, className, schema);
    }

    static String deployment(String name, String model, String version) {
        return TestServer.deployment(name, model, version);
    }

    /** Applies Model and Deployment documents (each ending in {@code ---}). */
    void apply(String docs) {
        gateway.apply(parser.parse(docs.substring(0, docs.lastIndexOf("---")), store.dataDir(), "test"));
    }

    /** One loan record as JSON; {@code income} null leaves it out. */
    static String loan(Double income, int age, String employment) {
        return "{" + (income == null ? "" : "\"income\": " + income + ", ") + "\"age\": " + age
                + ", \"employment\": \"" + employment + "\"}";
    }

    /** Posts {@code {"instances": [...]}} to {@code loans} and expects a 200. */
    void predict(List<String> records) {
        TestServer.Reply r = postJson("/api/v1/deployments/loans/predict",
                "{\"instances\": [" + String.join(",", records) + "]}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    TestServer.Reply get(String path) {
        return send(HttpRequest.newBuilder(URI.create(url() + path)).GET());
    }

    TestServer.Reply postJson(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(url() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private TestServer.Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = client.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new TestServer.Reply(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String url() {
        return "http://localhost:" + server.port();
    }

    @Override
    public void close() {
        server.stop();
        gateway.close();
        monitoring.close();
        log.close();
        store.close();
    }
}
