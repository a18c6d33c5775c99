package dev.shepherd.store;

import dev.shepherd.rollout.RolloutStore;
import dev.shepherd.feedback.FeedbackStore;
import dev.shepherd.monitor.MetricsStore;
import dev.shepherd.predictionlog.PredictionLogReader;
import dev.shepherd.predictionlog.PredictionSink;
import dev.shepherd.registry.DeploymentRepository;
import dev.shepherd.registry.ModelRegistry;
import java.nio.file.Path;

/**
 * Where Shepherd's durable state lives: one data directory holding the SQL store and uploaded
 * artifacts. The embedded implementation is SQLite; PostgreSQL can be added behind the same
 * interface without touching the core. Thread-safe.
 */
public interface Store extends AutoCloseable {

    ModelRegistry models();

    DeploymentRepository deployments();

    /** Batched writer target of the prediction log. */
    PredictionSink predictionSink();

    PredictionLogReader predictions();

    /** Closed monitoring buckets, the history behind windowed metrics. */
    MetricsStore metrics();

    /** Ground-truth labels and user events. */
    FeedbackStore feedback();

    /** Rollouts and their audit trail. */
    RolloutStore rollouts();

    /** Reference profiles of model versions (the yardsticks of drift). */
    dev.shepherd.drift.ReferenceStore references();

    /** Live drift results over time. */
    dev.shepherd.drift.DriftHistory driftHistory();

    /** Alert states and their transitions. */
    dev.shepherd.alert.AlertStore alerts();

    /** The review queue: cases for people to decide. */
    dev.shepherd.review.ReviewQueue reviews();

    /** Each deployment's degree of automation and its audit trail. */
    dev.shepherd.automation.AutomationStore automation();

    /** The data directory (artifacts are kept under {@code artifacts/}). */
    Path dataDir();

    @Override
    void close();
}
