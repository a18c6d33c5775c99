package dev.shepherd.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.error.ConfigError;
import dev.shepherd.error.InvalidConfigException;
import dev.shepherd.monitor.MetricNames;
import dev.shepherd.rollout.Gate;
import dev.shepherd.rollout.RolloutSpec;
import dev.shepherd.rollout.Step;
import dev.shepherd.rollout.Strategy;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads a rollout ({@code spec.rollout} of a Deployment, or the body of a {@code rollout start}):
 * <pre>
 * candidate: v2                      # required
 * strategy: canary                   # shadow | canary | blue-green (default canary)
 * steps:                             # canary; default 5, 25, 50, 100 % with bake 1m each
 *   - {weight: 5, bake: 2m, minRequests: 200, approval: false}
 * gates:                             # default: error_rate max 0.05, null_output_fraction max 0.05
 *   - {metric: error_rate, max: 0.01}
 *   - {metric: latency_p99_ms, maxRatioToPrimary: 1.2}
 *   - {metric: feedback_rate, event: redo_search, maxRatioToPrimary: 1.1}
 *   - {alert: many-null-outputs}     # one of the deployment's alert rules, read for the candidate
 * shadow: {share: 1.0, duration: 10m, requests: 1000, then: stop}   # then: stop | canary
 * blueGreen: {warmup: 50, verify: 0s, bake: 2m, retention: 30m}
 * analysis: {window: 1m, minRequests: 20}
 * stickyKey: {feature: customer_id}  # else the X-Shepherd-Key header, else random
 * compareShare: 1.0                  # canary requests also run on the primary to measure disagreement
 * </pre>
 * Every problem is collected with its path. Thread-safe.
 */
