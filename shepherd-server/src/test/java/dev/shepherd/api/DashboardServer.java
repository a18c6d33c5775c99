package dev.shepherd.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.alert.Alerts;
import dev.shepherd.alert.LiveValues;
import dev.shepherd.alert.LogNotifier;
import dev.shepherd.automation.AutomationLayer;
import dev.shepherd.config.ConfigParser;
import dev.shepherd.drift.LiveDrift;
import dev.shepherd.drift.Profile;
import dev.shepherd.drift.ProfileBuilder;
import dev.shepherd.drift.ProfileCodec;
import dev.shepherd.drift.SchemaColumns;
import dev.shepherd.feedback.FeedbackService;
import dev.shepherd.feedback.FeedbackSink;
import dev.shepherd.monitor.Monitoring;
import dev.shepherd.monitor.MonitoringSettings;
import dev.shepherd.monitor.MutableClock;
import dev.shepherd.monitor.SeriesKey;
import dev.shepherd.monitor.SystemSampler;
import dev.shepherd.predictionlog.BatchingPredictionLog;
import dev.shepherd.predictionlog.PredictionLog;
import dev.shepherd.rollout.Comparisons;
import dev.shepherd.rollout.RolloutController;
import dev.shepherd.runtime.JavaModelLoader;
import dev.shepherd.runtime.Runtimes;
import dev.shepherd.runtime.fixtures.CreditScorer;
import dev.shepherd.runtime.fixtures.FixtureSchemas;
import dev.shepherd.schema.Prediction;
import dev.shepherd.serving.Gateway;
import dev.shepherd.store.InMemoryStore;
import java.io.IOException;
import java.io.UncheckedIOException;
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

/**
 * A real server wired like {@code shepherd serve} (monitoring, rollouts with comparisons, live
 * drift against a declared reference, feedback into monitoring, automation, alerts and the
 * server-load sampler) over an in-memory store on an ephemeral port, for the dashboard's tests.
 * Everything runs on one {@link MutableClock} that only {@link #advance} moves, ticking the
 * background parts the way the server's scheduler does. Deployments: {@code credit} (model
 * {@code credit}: v1 serving, v2 registered; an alert on missing debt ratios) and
 * {@code credit-eu} (v1).
 */
final class DashboardServer implements AutoCloseable {
    static final Instant START = Instant.parse("2026-03-02T10:00:01Z");
    private static final Duration BUCKET = Duration.ofSeconds(10);

    final MutableClock clock = new MutableClock(START);
    final InMemoryStore store;
    final PredictionLog log;
    final Monitoring monitoring;
    final Gateway gateway;
    final RolloutController rollouts;
    final LiveDrift drift;
    final FeedbackService feedback;
    final AutomationLayer automation;
    final Alerts alerts;
    final SystemSampler system;
    final ShepherdServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    DashboardServer(Path dir, dev.shepherd.access.AccessPolicy access) {
        store = new InMemoryStore(dir);
        log = new BatchingPredictionLog(store.predictionSink());
        monitoring = new Monitoring(clock, MonitoringSettings.defaults(), store.metrics());
        gateway = new Gateway(store, Runtimes.of(List.of(new JavaModelLoader())), log, clock, TestServer.LIMITS);
        gateway.observeWith(monitoring::record);
        Comparisons comparisons = new Comparisons(clock);
        gateway.compareWith(comparisons);
        gateway.start();
        rollouts = new RolloutController(gateway, store.rollouts(), monitoring::window, comparisons, clock);
        drift = new LiveDrift(gateway, store, monitoring::window, clock);
        feedback = new FeedbackService(store, clock, new FeedbackSink() {
            @Override
            public void label(SeriesKey key, Prediction predicted, String trueLabel, Double trueValue) {
                monitoring.recordLabel(key, predicted, trueLabel, trueValue);
            }

            @Override
            public void event(SeriesKey key, String event, double value) {
                monitoring.recordEvent(key, event, value);
            }
        }, d -> gateway.status(d).map(s -> s.deployment().serving()), gateway.recentPredictions(),
                Duration.ofMillis(300));
        automation = AutomationLayer.create(gateway, feedback, clock);
        alerts = new Alerts(gateway, new LiveValues(gateway, monitoring::window, drift, clock, automation.stats()),
                new LogNotifier(), clock);
        system = new SystemSampler(clock);
        system.sample();
        ConfigParser parser = new ConfigParser(clock);
        gateway.apply(parser.parse(config(dir), dir, "test"));
        server = ShepherdServer.builder(gateway, parser, TestServer.LIMITS).predictionLog(log).monitoring(monitoring)
                .clock(clock).feedback(feedback).rollouts(rollouts).drift(drift).alerts(alerts).automation(automation)
                .system(system).access(access).build().start(0);
    }

