package dev.shepherd.automation;

import dev.shepherd.feedback.FeedbackService;
import dev.shepherd.feedback.FeedbackSink;
import dev.shepherd.monitor.MutableClock;
import dev.shepherd.monitor.SeriesKey;
import dev.shepherd.predictionlog.PredictionLog;
import dev.shepherd.registry.Deployment;
import dev.shepherd.registry.ModelVersion;
import dev.shepherd.registry.Provenance;
import dev.shepherd.runtime.JavaModelLoader;
import dev.shepherd.runtime.Runtimes;
import dev.shepherd.runtime.fixtures.CreditScorer;
import dev.shepherd.runtime.fixtures.FixtureSchemas;
import dev.shepherd.schema.Prediction;
import dev.shepherd.serving.BatchDecoder;
import dev.shepherd.serving.DeploymentStatus;
import dev.shepherd.serving.Gateway;
import dev.shepherd.serving.ServingLimits;
import dev.shepherd.store.InMemoryStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A gateway serving deployment {@code credit} ({@link CreditScorer} as v1) over an in-memory
 * store and an injected clock, with feedback into a recording sink, and the automation layer
 * over them with seeded audit draws.
 */
final class AutomationFixture implements AutoCloseable {
    static final Instant T0 = Instant.parse("2026-05-04T09:00:00Z");
    static final String DEPLOYMENT = "credit";
    static final long SEED = 20261127L;

    /** A label forwarded to monitoring. */
    record Forwarded(SeriesKey key, Prediction predicted, String truth) {
    }

    final MutableClock clock = new MutableClock(T0);
    final InMemoryStore store;
    final Gateway gateway;
    final List<Forwarded> forwarded = new CopyOnWriteArrayList<>();
    final List<dev.shepherd.monitor.RequestObservation> observed = new CopyOnWriteArrayList<>();
    final AutomationLayer layer;

    AutomationFixture(Path dir) {
        this(dir, new InMemoryStore(dir));
    }

    AutomationFixture(Path dir, InMemoryStore store) {
        this.store = store;
        gateway = new Gateway(store, Runtimes.of(List.of(new JavaModelLoader())), PredictionLog.noop(), clock,
                new ServingLimits(100, Duration.ofSeconds(5), 1 << 20));
        gateway.start();
        gateway.observeWith((key, schema, o) -> observed.add(o));
        if (store.models().find("credit", "v1").isEmpty()) {
            gateway.register(new ModelVersion("credit", "v1", "java", "classpath:", null, FixtureSchemas.credit(),
                    Map.of("className", CreditScorer.class.getName()), T0, Provenance.of("test")));
            gateway.putDeployment(new Deployment(DEPLOYMENT, "credit", "v1", "{}", T0));
        }
        FeedbackSink sink = new FeedbackSink() {
            @Override
            public void label(SeriesKey key, Prediction predicted, String trueLabel, Double trueValue) {
                forwarded.add(new Forwarded(key, predicted, trueLabel));
            }

            @Override
            public void event(SeriesKey key, String event, double value) {
            }
        };
        FeedbackService feedback = new FeedbackService(store, clock, sink,
                d -> gateway.status(d).map(DeploymentStatus::serving).map(ModelVersion::version),
                gateway.recentPredictions(), Duration.ZERO);
        SplittableRandom draws = new SplittableRandom(SEED);
        layer = AutomationLayer.create(gateway, feedback, clock, () -> {
            synchronized (draws) {
                return draws.nextDouble();
            }
        }, false);
    }

    /** Sets the level (other fields default) as {@code alice}. */
    AutomationSetting level(AutomationLevel level, double threshold, double audit) {
        return layer.settings().set(DEPLOYMENT, new AutomationSetting(level, threshold, Map.of(), audit, 0), "alice",
                "test");
    }

    /** Sends a request of {@code rows} seeded rows. */
    Outcome send(String requestId, int rows, long seed) {
        BatchDecoder decoder = (schema, max) -> FixtureSchemas.creditBatch(rows, seed);
        return layer.automation().infer(DEPLOYMENT, decoder, requestId, 100, null, null);
    }

    /** The model's confidence and class for row {@code i} of the seeded request. */
    static Prediction.ClassPrediction expected(int rows, long seed, int i) {
        return (Prediction.ClassPrediction) new CreditScorer().predict(FixtureSchemas.creditBatch(rows, seed)).get(i);
    }

    @Override
    public void close() {
        layer.close();
        gateway.close();
    }
}
