package dev.shepherd.store;

import dev.shepherd.feedback.FeedbackStore;
import dev.shepherd.feedback.InMemoryFeedbackStore;
import dev.shepherd.monitor.MetricsStore;
import dev.shepherd.predictionlog.InMemoryPredictionStore;
import dev.shepherd.predictionlog.PredictionLogReader;
import dev.shepherd.predictionlog.PredictionSink;
import dev.shepherd.registry.DeploymentRepository;
import dev.shepherd.registry.InMemoryDeploymentRepository;
import dev.shepherd.registry.InMemoryModelRegistry;
import dev.shepherd.registry.ModelRegistry;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A {@link Store} whose records live in memory and vanish with it; only uploaded artifacts go to
 * {@code dataDir}. For tests, tools and throw-away demos. The prediction log is bounded (see the
 * constructor); metric buckets, labels and events are not, so a long-running process should use
 * the SQL store. Thread-safe.
 */
public final class InMemoryStore implements Store {
    private final Path dataDir;
    private final InMemoryModelRegistry models = new InMemoryModelRegistry();
    private final InMemoryDeploymentRepository deployments = new InMemoryDeploymentRepository();
    private final InMemoryPredictionStore predictions;
    private final InMemoryMetricsStore metrics = new InMemoryMetricsStore();
    private final InMemoryFeedbackStore feedback = new InMemoryFeedbackStore();
    private final dev.shepherd.rollout.InMemoryRolloutStore rollouts = new dev.shepherd.rollout.InMemoryRolloutStore();
    private final dev.shepherd.drift.InMemoryDriftStores drift = new dev.shepherd.drift.InMemoryDriftStores();
    private final dev.shepherd.alert.InMemoryAlertStore alerts = new dev.shepherd.alert.InMemoryAlertStore();
    private final dev.shepherd.review.InMemoryReviewQueue reviews = new dev.shepherd.review.InMemoryReviewQueue();
    private final dev.shepherd.automation.InMemoryAutomationStore automation =
            new dev.shepherd.automation.InMemoryAutomationStore();

    /**
     * @param dataDir            where artifacts are written (created on first upload, not here)
     * @param predictionCapacity prediction events kept, the oldest forgotten first (&gt; 0)
     */
    public InMemoryStore(Path dataDir, int predictionCapacity) {
        this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
        this.predictions = new InMemoryPredictionStore(predictionCapacity);
    }

    /** A store keeping the newest {@value InMemoryPredictionStore#DEFAULT_CAPACITY} prediction events. */
    public InMemoryStore(Path dataDir) {
        this(dataDir, InMemoryPredictionStore.DEFAULT_CAPACITY);
    }

    @Override
    public ModelRegistry models() {
        return models;
    }

    @Override
    public DeploymentRepository deployments() {
        return deployments;
    }

    @Override
    public PredictionSink predictionSink() {
        return predictions;
    }

    @Override
    public PredictionLogReader predictions() {
        return predictions;
    }

    @Override
    public MetricsStore metrics() {
        return metrics;
    }

    @Override
    public FeedbackStore feedback() {
        return feedback;
    }

    @Override
    public dev.shepherd.rollout.RolloutStore rollouts() {
        return rollouts;
    }

    @Override
    public dev.shepherd.drift.ReferenceStore references() {
        return drift;
    }

    @Override
    public dev.shepherd.drift.DriftHistory driftHistory() {
        return drift;
    }

    @Override
    public dev.shepherd.alert.AlertStore alerts() {
        return alerts;
    }

    @Override
    public dev.shepherd.review.ReviewQueue reviews() {
        return reviews;
    }

    @Override
    public dev.shepherd.automation.AutomationStore automation() {
        return automation;
    }

    @Override
    public Path dataDir() {
        return dataDir;
    }

    /** Does nothing: there is nothing to release. */
    @Override
    public void close() {
    }
}