    DashboardServer(Path dir) {
        this(dir, dev.shepherd.access.AccessPolicy.open());
    }

    /** Both credit versions (v1 with a reference profile of "training data" and provenance) and two deployments. */
    private static String config(Path dir) {
        try {
            Files.write(dir.resolve("train.profile"), ProfileCodec.write(trainingProfile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String v1 = FixtureSchemas.creditModelYaml("v1", CreditScorer.class.getName())
                + "  reference: train.profile\n"
                + "  provenance: {data: loans-2025.csv, trainer: logistic regression, commit: 3f2a9c1}\n";
        String v2 = FixtureSchemas.creditModelYaml("v2", CreditScorer.class.getName())
                + "  reference: train.profile\n"
                + "  provenance: {data: loans-2026.csv, trainer: logistic regression, commit: 8d41e07}\n";
        return v1 + "---\n" + v2 + """
                ---
                apiVersion: shepherd/v1
                kind: Deployment
                metadata: {name: credit}
                spec:
                  serving: v1
                  alerts:
                    - {name: missing-debt-ratio, expr: 'missing_input_fraction{feature="debt_ratio"} > 0.02', for: 1m,
                       window: 5m, severity: ticket, annotations: {summary: "Debt ratio missing in over 2 % of requests"}}
                ---
                apiVersion: shepherd/v1
                kind: Deployment
                metadata: {name: credit-eu}
                spec: {model: credit, serving: v1}
                """;
    }

    private static Profile trainingProfile() {
        ProfileBuilder b = new ProfileBuilder(SchemaColumns.of(FixtureSchemas.credit()));
        for (Object[] r : FixtureSchemas.creditBatch(2_000, 1).rows()) {
            b.record(r);
        }
        return b.build("train.csv", START);
    }

    /**
     * Moves time on by {@code d} in 10 s buckets, closing monitoring buckets, sampling the server's
     * load and ticking the rollout controller at each, then evaluates the alert rules.
     */
    void advance(Duration d) {
        for (Duration left = d; !left.isNegative() && !left.isZero(); left = left.minus(BUCKET)) {
            clock.advance(left.compareTo(BUCKET) < 0 ? left : BUCKET);
            monitoring.tick();
            system.sample();
            rollouts.tick();
        }
        alerts.tick();
    }

    /**
     * Sends {@code n} plain JSON predictions to {@code deployment} over HTTP, records from seeded
     * credit rows (about one in ten without {@code debt_ratio}) with incomes times
     * {@code incomeFactor}, each with its own sticky key; returns the request ids of the 200s.
     */
    List<String> predict(String deployment, int n, long seed, double incomeFactor) {
        List<String> ids = new ArrayList<>();
        List<Object[]> rows = FixtureSchemas.creditBatch(n, seed).rows();
        for (int i = 0; i < n; i++) {
            Object[] r = rows.get(i);
            ObjectNode rec = TestServer.JSON.createObjectNode();
            rec.put("income", (Double) r[0] * incomeFactor);
            rec.put("age", (Long) r[1]);
            if (r[2] != null) {
                rec.put("debt_ratio", (Double) r[2]);
            }
            rec.put("employment", (String) r[3]);
            rec.put("has_collateral", (Boolean) r[4]);
            TestServer.Reply reply = send(HttpRequest.newBuilder(uri("/api/v1/deployments/" + deployment + "/predict"))
                    .header("Content-Type", "application/json").header("X-Shepherd-Key", "user-" + seed + "-" + i)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"instances\": [" + rec + "]}")));
            assertThat(reply.status()).as(reply.body()).isIn(200, 202);
            if (reply.status() == 200) {
                ids.add(reply.header("X-Request-Id"));
            }
        }
        return ids;
    }

    /** Posts {@code body} as JSON to {@code path} (with {@code X-Shepherd-Actor: test}). */
    TestServer.Reply post(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .header("X-Shepherd-Actor", "test").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    TestServer.Reply get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
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

    URI uri(String path) {
        return URI.create("http://localhost:" + server.port() + path);
    }

    @Override
    public void close() {
        server.stop();
        automation.close();
        gateway.close();
        monitoring.close();
        log.close();
        store.close();
    }
}