public final class RolloutSpecReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("candidate", "strategy", "steps", "gates", "shadow", "blueGreen",
            "analysis", "stickyKey", "compareShare");
    private static final Set<String> GATE_FIELDS = Set.of("metric", "event", "feature", "max", "min",
            "maxRatioToPrimary", "minRatioToPrimary", "maxDeltaToPrimary", "alert");

    /** Default canary steps: 5, 25, 50, 100 % with one minute of bake each. */
    public static final List<Step> DEFAULT_STEPS = List.of(
            new Step(5, Duration.ofMinutes(1), 0, false), new Step(25, Duration.ofMinutes(1), 0, false),
            new Step(50, Duration.ofMinutes(1), 0, false), new Step(100, Duration.ofMinutes(1), 0, false));
    /** Default gates when none are declared: error rate and null outputs at most 5 %. */
    public static final List<Gate> DEFAULT_GATES = List.of(
            new Gate(MetricNames.ERROR_RATE, null, 0.05, null, null, null, null),
            new Gate(MetricNames.NULL_OUTPUT_FRACTION, null, 0.05, null, null, null, null));
    /** Default gate evaluation: the last minute, once the candidate answered 20 requests in it. */
    public static final RolloutSpec.Analysis DEFAULT_ANALYSIS = new RolloutSpec.Analysis(Duration.ofMinutes(1), 20);
    /** Default blue-green: 50 warm-up requests, no verification, bake 2 minutes, blue kept 30 minutes. */
    public static final RolloutSpec.BlueGreen DEFAULT_BLUE_GREEN = new RolloutSpec.BlueGreen(50, Duration.ZERO,
            Duration.ofMinutes(2), Duration.ofMinutes(30));

    private RolloutSpecReader() {
    }

    /** Parses a rollout given as JSON text (the stored form); invalid text is an {@link InvalidConfigException}. */
    public static RolloutSpec parse(String json) {
        try {
            return parse(JSON.readTree(json), "rollout");
        } catch (IOException e) {
            throw new InvalidConfigException("rollout", "not valid JSON: " + e.getMessage());
        }
    }

    /** Parses a rollout node; every problem is reported together, under {@code path}. */
    public static RolloutSpec parse(JsonNode node, String path) {
        List<ConfigError> errors = new ArrayList<>();
        RolloutSpec spec = read(node, path, errors);
        if (!errors.isEmpty()) {
            throw new InvalidConfigException(errors);
        }
        return spec;
    }

    /** Reads a rollout node, adding problems to {@code errors}; {@code null} when it has any. */
    static RolloutSpec read(JsonNode node, String path, List<ConfigError> errors) {
        if (node == null || !node.isObject()) {
            errors.add(new ConfigError(path, "must be a mapping with candidate and strategy"));
            return null;
        }
        Fields f = new Fields(node, path, errors);
        unknown(f, FIELDS);
        String candidate = f.text("candidate", true);
        String strategyText = f.text("strategy", false);
        Strategy strategy = Strategy.CANARY;
        if (strategyText != null) {
            strategy = Strategy.parse(strategyText).orElse(null);
            if (strategy == null) {
                f.error("strategy", "must be shadow, canary or blue-green, was '" + strategyText + "'");
            }
        }
        List<Step> steps = steps(f);
        List<Gate> gates = gates(f);
        RolloutSpec.Shadow shadow = shadow(f);
        RolloutSpec.BlueGreen blueGreen = blueGreen(f);
        RolloutSpec.Analysis analysis = analysis(f);
        String sticky = null;
        Fields key = f.object("stickyKey", false);
        if (key != null) {
            unknown(key, Set.of("feature"));
            sticky = key.text("feature", true);
        }
        Double compare = f.number("compareShare");
        if (compare != null && (compare < 0 || compare > 1)) {
            f.error("compareShare", "must be in 0..1, was " + compare);
        }
        if (f.failed()) {
            return null;
        }
        return new RolloutSpec(candidate, strategy, steps, gates, shadow, blueGreen, analysis, sticky,
                compare == null ? 1.0 : compare);
    }

    private static List<Step> steps(Fields f) {
        JsonNode n = f.node.get("steps");
        if (n == null || n.isNull()) {
            return DEFAULT_STEPS;
        }
        if (!n.isArray() || n.isEmpty()) {
            f.error("steps", "must be a non-empty list of {weight, bake, minRequests, approval}");
            return List.of();
        }
        List<Step> out = new ArrayList<>();
        double last = 0;
        for (int i = 0; i < n.size(); i++) {
            Fields s = new Fields(n.get(i), f.path + ".steps[" + i + "]", f.errors());
            if (!n.get(i).isObject()) {
                s.error("", "must be a mapping like {weight: 5, bake: 2m}");
                continue;
            }
            unknown(s, Set.of("weight", "bake", "minRequests", "approval"));
            Double w = s.number("weight");
            if (w == null) {
                s.error("weight", "is required (percent of traffic, 0 < weight <= 100)");
                continue;
            }
            if (!(w > 0 && w <= 100)) {
                s.error("weight", "must be in (0, 100] percent, was " + w);
                continue;
            }
            if (w < last) {
                s.error("weight", "must not decrease from the step before (" + last + "), was " + w);
            }
            last = w;
            Duration bake = s.duration("bake", Duration.ofMinutes(1));
            long min = count(s, "minRequests");
            Boolean approval = s.bool("approval");
            if (bake != null) {
                out.add(new Step(w, bake, min, approval != null && approval));
            }
        }
        return out;
    }

    private static List<Gate> gates(Fields f) {
        JsonNode n = f.node.get("gates");
        if (n == null || n.isNull()) {
            return DEFAULT_GATES;
        }
        if (!n.isArray()) {
            f.error("gates", "must be a list of {metric, max | min | maxRatioToPrimary | ...}");
            return List.of();
        }
        List<Gate> out = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            Fields g = new Fields(n.get(i), f.path + ".gates[" + i + "]", f.errors());
            if (!n.get(i).isObject()) {
                g.error("", "must be a mapping like {metric: error_rate, max: 0.01}");
                continue;
            }
            unknown(g, GATE_FIELDS);
            if (n.get(i).has("alert")) {
                String rule = g.text("alert", true);
                if (n.get(i).size() > 1) {
                    g.error("alert", "an alert gate takes only the rule's name");
                } else if (rule != null) {
                    out.add(Gate.alertRule(rule));
                }
                continue;
            }
            String metric = g.text("metric", true);
            if (metric == null) {
                continue;
            }
            MetricNames.Metric m = MetricNames.describe(metric).orElse(null);
            if (m == null || !metric.equals(m.name())) {
                g.error("metric", "unknown metric '" + metric + "'; gates take a metric of the vocabulary, e.g. "
                        + "error_rate, latency_p99_ms, null_output_fraction, low_confidence_fraction, "
                        + "disagreement_rate, feedback_rate");
                continue;
            }
            String event = g.text("event", false);
            String feature = g.text("feature", false);
            String label = event != null ? event : feature;
            if (MetricNames.EVENT.equals(m.label()) && event == null) {
                g.error("event", "is required for " + metric + " (the feedback event, e.g. redo_search)");
            } else if (m.label() == null && label != null) {
                g.error(event != null ? "event" : "feature", metric + " takes no label");
            } else if (MetricNames.FEATURE.equals(m.label()) && event != null) {
                g.error("event", metric + " is labelled by feature, not event");
            }
            Double max = g.number("max");
            Double min = g.number("min");
            Double maxRatio = positive(g, "maxRatioToPrimary");
            Double minRatio = positive(g, "minRatioToPrimary");
            Double maxDelta = g.number("maxDeltaToPrimary");
            if (max == null && min == null && maxRatio == null && minRatio == null && maxDelta == null) {
                g.error("", "needs a bound: max, min, maxRatioToPrimary, minRatioToPrimary or maxDeltaToPrimary");
                continue;
            }
            if (MetricNames.DISAGREEMENT_RATE.equals(metric) && (maxRatio != null || minRatio != null || maxDelta != null)) {
                g.error("metric", "disagreement_rate is measured against the primary already; use max");
                continue;
            }
            out.add(new Gate(metric, label, max, min, maxRatio, minRatio, maxDelta));
        }
        return out;
    }

    private static RolloutSpec.Shadow shadow(Fields f) {
        Fields s = f.object("shadow", false);
        if (s == null) {
            return new RolloutSpec.Shadow(1.0, null, 0, false);
        }
        unknown(s, Set.of("share", "duration", "requests", "then"));
        Double share = s.number("share");
        if (share != null && !(share > 0 && share <= 1)) {
            s.error("share", "must be in (0, 1], was " + share);
        }
        Duration duration = s.duration("duration", null);
        long requests = count(s, "requests");
        String then = s.text("then", false);
        if (then != null && !then.equals("stop") && !then.equals("canary")) {
            s.error("then", "must be stop or canary, was '" + then + "'");
        }
        return new RolloutSpec.Shadow(share == null ? 1.0 : share, duration, requests, "canary".equals(then));
    }

    private static RolloutSpec.BlueGreen blueGreen(Fields f) {
        Fields b = f.object("blueGreen", false);
        if (b == null) {
            return DEFAULT_BLUE_GREEN;
        }
        unknown(b, Set.of("warmup", "verify", "bake", "retention"));
        RolloutSpec.BlueGreen d = DEFAULT_BLUE_GREEN;
        long warmup = b.node.has("warmup") ? count(b, "warmup") : d.warmup();
        if (warmup > 10_000) {
            b.error("warmup", "must be at most 10000 requests, was " + warmup);
        }
        Duration verify = b.duration("verify", d.verify());
        Duration bake = b.duration("bake", d.bake());
        Duration retention = b.duration("retention", d.retention());
        return new RolloutSpec.BlueGreen((int) Math.min(warmup, 10_000), verify, bake, retention);
    }

    private static RolloutSpec.Analysis analysis(Fields f) {
        Fields a = f.object("analysis", false);
        if (a == null) {
            return DEFAULT_ANALYSIS;
        }
        unknown(a, Set.of("window", "minRequests"));
        Duration window = a.duration("window", DEFAULT_ANALYSIS.window());
        if (window != null && window.compareTo(Duration.ofSeconds(10)) < 0) {
            a.error("window", "must be at least 10s (the monitoring bucket), was " + Durations.format(window));
        }
        long min = a.node.has("minRequests") ? count(a, "minRequests") : DEFAULT_ANALYSIS.minRequests();
        return new RolloutSpec.Analysis(window, min);
    }


    private static long count(Fields f, String field) {
        JsonNode v = f.node.get(field);
        if (v == null || v.isNull()) {
            return 0;
        }
        if (!v.canConvertToLong() || !v.isIntegralNumber() || v.longValue() < 0) {
            f.error(field, "must be a whole number >= 0, was " + v);
            return 0;
        }
        return v.longValue();
    }

    private static Double positive(Fields f, String field) {
        Double v = f.number(field);
        if (v != null && v <= 0) {
            f.error(field, "must be > 0, was " + v);
            return null;
        }
        return v;
    }

    private static void unknown(Fields f, Set<String> known) {
        for (Iterator<String> it = f.node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name)) {
                f.error(name, "unknown field; expected one of " + new java.util.TreeSet<>(known));
            }
        }
    }
}
