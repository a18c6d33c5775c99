package dev.shepherd.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.monitor.Distribution;
import dev.shepherd.monitor.FeatureStats;
import dev.shepherd.monitor.FeedbackStats;
import dev.shepherd.monitor.LatencySummary;
import dev.shepherd.monitor.OutputStats;
import dev.shepherd.monitor.SeriesKey;
import dev.shepherd.monitor.SeriesStats;
import java.util.Map;

/**
 * The JSON views of monitoring statistics. A metric with no data in the window is left out (never
 * {@code NaN}); keys are snake_case.
 *
 * <p>A series summary: {@code {version, role, values: {vocabulary…}, requests, errors,
 * errors_by_code: {code: n}, latency_ms: {count, p50, p90, p99, max, mean}, model_latency_ms,
 * payload_bytes, inputs: {missing_fraction, request_missing_fraction_mean}, features: [feature…],
 * outputs: {predictions, nulls, null_fraction, classes: {label: n}, confidence: dist,
 * low_confidence, low_confidence_fraction, low_confidence_threshold, scores: dist}, feedback:
 * {labels, classification_labels, correct, accuracy, regression_labels, mae, events: {name: n}}}}.
 * A feature: {@code {name, type, media?, count, missing, missing_fraction, values?: dist,
 * top_categories?: [{value, count, fraction}], category_max_error?, unseen_fraction?, length?,
 * volume?, brightness?, duration?, rms?}}, where a distribution ({@code dist}) is
 * {@code {count, mean, std, min, max, quantiles: {p01, p05, p25, p50, p75, p95, p99},
 * quantile_rank_error}}. Stateless and thread-safe.
 */
final class MetricsViews {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final double[] QUANTILES = {0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99};
    private static final String[] QUANTILE_NAMES = {"p01", "p05", "p25", "p50", "p75", "p95", "p99"};

    private MetricsViews() {
    }

    /** Puts {@code version} ({@code null} for feedback not tied to a version) and {@code role}. */
    static void key(ObjectNode o, SeriesKey key) {
        o.put("version", MonitoringMeters.hasVersion(key) ? key.version() : null);
        o.put("role", key.role() == null ? null : key.role().wireName());
    }

    /** The headline values, in vocabulary order. */
    static ObjectNode values(SeriesStats s) {
        ObjectNode v = F.objectNode();
        s.values().forEach(v::put);
        return v;
    }

    static ObjectNode summary(SeriesKey key, SeriesStats s) {
        ObjectNode o = F.objectNode();
        key(o, key);
        o.set("values", values(s));
        o.put("requests", s.requests());
        o.put("errors", s.errors());
        ObjectNode codes = o.putObject("errors_by_code");
        s.errorsByCode().forEach(codes::put);
        latency(o, "latency_ms", s.latency());
        latency(o, "model_latency_ms", s.modelLatency());
        o.put("payload_bytes", s.payloadBytes());
        ObjectNode inputs = o.putObject("inputs");
        number(inputs, "missing_fraction", s.missingInputFraction());
        number(inputs, "request_missing_fraction_mean", s.requestMissingFractionMean());
        ArrayNode features = o.putArray("features");
        s.features().values().forEach(f -> features.add(feature(f)));
        o.set("outputs", outputs(s.outputs()));
        o.set("feedback", feedback(s.feedback()));
        return o;
    }

    static ObjectNode feature(FeatureStats f) {
        ObjectNode o = F.objectNode();
        o.put("name", f.name());
        o.put("type", f.type().wireName());
        if (f.media() != null && f.media() != dev.shepherd.schema.TensorMedia.NONE) {
            o.put("media", f.media().name().toLowerCase(java.util.Locale.ROOT));
        }
        o.put("count", f.count());
        o.put("missing", f.missing());
        number(o, "missing_fraction", f.missingFraction());
        distribution(o, "values", f.values());
        if (!f.topCategories().isEmpty()) {
            long present = f.count() - f.missing();
            ArrayNode top = o.putArray("top_categories");
            for (FeatureStats.CategoryCount c : f.topCategories()) {
                ObjectNode t = top.addObject().put("value", c.value()).put("count", c.count());
                number(t, "fraction", present == 0 ? Double.NaN : (double) c.count() / present);
            }
            o.put("category_max_error", f.categoryMaxError());
        }
        number(o, "unseen_fraction", f.unseenFraction());
        distribution(o, "length", f.length());
        distribution(o, "volume", f.volume());
        distribution(o, "brightness", f.brightness());
        distribution(o, "duration", f.duration());
        distribution(o, "rms", f.rms());
        return o;
    }

    private static ObjectNode outputs(OutputStats out) {
        ObjectNode o = F.objectNode();
        o.put("predictions", out.predictions());
        o.put("nulls", out.nulls());
        number(o, "null_fraction", out.nullFraction());
        ObjectNode classes = o.putObject("classes");
        out.classCounts().forEach(classes::put);
        distribution(o, "confidence", out.confidence());
        o.put("low_confidence", out.lowConfidence());
        number(o, "low_confidence_fraction", out.lowConfidenceFraction());
        o.put("low_confidence_threshold", out.lowConfidenceThreshold());
        distribution(o, "scores", out.scores());
        return o;
    }

    private static ObjectNode feedback(FeedbackStats fb) {
        ObjectNode o = F.objectNode();
        o.put("labels", fb.labels());
        o.put("classification_labels", fb.classificationLabels());
        o.put("correct", fb.correct());
        number(o, "accuracy", fb.accuracy());
        o.put("regression_labels", fb.regressionLabels());
        number(o, "mae", fb.mae());
        ObjectNode events = o.putObject("events");
        for (Map.Entry<String, Long> e : fb.events().entrySet()) {
            events.put(e.getKey(), e.getValue());
        }
        return o;
    }

    private static void latency(ObjectNode parent, String field, LatencySummary l) {
        if (l.count() == 0) {
            return;
        }
        ObjectNode o = parent.putObject(field);
        o.put("count", l.count());
        number(o, "p50", l.p50() * 1e3);
        number(o, "p90", l.p90() * 1e3);
        number(o, "p99", l.p99() * 1e3);
        number(o, "max", l.max() * 1e3);
        number(o, "mean", l.mean() * 1e3);
    }

    private static void distribution(ObjectNode parent, String field, Distribution d) {
        if (d == null || d.count() == 0) {
            return;
        }
        ObjectNode o = parent.putObject(field);
        o.put("count", d.count());
        number(o, "mean", d.mean());
        number(o, "std", d.std());
        number(o, "min", d.min());
        number(o, "max", d.max());
        ObjectNode q = o.putObject("quantiles");
        for (int i = 0; i < QUANTILES.length; i++) {
            number(q, QUANTILE_NAMES[i], d.quantile(QUANTILES[i]));
        }
        number(o, "quantile_rank_error", d.quantileRankError());
    }

    private static void number(ObjectNode o, String field, double v) {
        if (Double.isFinite(v)) {
            o.put(field, v);
        }
    }
}
