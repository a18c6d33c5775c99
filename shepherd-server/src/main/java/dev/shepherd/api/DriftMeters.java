package dev.shepherd.api;

import dev.shepherd.api.DynamicMeters.Family;
import dev.shepherd.api.DynamicMeters.Kind;
import dev.shepherd.config.Durations;
import dev.shepherd.drift.FeatureDrift;
import dev.shepherd.drift.LiveDrift;
import io.micrometer.core.instrument.Tags;
import java.util.List;

/**
 * The latest live drift of every deployment and window on {@code /metrics}:
 * {@code shepherd_drift_score{deployment, version, window, feature, method}} (the score compared
 * with the threshold: a p-value for tests, a distance otherwise),
 * {@code shepherd_drift_detected{…, feature}} (0/1), {@code shepherd_drift_share_ratio{deployment, version,
 * window}} and {@code shepherd_dataset_drift{…}} (0/1). Thread-safe.
 */
final class DriftMeters implements PrometheusEndpoint.SampleSource {
    static final Family SCORE = new Family("shepherd.drift.score", Kind.GAUGE, null,
            "Drift score of a feature over the window: p-value for tests, distance otherwise");
    static final Family DETECTED = new Family("shepherd.drift.detected", Kind.GAUGE, null,
            "1 when the feature drifted from the reference over the window");
    static final Family SHARE = new Family("shepherd.drift.share", Kind.GAUGE, "ratio",
            "Share of features that drifted over the window");
    static final Family DATASET = new Family("shepherd.dataset.drift", Kind.GAUGE, null,
            "1 when at least the configured share of features drifted over the window");

    private final LiveDrift drift;

    DriftMeters(LiveDrift drift) {
        this.drift = drift;
    }

    @Override
    public void collect(List<DynamicMeters.Sample> into) {
        for (LiveDrift.Result r : drift.latest()) {
            if (r.report() == null) {
                continue;
            }
            Tags base = Tags.of("deployment", r.deployment(), "version", r.version(), "window",
                    Durations.format(r.window()));
            into.add(new DynamicMeters.Sample(SHARE, base, r.report().share()));
            into.add(new DynamicMeters.Sample(DATASET, base, r.report().datasetDrift() ? 1 : 0));
            for (FeatureDrift f : r.report().features()) {
                if (!f.evaluated()) {
                    continue;
                }
                Tags t = base.and("feature", f.feature());
                into.add(new DynamicMeters.Sample(SCORE, t.and("method", f.method().wireName()), f.score()));
                into.add(new DynamicMeters.Sample(DETECTED, t, f.drifted() ? 1 : 0));
            }
        }
    }
}
