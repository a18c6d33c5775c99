package dev.shepherd.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetricNamesTest {

    @Test
    void labelledKeysEscapeTheValueAndDescribeTheirMetric() {
        String key = MetricNames.key(MetricNames.MISSING_INPUT_FRACTION, MetricNames.FEATURE, "a\"b\\c");

        assertThat(key).isEqualTo("missing_input_fraction{feature=\"a\\\"b\\\\c\"}");
        assertThat(MetricNames.baseName(key)).isEqualTo("missing_input_fraction");
        assertThat(MetricNames.describe(key)).get().extracting(MetricNames.Metric::label).isEqualTo("feature");
        assertThat(MetricNames.describe("no_such_metric")).isEmpty();
    }

    @Test
    void theVocabularyHoldsTheNamesOfTheDesign() {
        assertThat(MetricNames.all()).extracting(MetricNames.Metric::name).contains("request_rate", "error_rate",
                "latency_p50_ms", "latency_p99_ms", "missing_input_fraction", "null_output_fraction",
                "low_confidence_fraction", "disagreement_rate", "accuracy", "feedback_rate", "drift_score",
                "drift_share", "review_queue_age_seconds", "cpu_load", "heap_used_fraction").doesNotHaveDuplicates();
        assertThat(MetricNames.all()).allSatisfy(m -> assertThat(m.help()).isNotBlank());
    }
}
