package dev.shepherd.monitor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one vocabulary of metrics shared by the metrics API, the Prometheus export, rollout gates,
 * alert rules and the dashboard (see DESIGN.md, "One vocabulary for metrics"). In rules and in
 * {@link SeriesStats#values()} a metric is its short name, with one label in braces where it
 * applies: {@code missing_input_fraction{feature="income"}}. On {@code /metrics} the names carry
 * {@link #PROMETHEUS_PREFIX}, base units (seconds, bytes, ratios) and the labels
 * {@link #DEPLOYMENT}, {@link #VERSION}, {@link #ROLE} and, where it applies, {@link #FEATURE} or
 * {@link #EVENT}. Each constant's comment gives its unit. Windowed values: counts are totals over
 * the window, rates are per second of the window.
 */
public final class MetricNames {
    /** Prefix of every family on {@code /metrics}. */
    public static final String PROMETHEUS_PREFIX = "shepherd_";

    /** Label: the deployment. */
    public static final String DEPLOYMENT = "deployment";
    /** Label: the model version. */
    public static final String VERSION = "version";
    /** Label: the role the version plays ({@code primary}, {@code candidate}, {@code shadow}). */
    public static final String ROLE = "role";
    /** Label: the input feature. */
    public static final String FEATURE = "feature";
    /** Label: the feedback event name. */
    public static final String EVENT = "event";

    // Software
    /** Requests in the window (count). */
    public static final String REQUESTS = "requests";
    /** Requests per second over the window (1/s). */
    public static final String REQUEST_RATE = "request_rate";
    /** Failed requests (any outcome but {@code ok}) in the window (count). */
    public static final String ERRORS = "errors";
    /** Failed requests over requests (ratio 0..1). */
    public static final String ERROR_RATE = "error_rate";
    /** Median end-to-end latency inside the gateway (milliseconds). */
    public static final String LATENCY_P50_MS = "latency_p50_ms";
    /** 90th percentile end-to-end latency (milliseconds). */
    public static final String LATENCY_P90_MS = "latency_p90_ms";
    /** 99th percentile end-to-end latency (milliseconds). */
    public static final String LATENCY_P99_MS = "latency_p99_ms";
    /** Largest end-to-end latency (milliseconds). */
    public static final String LATENCY_MAX_MS = "latency_max_ms";
    /** Median time inside the model (milliseconds). */
    public static final String MODEL_LATENCY_P50_MS = "model_latency_p50_ms";
    /** 90th percentile time inside the model (milliseconds). */
    public static final String MODEL_LATENCY_P90_MS = "model_latency_p90_ms";
    /** 99th percentile time inside the model (milliseconds). */
    public static final String MODEL_LATENCY_P99_MS = "model_latency_p99_ms";
    /** Largest time inside the model (milliseconds). */
    public static final String MODEL_LATENCY_MAX_MS = "model_latency_max_ms";
    /** Instances per decoded request (mean count). */
    public static final String BATCH_SIZE_MEAN = "batch_size_mean";
    /** Request body bytes in the window (bytes). */
    public static final String PAYLOAD_BYTES = "payload_bytes";

    // Inputs
    /**
     * Missing input values over all monitored input values (ratio 0..1); with {@link #FEATURE},
     * missing instances of that feature over its instances.
     */
    public static final String MISSING_INPUT_FRACTION = "missing_input_fraction";
    /** With {@link #FEATURE}: category values not declared in the schema over present values (ratio 0..1). */
    public static final String UNSEEN_CATEGORY_FRACTION = "unseen_category_fraction";

    // Outputs
    /** Null, empty or NaN predictions over predictions (ratio 0..1). */
    public static final String NULL_OUTPUT_FRACTION = "null_output_fraction";
    /** Class predictions with top probability below the threshold over class predictions (ratio 0..1). */
    public static final String LOW_CONFIDENCE_FRACTION = "low_confidence_fraction";
    /** Mean top probability of class predictions (ratio 0..1). */
    public static final String CONFIDENCE_MEAN = "confidence_mean";
    /** Mean score of score predictions (the model's unit). */
    public static final String SCORE_MEAN = "score_mean";

    // Feedback
    /** Ground-truth labels received in the window (count). */
    public static final String LABELS = "labels";
    /** Correct class predictions over class labels received (ratio 0..1). */
    public static final String ACCURACY = "accuracy";
    /** Mean absolute error of scores against numeric labels (the label's unit). */
    public static final String MAE = "mae";
    /** With {@link #EVENT}: events received in the window (count). */
    public static final String FEEDBACK_EVENTS = "feedback_events";
    /** With {@link #EVENT}: events per request of the series in the window (ratio). */
    public static final String FEEDBACK_RATE = "feedback_rate";

    // Computed outside monitoring, named here so the vocabulary stays in one place
    /** Share of shadow or assisted cases where model and reference disagree (ratio 0..1). */
    public static final String DISAGREEMENT_RATE = "disagreement_rate";
    /** With {@link #FEATURE}: drift distance of a window from the reference (test-specific unit). */
    public static final String DRIFT_SCORE = "drift_score";
    /** Share of features that drifted (ratio 0..1). */
    public static final String DRIFT_SHARE = "drift_share";
    /** Age of the oldest open review item (seconds). */
    public static final String REVIEW_QUEUE_AGE_SECONDS = "review_queue_age_seconds";
    /** Review items waiting for a reviewer (count). */
    public static final String REVIEW_QUEUE_LENGTH = "review_queue_length";
    /** Share of reviewed cases where people chose the model's class (ratio 0..1). */
    public static final String REVIEW_AGREEMENT = "review_agreement";
    /** System load average over one minute per CPU (ratio). */
    public static final String CPU_LOAD = "cpu_load";
    /** Heap used over heap max (ratio 0..1). */
    public static final String HEAP_USED_FRACTION = "heap_used_fraction";

    /**
     * One metric of the vocabulary.
     *
     * @param name  short name
     * @param unit  {@code count}, {@code 1/s}, {@code ms}, {@code bytes}, {@code ratio},
     *              {@code seconds} or {@code value} (the data's own unit)
     * @param label the label it takes ({@link #FEATURE} or {@link #EVENT}), or {@code null}
     * @param help  one-line description (for HELP lines and the API)
     */
    public record Metric(String name, String unit, String label, String help) {
    }

    private static final Map<String, Metric> ALL = index(List.of(
            new Metric(REQUESTS, "count", null, "Requests in the window"),
            new Metric(REQUEST_RATE, "1/s", null, "Requests per second"),
            new Metric(ERRORS, "count", null, "Failed requests in the window"),
            new Metric(ERROR_RATE, "ratio", null, "Failed requests over requests"),
            new Metric(LATENCY_P50_MS, "ms", null, "Median end-to-end latency"),
            new Metric(LATENCY_P90_MS, "ms", null, "90th percentile end-to-end latency"),
            new Metric(LATENCY_P99_MS, "ms", null, "99th percentile end-to-end latency"),
            new Metric(LATENCY_MAX_MS, "ms", null, "Largest end-to-end latency"),
            new Metric(MODEL_LATENCY_P50_MS, "ms", null, "Median time inside the model"),
            new Metric(MODEL_LATENCY_P90_MS, "ms", null, "90th percentile time inside the model"),
            new Metric(MODEL_LATENCY_P99_MS, "ms", null, "99th percentile time inside the model"),
            new Metric(MODEL_LATENCY_MAX_MS, "ms", null, "Largest time inside the model"),
            new Metric(BATCH_SIZE_MEAN, "count", null, "Instances per decoded request"),
            new Metric(PAYLOAD_BYTES, "bytes", null, "Request body bytes in the window"),
            new Metric(MISSING_INPUT_FRACTION, "ratio", FEATURE, "Missing input values over input values"),
            new Metric(UNSEEN_CATEGORY_FRACTION, "ratio", FEATURE, "Category values not declared in the schema"),
            new Metric(NULL_OUTPUT_FRACTION, "ratio", null, "Null, empty or NaN predictions over predictions"),
            new Metric(LOW_CONFIDENCE_FRACTION, "ratio", null, "Class predictions below the confidence threshold"),
            new Metric(CONFIDENCE_MEAN, "ratio", null, "Mean top probability of class predictions"),
            new Metric(SCORE_MEAN, "value", null, "Mean score of score predictions"),
            new Metric(LABELS, "count", null, "Ground-truth labels received in the window"),
            new Metric(ACCURACY, "ratio", null, "Correct class predictions over class labels"),
            new Metric(MAE, "value", null, "Mean absolute error against numeric labels"),
            new Metric(FEEDBACK_EVENTS, "count", EVENT, "Feedback events received in the window"),
            new Metric(FEEDBACK_RATE, "ratio", EVENT, "Feedback events per request"),
            new Metric(DISAGREEMENT_RATE, "ratio", null, "Cases where model and reference disagree"),
            new Metric(DRIFT_SCORE, "value", FEATURE, "Drift distance from the reference"),
            new Metric(DRIFT_SHARE, "ratio", null, "Share of drifted features"),
            new Metric(REVIEW_QUEUE_AGE_SECONDS, "seconds", null, "Age of the oldest open review item"),
            new Metric(REVIEW_QUEUE_LENGTH, "count", null, "Review items waiting for a reviewer"),
            new Metric(REVIEW_AGREEMENT, "ratio", null, "Reviewed cases where people chose the model's class"),
            new Metric(CPU_LOAD, "ratio", null, "One-minute load average per CPU"),
            new Metric(HEAP_USED_FRACTION, "ratio", null, "Heap used over heap max")));

    private MetricNames() {
    }

    private static Map<String, Metric> index(List<Metric> metrics) {
        Map<String, Metric> m = new LinkedHashMap<>();
        metrics.forEach(x -> m.put(x.name(), x));
        return java.util.Collections.unmodifiableMap(m);
    }

    /** Every metric of the vocabulary, in documentation order. */
    public static List<Metric> all() {
        return List.copyOf(ALL.values());
    }

    /** The metric a short name or a labelled key ({@code name{label="value"}}) refers to. */
    public static Optional<Metric> describe(String nameOrKey) {
        return nameOrKey == null ? Optional.empty() : Optional.ofNullable(ALL.get(baseName(nameOrKey)));
    }

    /** The key of a labelled metric: {@code name{label="value"}}, the value escaped as in Prometheus. */
    public static String key(String name, String label, String value) {
        String v = value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
        return name + "{" + label + "=\"" + v + "\"}";
    }

    /** The short name of a key ({@code missing_input_fraction} of {@code missing_input_fraction{feature="x"}}). */
    public static String baseName(String key) {
        int brace = key.indexOf('{');
        return brace < 0 ? key : key.substring(0, brace);
    }
}
