package dev.shepherd.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExprParserTest {
    private static ToDoubleFunction<Expr.Metric> values(Map<String, Double> v) {
        return m -> v.getOrDefault(m.roleOrPrimary() + ":" + m.key(), Double.NaN);
    }

    @Test
    void comparesMetricsWithNumbersAndEachOther() {
        Map<String, Double> v = Map.of("primary:null_output_fraction", 0.07, "primary:error_rate", 0.01,
                "candidate:error_rate", 0.03, "primary:missing_input_fraction{feature=\"income\"}", 0.25,
                "primary:feedback_rate{event=\"redo_search\"}", 0.02, "primary:request_rate", 0.0);
        assertThat(ExprParser.parse("null_output_fraction > 0.05").holds(values(v))).isTrue();
        assertThat(ExprParser.parse("null_output_fraction > 0.1").holds(values(v))).isFalse();
        assertThat(ExprParser.parse("missing_input_fraction{feature=\"income\"} > 0.2").holds(values(v))).isTrue();
        assertThat(ExprParser.parse("feedback_rate{event=\"redo_search\"} >= 0.1").holds(values(v))).isFalse();
        assertThat(ExprParser.parse("request_rate < 1").holds(values(v))).isTrue();
        assertThat(ExprParser.parse("candidate.error_rate > 2 * primary.error_rate").holds(values(v))).isTrue();
        assertThat(ExprParser.parse("candidate.error_rate - error_rate > 0.05").holds(values(v))).isFalse();
        assertThat(ExprParser.parse("error_rate > 0.05 or null_output_fraction > 0.05 and request_rate < 1")
                .holds(values(v))).isTrue();
        assertThat(ExprParser.parse("(error_rate > 0.05 or null_output_fraction > 0.05) and request_rate > 1")
                .holds(values(v))).isFalse();
        assertThat(ExprParser.parse("-error_rate < -0.005").holds(values(v))).isTrue();
        assertThat(ExprParser.parse("1.5e-2 > error_rate").holds(values(v))).isTrue();
    }

    @Test
    void aMissingMetricNeverHolds() {
        assertThat(ExprParser.parse("latency_p99_ms > 250").holds(values(Map.of()))).isFalse();
        assertThat(ExprParser.parse("latency_p99_ms <= 250").holds(values(Map.of()))).isFalse();
        assertThat(ExprParser.parse("latency_p99_ms != 250").holds(values(Map.of()))).isFalse();
    }

    @Test
    void printsItsNormalForm() {
        assertThat(ExprParser.parse("candidate.error_rate>2*error_rate").toString())
                .isEqualTo("(candidate.error_rate > (2 * error_rate))");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "''|1|empty expression",
        "error_rat > 1|1|unknown metric 'error_rat'",
        "error_rate >|13|expected a number, a metric or '(' at the end",
        "error_rate > 0.05 extra|19|unexpected 'e'",
        "(error_rate > 1|16|expected ')'",
        "error_rate{feature=\"x\"} > 1|12|error_rate takes no label",
        "missing_input_fraction{event=\"x\"} > 1|24|is labelled by feature, not event",
        "feedback_rate > 0.1|15|feedback_rate needs {event=",
        "canary.error_rate > 1|1|'canary' is not a role",
        "missing_input_fraction{feature=income} > 1|32|expected a quoted value",
        "error_rate > 1e999|14|not a number",
        "error_rate > $|14|found '$'",
    })
    void badExpressionsSayWhereAndWhy(String text, int column, String message) {
        assertThatThrownBy(() -> ExprParser.parse(text)).isInstanceOfSatisfying(ExprException.class, e -> {
            assertThat(e.column()).as(e.getMessage()).isEqualTo(column);
            assertThat(e.getMessage()).contains(message);
        });
    }
}
