package dev.shepherd.rollout;

import dev.shepherd.monitor.MetricNames;

/**
 * A condition on one candidate metric, checked continuously while the candidate takes traffic; a
 * gate that fails rolls the candidate back at once. Bounds are absolute ({@code max}, {@code min})
 * or relative to the primary over the same window ({@code maxRatioToPrimary}: candidate ≤ ratio ×
 * primary; {@code minRatioToPrimary}: candidate ≥ ratio × primary; {@code maxDeltaToPrimary}:
 * candidate ≤ primary + delta). Unset bounds are {@code null}; at least one is set.
 *
 * @param metric a metric of {@link MetricNames} ({@code error_rate}, {@code latency_p99_ms},
 *               {@code null_output_fraction}, {@code low_confidence_fraction},
 *               {@code disagreement_rate}, {@code feedback_rate}, …)
 * @param label  the label value for a labelled metric ({@code redo_search} of
 *               {@code feedback_rate}, a feature of {@code missing_input_fraction}), or {@code null}
 */
public record Gate(String metric, String label, Double max, Double min, Double maxRatioToPrimary,
                   Double minRatioToPrimary, Double maxDeltaToPrimary, String alert) {

    /** A gate on one metric. */
    public Gate(String metric, String label, Double max, Double min, Double maxRatioToPrimary, Double minRatioToPrimary,
                Double maxDeltaToPrimary) {
        this(metric, label, max, min, maxRatioToPrimary, minRatioToPrimary, maxDeltaToPrimary, null);
    }

    /**
     * A gate that names one of the deployment's alert rules: it fails when the rule's condition
     * holds for the candidate (its metrics read from the candidate's series; {@code primary.}
     * metrics from the primary's).
     */
    public static Gate alertRule(String rule) {
        return new Gate(null, null, null, null, null, null, null, rule);
    }

    /** Whether the gate compares with the primary. */
    public boolean relative() {
        return maxRatioToPrimary != null || minRatioToPrimary != null || maxDeltaToPrimary != null;
    }

    /** The key of the metric in {@link dev.shepherd.monitor.SeriesStats#values()} ({@code alert:name} for a rule gate). */
    public String key() {
        if (alert != null) {
            return "alert:" + alert;
        }
        if (label == null) {
            return metric;
        }
        String labelName = MetricNames.describe(metric).map(MetricNames.Metric::label).orElse(MetricNames.FEATURE);
        return MetricNames.key(metric, labelName, label);
    }

    /** A short description: {@code error_rate <= 0.01}, {@code latency_p99_ms <= 1.2 x primary}. */
    public String describe() {
        if (alert != null) {
            return "alert rule " + alert + " not firing for the candidate";
        }
        StringBuilder s = new StringBuilder();
        append(s, max, " <= ", "");
        append(s, min, " >= ", "");
        append(s, maxRatioToPrimary, " <= ", " x primary");
        append(s, minRatioToPrimary, " >= ", " x primary");
        append(s, maxDeltaToPrimary, " <= primary + ", "");
        return key() + s;
    }

    private static void append(StringBuilder s, Double v, String op, String suffix) {
        if (v != null) {
            s.append(s.isEmpty() ? "" : ",").append(op).append(fmt(v)).append(suffix);
        }
    }

    static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
