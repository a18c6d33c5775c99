package dev.shepherd.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.error.InvalidInputException;
import dev.shepherd.monitor.MetricNames;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one-line gate syntax of {@code shepherd rollout start --gate}, turned into the gate mapping
 * of the rollout API ({@link dev.shepherd.config.RolloutSpecReader}):
 *
 * <pre>
 * METRIC[{LABEL}] OP BOUND          spaces are optional
 *
 * error_rate &lt;= 0.01                 {metric: error_rate, max: 0.01}               absolute maximum
 * accuracy &gt;= 0.9                    {metric: accuracy, min: 0.9}                  absolute minimum
 * latency_p99_ms &lt;= 1.2x             {metric: latency_p99_ms, maxRatioToPrimary: 1.2}
 * confidence_mean &gt;= 0.9x           {metric: confidence_mean, minRatioToPrimary: 0.9}
 * feedback_rate{redo_search} &lt;= +0.05  {metric: feedback_rate, event: redo_search, maxDeltaToPrimary: 0.05}
 * missing_input_fraction{feature="income"} &lt;= 0.1
 * </pre>
 *
 * A bare label is the metric's own label kind from {@link MetricNames} ({@code event} for
 * {@code feedback_rate}, {@code feature} for {@code missing_input_fraction}); {@code event=} or
 * {@code feature=} names it explicitly, the value optionally in double quotes. A bound ending in
 * {@code x} is a ratio to the primary, one starting with {@code +} a difference to the primary
 * (only with {@code <=}); anything else is absolute. Only the syntax is checked here: which
 * metrics exist and which bounds they take is the server's to say. Stateless.
 */
final class GateSyntax {
    private static final Pattern GATE = Pattern.compile(
            "\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*"                                   // metric
                    + "(?:\\{\\s*(?:(event|feature)\\s*=\\s*)?(\"[^\"]*\"|[^\"{}=\\s]+)\\s*})?\\s*" // {label}
                    + "(<=|>=|=<|=>|<|>|==|=)?\\s*"                              // operator
                    + "(\\S*?)\\s*");                                            // bound
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");
    private static final String FORMS = "expected METRIC[{LABEL}] <= BOUND or >= BOUND, with BOUND 0.01 (absolute), "
            + "1.2x (ratio to the primary) or +0.05 (difference to the primary), e.g. 'error_rate<=0.01', "
            + "'latency_p99_ms<=1.2x', 'feedback_rate{redo_search}<=+0.05'";

    private GateSyntax() {
    }

    /**
     * The gate mapping {@code text} describes.
     *
     * @throws InvalidInputException naming {@code --gate} and quoting {@code text} when it is not a gate
     */
    static ObjectNode parse(String text) {
        Matcher m = GATE.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw invalid(text, FORMS);
        }
        String metric = m.group(1);
        String op = m.group(4);
        String bound = m.group(5);
        if (op == null) {
            throw invalid(text, "no comparison; " + FORMS);
        }
        if (!op.equals("<=") && !op.equals(">=")) {
            throw invalid(text, "unsupported comparison '" + op + "', use <= or >=");
        }
        if (bound.isEmpty()) {
            throw invalid(text, "no bound after " + op + "; " + FORMS);
        }
        boolean ratio = bound.endsWith("x") || bound.endsWith("X");
        boolean delta = bound.startsWith("+");
        String digits = ratio ? bound.substring(0, bound.length() - 1) : bound;
        if (!NUMBER.matcher(digits).matches()) {
            throw invalid(text, "bound '" + bound + "' is not a number; " + FORMS);
        }
        if (ratio && delta) {
            throw invalid(text, "bound '" + bound + "' is both a ratio (x) and a difference (+); pick one");
        }
        double value = Double.parseDouble(digits);
        if (!Double.isFinite(value)) {
            throw invalid(text, "bound '" + bound + "' is not a finite number");
        }
        if (ratio && value <= 0) {
            throw invalid(text, "a ratio to the primary must be > 0, was " + digits);
        }
        if (delta && op.equals(">=")) {
            throw invalid(text, "a difference to the primary is only an upper bound (<= +" + digits.substring(1)
                    + "); for a lower bound use a ratio such as >= 0.9x");
        }
        ObjectNode gate = JsonNodeFactory.instance.objectNode().put("metric", metric);
        if (m.group(3) != null) {
            String label = m.group(3).startsWith("\"") ? m.group(3).substring(1, m.group(3).length() - 1) : m.group(3);
            if (label.isBlank()) {
                throw invalid(text, "the label in braces is empty");
            }
            gate.put(m.group(2) != null ? m.group(2) : labelKind(metric), label);
        }
        String field = ratio ? (op.equals("<=") ? "maxRatioToPrimary" : "minRatioToPrimary")
                : delta ? "maxDeltaToPrimary" : (op.equals("<=") ? "max" : "min");
        return gate.put(field, value);
    }

    /** {@code event} for metrics labelled by a feedback event, else {@code feature}. */
    private static String labelKind(String metric) {
        return MetricNames.describe(metric).map(MetricNames.Metric::label)
                .filter(MetricNames.EVENT::equals).orElse(MetricNames.FEATURE);
    }

    private static InvalidInputException invalid(String text, String why) {
        return new InvalidInputException("--gate", "--gate '" + text + "': " + why);
    }
}
