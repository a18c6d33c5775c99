package dev.shepherd.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shepherd.config.ConfigParser;
import dev.shepherd.error.ErrorCode;
import dev.shepherd.error.InvalidConfigException;
import dev.shepherd.error.ModelFailureException;
import dev.shepherd.error.NotFoundException;
import dev.shepherd.error.ShepherdException;
import dev.shepherd.predictionlog.InMemoryPredictionStore;
import dev.shepherd.predictionlog.PredictionEvent;
import dev.shepherd.predictionlog.PredictionLog;
import dev.shepherd.predictionlog.PredictionSink;
import dev.shepherd.registry.Deployment;
import dev.shepherd.registry.ModelVersion;
import dev.shepherd.registry.Provenance;
import dev.shepherd.runtime.JavaModel;
import dev.shepherd.runtime.JavaModelLoader;
import dev.shepherd.runtime.Runtimes;
import dev.shepherd.runtime.fixtures.CreditScorer;
import dev.shepherd.runtime.fixtures.FixtureSchemas;
import dev.shepherd.schema.Batch;
import dev.shepherd.schema.Prediction;
import dev.shepherd.store.InMemoryStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayTest {
    /** A model that sleeps longer than any test timeout. */
    public static final class SlowModel implements JavaModel {
        @Override
        public List<Prediction> predict(Batch batch) {
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Collections.nCopies(batch.size(), new Prediction.ScorePrediction(1));
        }
    }

    /** A model that waits for {@link #GATE} and records whether it was closed. */
    public static final class GatedModel implements JavaModel {
        static volatile java.util.concurrent.CountDownLatch GATE = new java.util.concurrent.CountDownLatch(1);
        static final java.util.concurrent.atomic.AtomicBoolean CLOSED = new java.util.concurrent.atomic.AtomicBoolean();
        static final java.util.concurrent.Semaphore ENTERED = new java.util.concurrent.Semaphore(0);

        @Override
        public List<Prediction> predict(Batch batch) {
            ENTERED.release();
            boolean interrupted = false;
            while (true) {
                try {
                    GATE.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // keep running like a model that ignores interrupts
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return new CreditScorer().predict(batch);
        }

        @Override
        public void close() {
            CLOSED.set(true);
        }

        static void reset() {
            GATE = new java.util.concurrent.CountDownLatch(1);
            CLOSED.set(false);
            ENTERED.drainPermits();
        }
    }

    @TempDir
    Path dir;

    private final List<PredictionEvent> logged = Collections.synchronizedList(new ArrayList<>());
    private final PredictionLog log = new PredictionLog() {
        @Override
        public boolean offer(PredictionEvent e) {
            return logged.add(e);
        }

        @Override
        public boolean samplePayload() {
            return true;
        }

        @Override
        public Stats stats() {
            return new Stats(logged.size(), 0, 0, 0);
        }

        @Override
        public void close() {
        }
    };
    private InMemoryStore store;
    private Gateway gateway;

    private Gateway gateway(Duration timeout) {
        return gateway(new ServingLimits(100, timeout, 1 << 20));
    }

    private Gateway gateway(ServingLimits limits) {
        store = new InMemoryStore(dir);
        gateway = new Gateway(store, Runtimes.of(List.of(new JavaModelLoader())), log, Clock.systemUTC(), limits);
        gateway.start();
        return gateway;
    }

    @AfterEach
    void close() {
        gateway.close();
    }

    private static ModelVersion version(String v, String className) {
        return new ModelVersion("credit", v, "java", "classpath:", null, FixtureSchemas.credit(),
                Map.of("className", className), Instant.now(), Provenance.of("test"));
    }

    private static Deployment deployment(String serving) {
        return new Deployment("credit", "credit", serving, "{}", Instant.now());
    }

    private static BatchDecoder rows(int n) {
        return (schema, max) -> FixtureSchemas.creditBatch(n, 7);
    }

    @Test
    void servesTheDeployedVersionAndLogsEveryRequest() {
        Gateway g = gateway(Duration.ofSeconds(5));
        g.register(version("v1", CreditScorer.class.getName()));
        g.putDeployment(deployment("v1"));
        InferenceResult r = g.infer("credit", null, rows(3), "req-1");
        assertThat(r.version()).isEqualTo("v1");
        assertThat(r.predictions()).hasSize(3).allSatisfy(p -> assertThat(p).isInstanceOf(Prediction.ClassPrediction.class));
        Batch expected = FixtureSchemas.creditBatch(3, 7);
        Prediction.ClassPrediction first = (Prediction.ClassPrediction) r.predictions().getFirst();
        assertThat(first.probabilities()[1]).isCloseTo(CreditScorer.defaultProbability(expected.rows().getFirst()),
                org.assertj.core.data.Offset.offset(1e-12));
        assertThat(logged).singleElement().satisfies(e -> {
            assertThat(e.requestId()).isEqualTo("req-1");
            assertThat(e.version()).isEqualTo("v1");
            assertThat(e.outcome()).isEqualTo("ok");
            assertThat(e.batchSize()).isEqualTo(3);
            assertThat(e.inputsJson()).contains("income");
            assertThat(e.outputsJson()).contains("repaid");
        });
        assertThat(g.ready()).isTrue();
    }

    @Test
    void switchesVersionsAndAddressesOnlyTheServedOne() {
        Gateway g = gateway(Duration.ofSeconds(5));
        g.register(version("v1", CreditScorer.class.getName()));
        g.register(version("v2", CreditScorer.class.getName()));
        g.putDeployment(deployment("v1"));
        assertThat(g.infer("credit", "v1", rows(1), "a").version()).isEqualTo("v1");
        g.putDeployment(deployment("v2"));
        assertThat(g.infer("credit", null, rows(1), "b").version()).isEqualTo("v2");
        assertThatThrownBy(() -> g.infer("credit", "v1", rows(1), "c"))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.field()).isEqualTo("version"));
        assertThatThrownBy(() -> g.infer("nope", null, rows(1), "d")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void deploymentsSurviveARestartOnTheSameStore() {
        Gateway g = gateway(Duration.ofSeconds(5));
        g.register(version("v1", CreditScorer.class.getName()));
        g.putDeployment(deployment("v1"));
        g.close();
        gateway = new Gateway(store, Runtimes.of(List.of(new JavaModelLoader())), log, Clock.systemUTC(), ServingLimits.defaults());
        gateway.start();
        assertThat(gateway.infer("credit", null, rows(2), "x").predictions()).hasSize(2);
    }

    @Test
    void applyIsAllOrNothing() {
        Gateway g = gateway(Duration.ofSeconds(5));
        ConfigParser parser = new ConfigParser(Clock.systemUTC());
        String yaml = FixtureSchemas.creditModelYaml("v1", CreditScorer.class.getName()) + "---\n"
                + FixtureSchemas.creditModelYaml("v2", "com.example.DoesNotExist") + "---\n"
                + FixtureSchemas.creditDeploymentYaml("v3");
        assertThatThrownBy(() -> g.apply(parser.parse(yaml, dir, "t")))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.errors()).hasSize(2));
        assertThat(store.models().list()).isEmpty();
        assertThat(store.deployments().list()).isEmpty();

        String fixed = yaml.replace("com.example.DoesNotExist", CreditScorer.class.getName()).replace("serving: v3", "serving: v1");
        g.apply(parser.parse(fixed, dir, "t"));
        assertThat(store.models().list()).hasSize(2);
        assertThat(g.infer("credit", null, rows(1), "y").version()).isEqualTo("v1");
    }

    @Test
    void timesOutSlowModels() {
        Gateway g = gateway(Duration.ofMillis(100));
        g.register(version("slow", SlowModel.class.getName()));
        g.putDeployment(deployment("slow"));
        assertThatThrownBy(() -> g.infer("credit", null, rows(1), "t"))
                .isInstanceOfSatisfying(ModelFailureException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT));
        assertThat(logged).singleElement().satisfies(e -> assertThat(e.outcome()).isEqualTo("timeout"));
    }

    @Test
    void aRequestInFlightSurvivesAVersionSwitch() throws Exception {
        GatedModel.reset();
        Gateway g = gateway(Duration.ofSeconds(10));
        g.register(version("gated", GatedModel.class.getName()));
        g.register(version("v2", CreditScorer.class.getName()));
        g.putDeployment(deployment("gated"));
        GatedModel.CLOSED.set(false); // registration verified the artifact with a load of its own
        var pending = java.util.concurrent.CompletableFuture.supplyAsync(() -> g.infer("credit", null, rows(1), "slow"));
        assertThat(GatedModel.ENTERED.tryAcquire(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        g.putDeployment(deployment("v2"));
        assertThat(GatedModel.CLOSED).isFalse();
        assertThat(g.infer("credit", null, rows(1), "fast").version()).isEqualTo("v2");
        GatedModel.GATE.countDown();
        assertThat(pending.get(5, java.util.concurrent.TimeUnit.SECONDS).version()).isEqualTo("gated");
        assertThat(GatedModel.CLOSED).isTrue();
    }

    @Test
    void aTimedOutCallKeepsTheModelOpenUntilItReturns() throws Exception {
        GatedModel.reset();
        Gateway g = gateway(Duration.ofMillis(100));
        g.register(version("gated", GatedModel.class.getName()));
        g.register(version("v2", CreditScorer.class.getName()));
        g.putDeployment(deployment("gated"));
        GatedModel.CLOSED.set(false); // registration verified the artifact with a load of its own
        assertThatThrownBy(() -> g.infer("credit", null, rows(1), "t"))
                .isInstanceOfSatisfying(ModelFailureException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT));
        g.putDeployment(deployment("v2"));
        assertThat(GatedModel.CLOSED).as("closed under a running call").isFalse();
        GatedModel.GATE.countDown();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!GatedModel.CLOSED.get() && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
        }
        assertThat(GatedModel.CLOSED).isTrue();
    }

    @Test
    void answersCapacityWhenAModelHasTooManyCallsInFlight() throws Exception {
        GatedModel.reset();
        Gateway g = gateway(new ServingLimits(100, Duration.ofSeconds(10), 1 << 20, 1));
        g.register(version("gated", GatedModel.class.getName()));
        g.putDeployment(deployment("gated"));
        var pending = java.util.concurrent.CompletableFuture.supplyAsync(() -> g.infer("credit", null, rows(1), "a"));
        assertThat(GatedModel.ENTERED.tryAcquire(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> g.infer("credit", null, rows(1), "b"))
                .isInstanceOfSatisfying(ShepherdException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CAPACITY));
        GatedModel.GATE.countDown();
        assertThat(pending.get(5, java.util.concurrent.TimeUnit.SECONDS).predictions()).hasSize(1);
        assertThat(g.infer("credit", null, rows(1), "c").predictions()).hasSize(1);
        assertThat(logged).extracting(PredictionEvent::outcome).containsExactlyInAnyOrder("ok", "capacity", "ok");
    }

    @Test
    void logsRequestsThatFailToDecode() {
        Gateway g = gateway(Duration.ofSeconds(5));
        g.register(version("v1", CreditScorer.class.getName()));
        g.putDeployment(deployment("v1"));
        assertThatThrownBy(() -> g.infer("credit", null, (schema, max) -> {
            throw new dev.shepherd.error.InvalidInputException("instances", "bad");
        }, "bad-1")).isInstanceOf(dev.shepherd.error.InvalidInputException.class);
        assertThat(logged).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo("invalid_input");
            assertThat(e.batchSize()).isZero();
        });
    }

    @Test
    void observersSeeEveryRoutedRequestWithItsTimings() {
        Gateway g = gateway(Duration.ofSeconds(5));
        List<dev.shepherd.monitor.RequestObservation> seen = Collections.synchronizedList(new ArrayList<>());
        List<dev.shepherd.monitor.SeriesKey> keys = Collections.synchronizedList(new ArrayList<>());
        g.observeWith((key, schema, o) -> {
            keys.add(key);
            seen.add(o);
        });
        g.register(version("v1", CreditScorer.class.getName()));
        g.putDeployment(deployment("v1"));
        g.infer("credit", null, rows(3), "a", 512);
        assertThatThrownBy(() -> g.infer("credit", null, (s, m) -> {
            throw new dev.shepherd.error.InvalidInputException("instances", "bad");
        }, "b"));
        assertThat(keys).containsOnly(new dev.shepherd.monitor.SeriesKey("credit", "v1", dev.shepherd.monitor.Role.PRIMARY));
        assertThat(seen).hasSize(2);
        assertThat(seen.get(0).outcome()).isEqualTo("ok");
        assertThat(seen.get(0).batch().size()).isEqualTo(3);
        assertThat(seen.get(0).predictions()).hasSize(3);
        assertThat(seen.get(0).payloadBytes()).isEqualTo(512);
        assertThat(seen.get(0).modelNanos()).isPositive().isLessThanOrEqualTo(seen.get(0).latencyNanos());
        assertThat(seen.get(1).outcome()).isEqualTo("invalid_input");
        assertThat(seen.get(1).batch()).isNull();
        assertThat(g.inFlight()).isZero();
    }

    @Test
    void monitoringCanBeSwitchedOffPerDeployment() {
        Gateway g = gateway(Duration.ofSeconds(5));
        List<dev.shepherd.monitor.RequestObservation> seen = Collections.synchronizedList(new ArrayList<>());
        g.observeWith((key, schema, o) -> seen.add(o));
        g.register(version("v1", CreditScorer.class.getName()));
        g.putDeployment(new Deployment("credit", "credit", "v1", "{\"serving\":\"v1\",\"monitoring\":{\"enabled\":false}}", Instant.now()));
        g.infer("credit", null, rows(1), "off");
        assertThat(seen).isEmpty();
        g.putDeployment(new Deployment("credit", "credit", "v1", "{\"serving\":\"v1\",\"monitoring\":{\"enabled\":true}}", Instant.now()));
        g.infer("credit", null, rows(1), "on");
        assertThat(seen).hasSize(1);
        assertThat(logged).hasSize(2); // the prediction log keeps both either way
    }

    @Test
    void anOutageShowsInMonitoringAsErrorsNotSilence() {
        store = new InMemoryStore(dir);
        store.models().register(version("broken", "com.example.Gone"));
        store.deployments().put(deployment("broken"));
        gateway = new Gateway(store, Runtimes.of(List.of(new JavaModelLoader())), log, Clock.systemUTC(), ServingLimits.defaults());
        List<String> outcomes = Collections.synchronizedList(new ArrayList<>());
        gateway.observeWith((key, schema, o) -> outcomes.add(key.version() + ":" + o.outcome()));
        gateway.start();
        assertThat(gateway.ready()).isFalse();
        assertThatThrownBy(() -> gateway.infer("credit", null, rows(1), "x"))
                .isInstanceOfSatisfying(ModelFailureException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
        assertThat(outcomes).containsExactly("broken:unavailable");
    }

    @Test
    void refusesToDeployUnregisteredVersions() {
        Gateway g = gateway(Duration.ofSeconds(5));
        assertThatThrownBy(() -> g.putDeployment(deployment("v9")))
                .isInstanceOfSatisfying(ShepherdException.class, e -> assertThat(e.field()).isEqualTo("spec.serving"));
        assertThat(g.deleteDeployment("credit")).isFalse();
    }
}
