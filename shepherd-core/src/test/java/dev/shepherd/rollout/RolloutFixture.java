package dev.shepherd.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shepherd.config.RolloutSpecReader;
import dev.shepherd.monitor.Monitoring;
import dev.shepherd.monitor.MonitoringSettings;
import dev.shepherd.monitor.MutableClock;
import dev.shepherd.monitor.Role;
import dev.shepherd.monitor.SeriesKey;
import dev.shepherd.monitor.SeriesStats;
import dev.shepherd.predictionlog.PredictionLog;
import dev.shepherd.registry.Deployment;
import dev.shepherd.registry.ModelVersion;
import dev.shepherd.registry.Provenance;
import dev.shepherd.runtime.JavaModelLoader;
import dev.shepherd.runtime.Runtimes;
import dev.shepherd.runtime.fixtures.CreditScorer;
import dev.shepherd.runtime.fixtures.FixtureSchemas;
import dev.shepherd.serving.BatchDecoder;
import dev.shepherd.serving.Gateway;
import dev.shepherd.serving.InferenceResult;
import dev.shepherd.serving.ServingLimits;
import dev.shepherd.store.InMemoryStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One gateway, monitoring, comparisons and rollout controller over an in-memory store and an
 * injected clock, serving deployment {@code credit} ({@link CreditScorer} as v1). {@link #restart()}
 * builds new ones over the same store, as a server restart would.
 */
final class RolloutFixture implements AutoCloseable {
    static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    static final String DEPLOYMENT = "credit";

    final MutableClock clock = new MutableClock(T0);
    final InMemoryStore store;
    final List<RolloutEvent> events = new ArrayList<>();
    Gateway gateway;
    Monitoring monitoring;
    Comparisons comparisons;
    RolloutController controller;
    private int requests;

    RolloutFixture(Path dir) {
        store = new InMemoryStore(dir);
        boot();
        gateway.register(version("v1", CreditScorer.class));
        gateway.putDeployment(new Deployment(DEPLOYMENT, "credit", "v1", "{}", T0));
    }

    private void boot() {
        gateway = new Gateway(store, Runtimes.of(List.of(new JavaModelLoader())), PredictionLog.noop(), clock,
                new ServingLimits(100, Duration.ofMillis(500), 1 << 20));
        gateway.start();
        monitoring = new Monitoring(clock, MonitoringSettings.defaults(), store.metrics());
        gateway.observeWith(monitoring::record);
        comparisons = new Comparisons(clock);
        gateway.compareWith(comparisons);
        controller = new RolloutController(gateway, store.rollouts(), monitoring::window, comparisons, clock);
        controller.onEvent(events::add);
    }

    /** Persists monitoring, drops everything in memory, stays down for {@code down}, and boots again over the same store. */
    void restart(Duration down) {
        monitoring.tick();
        clock.advance(Duration.ofSeconds(10));
        monitoring.tick();
        clock.advance(down);
        monitoring.close();
        gateway.close();
        boot();
        controller.resumeAll();
    }

    static ModelVersion version(String v, Class<?> model) {
        return new ModelVersion("credit", v, "java", "classpath:", null, FixtureSchemas.credit(),
                Map.of("className", model.getName()), T0, Provenance.of("test"));
    }

    void register(String v, Class<?> model) {
        gateway.register(version(v, model));
    }

    Rollout start(String specJson) {
        return controller.start(DEPLOYMENT, RolloutSpecReader.parse(specJson), specJson, "alice");
    }

    /** Sends {@code n} one-row requests with distinct sticky keys; returns the versions that answered. */
    List<InferenceResult> send(int n) {
        List<InferenceResult> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int id = requests++;
            BatchDecoder rows = (schema, max) -> FixtureSchemas.creditBatch(1, id);
            out.add(gateway.infer(DEPLOYMENT, null, rows, "req-" + id, 100, "user-" + id));
        }
        return out;
    }

    /** As {@link #send}, counting failed requests instead of throwing; returns the failures. */
    int sendIgnoringErrors(int n) {
        int failed = 0;
        for (int i = 0; i < n; i++) {
            try {
                send(1);
            } catch (dev.shepherd.error.ShepherdException e) {
                failed++;
            }
        }
        return failed;
    }

    /** Advances the clock and ticks the controller. */
    void after(Duration d) {
        clock.advance(d);
        controller.tick();
    }

    /** Waits (wall clock, up to 10 s) until the series has at least {@code n} requests in the last hour. */
    void awaitRequests(String version, Role role, long n) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (requestsOf(version, role) < n) {
            assertThat(System.nanoTime()).as("waiting for %d %s requests of %s", n, role, version).isLessThan(deadline);
            Candidates.sleep(5);
        }
    }

    /** Waits (wall clock, up to 10 s) until the comparisons hold at least {@code n} pairs for {@code version}. */
    void awaitCompared(String version, long n) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (comparisons.window(DEPLOYMENT, version, T0.minusSeconds(3600), clock.instant().plusSeconds(10)).compared() < n) {
            assertThat(System.nanoTime()).as("waiting for %d comparisons of %s", n, version).isLessThan(deadline);
            Candidates.sleep(5);
        }
    }

    long requestsOf(String version, Role role) {
        Map<SeriesKey, SeriesStats> w = monitoring.window(DEPLOYMENT, T0.minusSeconds(3600), clock.instant().plusSeconds(10));
        SeriesStats s = w.get(new SeriesKey(DEPLOYMENT, version, role));
        return s == null ? 0 : s.requests();
    }

    Rollout current() {
        return controller.status(DEPLOYMENT).orElseThrow().rollout();
    }

    String serving() {
        return gateway.status(DEPLOYMENT).orElseThrow().deployment().serving();
    }

    List<String> actions() {
        return store.rollouts().events(current().id()).stream().map(RolloutEvent::action).toList();
    }

    @Override
    public void close() {
        monitoring.close();
        gateway.close();
    }
}
