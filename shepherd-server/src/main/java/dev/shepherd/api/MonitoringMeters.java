package dev.shepherd.api;

import dev.shepherd.api.DynamicMeters.Family;
import dev.shepherd.api.DynamicMeters.Kind;
import dev.shepherd.api.DynamicMeters.Sample;
import dev.shepherd.monitor.FeatureStats;
import dev.shepherd.monitor.LatencySummary;
import dev.shepherd.monitor.MetricNames;
import dev.shepherd.monitor.Monitoring;
import dev.shepherd.monitor.SeriesKey;
import dev.shepherd.monitor.SeriesStats;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The monitored series on {@code /metrics}: every deployment × version × role of
 * {@link Monitoring} becomes Prometheus families labelled {@code deployment}, {@code version}
 * ({@code ""} for events not tied to a version), {@code role} and, where they apply,
 * {@code feature}, {@code event}, {@code code} or {@code class}. Counters come from
 * {@link Monitoring#totals()} (cumulative since start); gauges are the vocabulary's window values
 * over the last {@link #WINDOW} ({@code latency_p99_ms} becomes {@code shepherd_latency_p99_seconds},
 * {@code missing_input_fraction{feature}} becomes {@code shepherd_missing_input_ratio{feature}},
 * where {@code feature=""}, that is no feature label, is the fraction over all features). A gauge
 * without data in the window is absent rather than {@code NaN}.
 *
 * <p>Cardinality is bounded per deployment by {@link LabelCaps}: at most
 * {@value #MAX_FEATURES} features, {@value #MAX_CLASSES} classes, {@value #MAX_EVENTS} events and
 * {@value #MAX_CODES} error codes, admitted in the order first seen and kept for the life of the
 * process; later classes, events and codes are summed under {@code _other}, later features are not
 * exported (the API still has them). Request ids never become labels. Not thread-safe: the
 * {@link PrometheusEndpoint} serializes scrapes.
 */
final class MonitoringMeters implements PrometheusEndpoint.SampleSource {
    /** The recent window of the gauges (or one bucket, when the bucket is longer). */
    static final Duration WINDOW = Duration.ofMinutes(1);
    static final int MAX_FEATURES = 50;
    static final int MAX_CLASSES = 50;
    static final int MAX_EVENTS = 20;
    static final int MAX_CODES = 32;

    // counters, cumulative since the process started
    static final Family REQUESTS = counter("shepherd.requests", null, "Inference requests, answered or failed");
    static final Family ERRORS = counter("shepherd.errors", null, "Failed requests by error code");
    static final Family INSTANCES = counter("shepherd.instances", null, "Instances in decoded requests");
    static final Family PAYLOAD = counter("shepherd.payload", "bytes", "Request body bytes");
    static final Family MISSING_VALUES = counter("shepherd.missing.values", null,
            "Instances whose input feature was absent, null, NaN or of the wrong type");
    static final Family PREDICTIONS = counter("shepherd.predictions", null, "Predictions, one per answered instance");
    static final Family NULL_OUTPUTS = counter("shepherd.null.outputs", null, "Null, empty or NaN predictions");
    static final Family CLASS_PREDICTIONS = counter("shepherd.class.predictions", null, "Predictions by class label");
    static final Family LOW_CONFIDENCE = counter("shepherd.low.confidence.predictions", null,
            "Class predictions whose top probability is below the confidence threshold");
    static final Family LABELS = counter("shepherd.labels", null, "Ground-truth labels received");
    static final Family CLASS_LABELS = counter("shepherd.class.labels", null, "Ground-truth labels carrying a class");
    static final Family CORRECT_LABELS = counter("shepherd.correct.labels", null,
            "Class labels equal to the predicted class");
    static final Family FEEDBACK_EVENTS = counter("shepherd.feedback.events", null, "User feedback events by name");
    static final Family FAILURES = counter("shepherd.monitoring.failures", null,
            "Monitoring record calls that failed on unexpected data");

    // gauges over the last minute, the vocabulary in base units
    static final Family LATENCY_P50 = gauge("shepherd.latency.p50", "seconds", MetricNames.LATENCY_P50_MS);
    static final Family LATENCY_P90 = gauge("shepherd.latency.p90", "seconds", MetricNames.LATENCY_P90_MS);
    static final Family LATENCY_P99 = gauge("shepherd.latency.p99", "seconds", MetricNames.LATENCY_P99_MS);
    static final Family LATENCY_MAX = gauge("shepherd.latency.max", "seconds", MetricNames.LATENCY_MAX_MS);
    static final Family MODEL_LATENCY_P50 = gauge("shepherd.model.latency.p50", "seconds",
            MetricNames.MODEL_LATENCY_P50_MS);
    static final Family MODEL_LATENCY_P90 = gauge("shepherd.model.latency.p90", "seconds",
            MetricNames.MODEL_LATENCY_P90_MS);
    static final Family MODEL_LATENCY_P99 = gauge("shepherd.model.latency.p99", "seconds",
            MetricNames.MODEL_LATENCY_P99_MS);
    static final Family MODEL_LATENCY_MAX = gauge("shepherd.model.latency.max", "seconds",
            MetricNames.MODEL_LATENCY_MAX_MS);
    static final Family ERROR_RATIO = gauge("shepherd.error", "ratio", MetricNames.ERROR_RATE);
    static final Family MISSING_INPUT = gauge("shepherd.missing.input", "ratio", MetricNames.MISSING_INPUT_FRACTION);
    static final Family UNSEEN_CATEGORY = gauge("shepherd.unseen.category", "ratio",
            MetricNames.UNSEEN_CATEGORY_FRACTION);
    static final Family NULL_OUTPUT = gauge("shepherd.null.output", "ratio", MetricNames.NULL_OUTPUT_FRACTION);
    static final Family LOW_CONFIDENCE_RATIO = gauge("shepherd.low.confidence", "ratio",
            MetricNames.LOW_CONFIDENCE_FRACTION);
    static final Family CONFIDENCE_MEAN = gauge("shepherd.confidence.mean", null, MetricNames.CONFIDENCE_MEAN);
    static final Family SCORE_MEAN = gauge("shepherd.score.mean", null, MetricNames.SCORE_MEAN);
    static final Family ACCURACY = gauge("shepherd.accuracy", "ratio", MetricNames.ACCURACY);
    static final Family MAE = gauge("shepherd.mae", null, MetricNames.MAE);
    static final Family FEEDBACK_RATIO = gauge("shepherd.feedback", "ratio", MetricNames.FEEDBACK_RATE);

    private final Monitoring monitoring;
    private final Clock clock;
    private final Map<String, LabelCaps> caps = new HashMap<>();

    MonitoringMeters(Monitoring monitoring, Clock clock) {
        this.monitoring = monitoring;
        this.clock = clock;
    }

    @Override
    public void collect(List<Sample> into) {
        into.add(new Sample(FAILURES, Tags.empty(), monitoring.failures()));
        monitoring.totals().forEach((key, stats) -> counters(key, stats, into));
        Instant now = clock.instant();
        Duration bucket = monitoring.settings().bucket();
        Duration window = WINDOW.compareTo(bucket) < 0 ? bucket : WINDOW;
        Instant from = alignUp(now.minus(window), bucket);
        for (String deployment : monitoring.deployments()) {
            monitoring.window(deployment, from, now).forEach((key, stats) -> gauges(key, stats, into));
        }
    }

    private void counters(SeriesKey key, SeriesStats s, List<Sample> into) {
        LabelCaps cap = caps.computeIfAbsent(key.deployment(), d -> new LabelCaps());
        Tags tags = tags(key);
        if (hasVersion(key)) {
            requestCounters(cap, tags, s, into);
        }
        into.add(new Sample(LABELS, tags, s.feedback().labels()));
        into.add(new Sample(CLASS_LABELS, tags, s.feedback().classificationLabels()));
        into.add(new Sample(CORRECT_LABELS, tags, s.feedback().correct()));
        cap.events.sum(s.feedback().events())
                .forEach((e, n) -> into.add(new Sample(FEEDBACK_EVENTS, tags.and(MetricNames.EVENT, e), n)));
    }

    /** Counters of served requests (a series without a version only holds feedback). */
    private static void requestCounters(LabelCaps cap, Tags tags, SeriesStats s, List<Sample> into) {
        into.add(new Sample(REQUESTS, tags, s.requests()));
        cap.codes.sum(s.errorsByCode()).forEach((code, n) -> into.add(new Sample(ERRORS, tags.and("code", code), n)));
        into.add(new Sample(INSTANCES, tags, s.instances()));
        into.add(new Sample(PAYLOAD, tags, s.payloadBytes()));
        for (FeatureStats f : s.features().values()) {
            if (cap.features.admit(f.name())) {
                into.add(new Sample(MISSING_VALUES, tags.and(MetricNames.FEATURE, f.name()), f.missing()));
            }
        }
        into.add(new Sample(PREDICTIONS, tags, s.outputs().predictions()));
        into.add(new Sample(NULL_OUTPUTS, tags, s.outputs().nulls()));
        cap.classes.sum(s.outputs().classCounts())
                .forEach((c, n) -> into.add(new Sample(CLASS_PREDICTIONS, tags.and("class", c), n)));
        into.add(new Sample(LOW_CONFIDENCE, tags, s.outputs().lowConfidence()));
    }

    private void gauges(SeriesKey key, SeriesStats s, List<Sample> into) {
        LabelCaps cap = caps.computeIfAbsent(key.deployment(), d -> new LabelCaps());
        Tags tags = tags(key);
        latency(s.latency(), LATENCY_P50, LATENCY_P90, LATENCY_P99, LATENCY_MAX, tags, into);
        latency(s.modelLatency(), MODEL_LATENCY_P50, MODEL_LATENCY_P90, MODEL_LATENCY_P99, MODEL_LATENCY_MAX, tags,
                into);
        gauge(ERROR_RATIO, tags, s.errorRate(), into);
        gauge(MISSING_INPUT, tags.and(MetricNames.FEATURE, ""), s.missingInputFraction(), into);
        for (FeatureStats f : s.features().values()) {
            if (cap.features.admit(f.name())) {
                Tags feature = tags.and(MetricNames.FEATURE, f.name());
                gauge(MISSING_INPUT, feature, f.missingFraction(), into);
                gauge(UNSEEN_CATEGORY, feature, f.unseenFraction(), into);
            }
        }
        gauge(NULL_OUTPUT, tags, s.outputs().nullFraction(), into);
        gauge(LOW_CONFIDENCE_RATIO, tags, s.outputs().lowConfidenceFraction(), into);
        gauge(CONFIDENCE_MEAN, tags, s.outputs().confidence().mean(), into);
        gauge(SCORE_MEAN, tags, s.outputs().scores().mean(), into);
        gauge(ACCURACY, tags, s.feedback().accuracy(), into);
        gauge(MAE, tags, s.feedback().mae(), into);
        for (String event : s.feedback().events().keySet()) {
            if (cap.events.admitted(event)) {
                gauge(FEEDBACK_RATIO, tags.and(MetricNames.EVENT, event), s.feedback().eventRate(event), into);
            }
        }
    }

    private static void latency(LatencySummary l, Family p50, Family p90, Family p99, Family max, Tags tags,
                                List<Sample> into) {
        if (l.count() > 0) {
            gauge(p50, tags, l.p50(), into);
            gauge(p90, tags, l.p90(), into);
            gauge(p99, tags, l.p99(), into);
            gauge(max, tags, l.max(), into);
        }
    }

    private static void gauge(Family f, Tags tags, double value, List<Sample> into) {
        if (Double.isFinite(value)) {
            into.add(new Sample(f, tags, value));
        }
    }

    /** Whether the series belongs to a version; feedback not tied to a request has none. */
    static boolean hasVersion(SeriesKey key) {
        return key.version() != null && !key.version().isEmpty();
    }

    static Tags tags(SeriesKey key) {
        return Tags.of(MetricNames.DEPLOYMENT, key.deployment(),
                MetricNames.VERSION, key.version() == null ? "" : key.version(),
                MetricNames.ROLE, key.role() == null ? "" : key.role().wireName());
    }

    /** The first bucket boundary at or after {@code t}. */
    static Instant alignUp(Instant t, Duration bucket) {
        long b = bucket.toMillis();
        return Instant.ofEpochMilli(Math.ceilDiv(t.toEpochMilli(), b) * b);
    }

    private static Family counter(String name, String unit, String help) {
        return new Family(name, Kind.COUNTER, unit, help);
    }

    private static Family gauge(String name, String unit, String vocabulary) {
        String help = MetricNames.describe(vocabulary).map(MetricNames.Metric::help).orElse(vocabulary);
        return new Family(name, Kind.GAUGE, unit, help + " over the last minute (" + vocabulary + ")");
    }
}
