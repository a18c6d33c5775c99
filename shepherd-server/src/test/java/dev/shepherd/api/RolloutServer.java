package dev.shepherd.api;

import dev.shepherd.config.ConfigParser;
import dev.shepherd.monitor.Monitoring;
import dev.shepherd.monitor.MonitoringSettings;
import dev.shepherd.monitor.MutableClock;
import dev.shepherd.predictionlog.BatchingPredictionLog;
import dev.shepherd.predictionlog.PredictionLog;
import dev.shepherd.rollout.Comparisons;
import dev.shepherd.rollout.RolloutController;
import dev.shepherd.runtime.JavaModelLoader;
import dev.shepherd.runtime.Runtimes;
import dev.shepherd.runtime.fixtures.FixtureSchemas;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A real server with monitoring and a rollout controller on an ephemeral port, serving deployment
 * {@code credit} (model {@code credit}) with the versions given. Monitoring, the gateway and the
 * controller share a {@link MutableClock}; the controller ticks only when a test calls
 * {@link #tick(Duration)}.
 */
final class RolloutServer implements AutoCloseable {
    static final Instant START = Instant.parse("2026-03-02T10:00:01Z");

    final MutableClock clock = new MutableClock(START);
    final Store store;
    final PredictionLog log;
    final Monitoring monitoring;
    final Gateway gateway;
    final RolloutController rollouts;
    final ConfigParser parser = new ConfigParser(clock);
    final ShepherdServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** {@code versions}: version, class name pairs; the first serves. */
    RolloutServer(Path dataDir, String... versions) {
        store = new InMemoryStore(dataDir);
        log = new BatchingPredictionLog(store.predictionSink());
        monitoring = new Monitoring(clock, MonitoringSettings.defaults(), store.metrics());
        gateway = new Gateway(store, Runtimes.of(List.of(new JavaModelLoader())), log, clock, TestServer.LIMITS);
        gateway.observeWith(monitoring::record);
        Comparisons comparisons = new Comparisons(clock);
        gateway.compareWith(comparisons);
        gateway.start();
        rollouts = new RolloutController(gateway, store.rollouts(), monitoring::window, comparisons, clock);
        StringBuilder docs = new StringBuilder();
        for (int i = 0; i < versions.length; i += 2) {
            docs.append(FixtureSchemas.creditModelYaml(versions[i], versions[i + 1])).append("---\n");
        }
        docs.append(FixtureSchemas.creditDeploymentYaml(versions[0]));
        gateway.apply(parser.parse(docs.toString(), dataDir, "test"));
        server = ShepherdServer.builder(gateway, parser, TestServer.LIMITS).predictionLog(log).monitoring(monitoring)
                .clock(clock).rollouts(rollouts).build().start(0);
    }

    void tick(Duration d) {
        clock.advance(d);
        rollouts.tick();
    }

    static String creditRecord(int i) {
        return "{\"income\": " + (30_000 + 97 * i % 50_000) + ", \"age\": " + (20 + i % 50)
                + ", \"employment\": \"salaried\", \"has_collateral\": " + (i % 2 == 0) + "}";
    }

    /** A plain JSON predict of one record on {@code credit}, with a sticky key (null for none). */
    TestServer.Reply predict(int i, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url() + "/api/v1/deployments/credit/predict"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"instances\": [" + creditRecord(i) + "]}"));
        if (key != null) {
            b.header("X-Shepherd-Key", key);
        }
        return send(b);
    }

    TestServer.Reply get(String path) {
        return send(HttpRequest.newBuilder(URI.create(url() + path)).GET());
    }

    TestServer.Reply post(String path, String body, String actor) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url() + path)).header("Content-Type", "application/json")
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (actor != null) {
            b.header("X-Shepherd-Actor", actor);
        }
        return send(b);
    }

    TestServer.Reply send(HttpRequest.Builder request) {
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
