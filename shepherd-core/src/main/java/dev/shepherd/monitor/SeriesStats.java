package dev.shepherd.monitor;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An immutable snapshot of one series (deployment × version × role) over a window: software
 * metrics, per-feature input statistics, outputs and feedback, and the headline
 * {@link #values()} in the shared {@link MetricNames} vocabulary. Thread-safe.
 */
public final class SeriesStats {
    private final Duration window;
    private final long requests;
    private final long decodedRequests;
    private final long instances;
    private final Map<String, Long> errorsByCode;
    private final long errors;
    private final LatencySummary latency;
    private final LatencySummary modelLatency;
    private final long payloadBytes;
    private final Map<String, FeatureStats> features;
    private final long cells;
    private final long missingCells;
    private final long inputRequests;
    private final double requestMissingSum;
    private final OutputStats outputs;
    private final FeedbackStats feedback;
    private final Map<String, Double> values;

    SeriesStats(Duration window, long requests, long decodedRequests, long instances, Map<String, Long> errorsByCode,
                LatencySummary latency, LatencySummary modelLatency, long payloadBytes,
                Map<String, FeatureStats> features, long cells, long missingCells, long inputRequests,
                double requestMissingSum, OutputStats outputs, FeedbackStats feedback) {
        this.window = window;
        this.requests = requests;
        this.decodedRequests = decodedRequests;
        this.instances = instances;
        this.errorsByCode = errorsByCode;
        this.errors = errorsByCode.values().stream().mapToLong(Long::longValue).sum();
        this.latency = latency;
        this.modelLatency = modelLatency;
        this.payloadBytes = payloadBytes;
        this.features = Collections.unmodifiableMap(features);
        this.cells = cells;
        this.missingCells = missingCells;
        this.inputRequests = inputRequests;
        this.requestMissingSum = requestMissingSum;
        this.outputs = outputs;
        this.feedback = feedback;
        this.values = Collections.unmodifiableMap(headline());
    }

    /** Length of the window the stats cover (the divisor of {@link #throughput()}). */
    public Duration window() {
        return window;
    }

    /** Requests, answered or failed. */
    public long requests() {
        return requests;
    }

    /** Instances of decoded requests (a batch of n counts n). */
    public long instances() {
        return instances;
    }

    /** Requests whose outcome was not {@code ok}. */
    public long errors() {
        return errors;
    }

    /** Failed requests by error code wire name, most frequent first. */
    public Map<String, Long> errorsByCode() {
        return errorsByCode;
    }

    /** {@link #errors()} over {@link #requests()}, a ratio; {@code NaN} without requests. */
    public double errorRate() {
        return OutputStats.ratio(errors, requests);
    }

    /** Requests per second over {@link #window()}. */
    public double throughput() {
        double seconds = window.toNanos() / 1e9;
        return seconds > 0 ? requests / seconds : Double.NaN;
    }

    /** End-to-end latency inside the gateway, seconds. */
    public LatencySummary latency() {
        return latency;
    }

    /** Time inside the model, seconds (requests that reached the model). */
    public LatencySummary modelLatency() {
        return modelLatency;
    }

    /** Mean instances per decoded request; {@code NaN} without any. */
    public double batchSizeMean() {
        return OutputStats.ratio(instances, decodedRequests);
    }

    /** Request body bytes, total over the window. */
    public long payloadBytes() {
        return payloadBytes;
    }

    /** Monitored features by name, in the order first seen (at most the deployment's feature cap). */
    public Map<String, FeatureStats> features() {
        return features;
    }

    /** Missing values over all monitored values (instances × features), a ratio; {@code NaN} without inputs. */
    public double missingInputFraction() {
        return OutputStats.ratio(missingCells, cells);
    }

    /** Mean over requests of each request's fraction of missing values; {@code NaN} without inputs. */
    public double requestMissingFractionMean() {
        return inputRequests == 0 ? Double.NaN : requestMissingSum / inputRequests;
    }

    public OutputStats outputs() {
        return outputs;
    }

    public FeedbackStats feedback() {
        return feedback;
    }

    /**
     * The headline metrics keyed by {@link MetricNames} ({@code request_rate},
     * {@code latency_p99_ms}, {@code missing_input_fraction{feature="income"}}, …) in the units
     * documented there. A metric without data in the window (a ratio over zero) is absent, never
     * {@code NaN}. Iteration order is stable.
     */
    public Map<String, Double> values() {
        return values;
    }

    private Map<String, Double> headline() {
        Map<String, Double> v = new LinkedHashMap<>();
        put(v, MetricNames.REQUESTS, requests);
        put(v, MetricNames.REQUEST_RATE, throughput());
        put(v, MetricNames.ERRORS, errors);
        put(v, MetricNames.ERROR_RATE, errorRate());
        put(v, MetricNames.LATENCY_P50_MS, latency.p50() * 1e3);
        put(v, MetricNames.LATENCY_P90_MS, latency.p90() * 1e3);
        put(v, MetricNames.LATENCY_P99_MS, latency.p99() * 1e3);
        put(v, MetricNames.LATENCY_MAX_MS, latency.max() * 1e3);
        put(v, MetricNames.MODEL_LATENCY_P50_MS, modelLatency.p50() * 1e3);
        put(v, MetricNames.MODEL_LATENCY_P90_MS, modelLatency.p90() * 1e3);
        put(v, MetricNames.MODEL_LATENCY_P99_MS, modelLatency.p99() * 1e3);
        put(v, MetricNames.MODEL_LATENCY_MAX_MS, modelLatency.max() * 1e3);
        put(v, MetricNames.BATCH_SIZE_MEAN, batchSizeMean());
        put(v, MetricNames.PAYLOAD_BYTES, payloadBytes);
        put(v, MetricNames.MISSING_INPUT_FRACTION, missingInputFraction());
        for (FeatureStats f : features.values()) {
            put(v, MetricNames.key(MetricNames.MISSING_INPUT_FRACTION, MetricNames.FEATURE, f.name()),
                    f.missingFraction());
        }
        for (FeatureStats f : features.values()) {
            put(v, MetricNames.key(MetricNames.UNSEEN_CATEGORY_FRACTION, MetricNames.FEATURE, f.name()),
                    f.unseenFraction());
        }
        put(v, MetricNames.NULL_OUTPUT_FRACTION, outputs.nullFraction());
        put(v, MetricNames.LOW_CONFIDENCE_FRACTION, outputs.lowConfidenceFraction());
        put(v, MetricNames.CONFIDENCE_MEAN, outputs.confidence().mean());
        put(v, MetricNames.SCORE_MEAN, outputs.scores().mean());
        put(v, MetricNames.LABELS, feedback.labels());
        put(v, MetricNames.ACCURACY, feedback.accuracy());
        put(v, MetricNames.MAE, feedback.mae());
        for (String event : feedback.events().keySet()) {
            put(v, MetricNames.key(MetricNames.FEEDBACK_EVENTS, MetricNames.EVENT, event), feedback.events().get(event));
        }
        for (String event : feedback.events().keySet()) {
            put(v, MetricNames.key(MetricNames.FEEDBACK_RATE, MetricNames.EVENT, event), feedback.eventRate(event));
        }
        return v;
    }

    private static void put(Map<String, Double> v, String key, double value) {
        if (!Double.isNaN(value)) {
            v.put(key, value);
        }
    }

    @Override
    public String toString() {
        return "SeriesStats[window=" + window + ", " + values + "]";
    }
}
