package dev.shepherd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsCommandRenderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void printsOneRowPerMetricAndOneColumnPerVersionAndRole() throws Exception {
        String body = """
                {"deployment": "credit", "window": "5m", "series": [
                  {"version": "v1", "role": "primary",
                   "values": {"request_rate": 2.5, "latency_p99_ms": 12.34567, "missing_input_fraction{feature=\\"income\\"}": 0.3}},
                  {"version": "v2", "role": "shadow", "values": {"request_rate": 2.5, "accuracy": 0.9}}
                ]}
                """;
        String table = MetricsCommand.render(JSON.readTree(body));
        assertThat(table.lines().findFirst()).hasValue("deployment credit, last 5m");
        assertThat(table.lines().skip(1).map(l -> List.of(l.split(" {3,}")))).containsExactly(
                List.of("METRIC", "v1/primary", "v2/shadow"),
                List.of("request_rate", "2.5", "2.5"),
                List.of("latency_p99_ms", "12.35", "-"),
                List.of("missing_input_fraction{feature=\"income\"}", "0.3", "-"),
                List.of("accuracy", "-", "0.9"));
    }

    @Test
    void saysSoWhenTheWindowHasNoRequests() throws Exception {
        assertThat(MetricsCommand.render(JSON.readTree("{\"deployment\": \"credit\", \"window\": \"1h\", \"series\": []}")))
                .isEqualTo("deployment credit, last 1h\nno requests in this window\n");
    }

    @Test
    void formatsNumbersCompactly() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        assertThat(MetricsCommand.format(f.numberNode(120.0))).isEqualTo("120");
        assertThat(MetricsCommand.format(f.numberNode(0.123456))).isEqualTo("0.1235");
        assertThat(MetricsCommand.format(f.numberNode(0.00001234))).isEqualTo("1.234e-05");
        assertThat(MetricsCommand.format(f.nullNode())).isEqualTo("-");
        assertThat(MetricsCommand.format(null)).isEqualTo("-");
    }
}
