package dev.shepherd.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shepherd.alert.AlertRule;
import dev.shepherd.alert.StarterRules;
import dev.shepherd.error.ConfigError;
import dev.shepherd.error.InvalidConfigException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertRulesReaderTest {
    @Test
    void starterRulesAreChangedSwitchedOffAndExtendedInYaml() {
        List<AlertRule> rules = AlertRulesReader.ofSpec("loans", """
                {"alerts": [
                  {"name": "slow", "expr": "latency_p99_ms > 250", "for": "2m"},
                  {"name": "cpu", "enabled": false},
                  {"name": "income-missing", "expr": "missing_input_fraction{feature=\\"income\\"} > 0.2",
                   "window": "15m", "severity": "page", "labels": {"team": "risk"}, "annotations": {"summary": "x"}}
                ]}""");
        assertThat(rules).extracting(AlertRule::name).containsAll(
                StarterRules.forDeployment("loans").stream().map(AlertRule::name).toList()).contains("income-missing");
        AlertRule slow = rules.stream().filter(r -> r.name().equals("slow")).findFirst().orElseThrow();
        assertThat(slow.expr()).isEqualTo("latency_p99_ms > 250");
        assertThat(slow.holdFor()).isEqualTo(Duration.ofMinutes(2));
        assertThat(slow.severity()).as("kept from the starter").isEqualTo("ticket");
        assertThat(rules.stream().filter(r -> r.name().equals("cpu")).findFirst().orElseThrow().enabled()).isFalse();
        AlertRule custom = rules.getLast();
        assertThat(custom.window()).isEqualTo(Duration.ofMinutes(15));
        assertThat(custom.labels()).containsEntry("team", "risk");
        assertThat(custom.deployment()).isEqualTo("loans");
        assertThat(AlertRulesReader.ofSpec("x", "{}")).hasSize(StarterRules.forDeployment("x").size());
    }

    @Test
    void anInvalidExpressionIsRejectedAtApplyWithItsColumn() {
        String yaml = """
                apiVersion: shepherd/v1
                kind: Deployment
                metadata: {name: loans}
                spec:
                  serving: v1
                  alerts:
                    - {name: bad, expr: "null_output_fraction >> 0.05"}
                    - {expr: "error_rate > 1"}
                    - {name: new-rule}
                """;
        assertThatThrownBy(() -> new ConfigParser(Clock.systemUTC()).parse(yaml, Path.of("."), "t"))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
                    assertThat(e.errors()).extracting(ConfigError::path).containsExactly(
                            "documents[0].spec.alerts[0].expr", "documents[0].spec.alerts[1].name",
                            "documents[0].spec.alerts[2].expr");
                    assertThat(e.errors().getFirst().message()).contains("at column 23");
                });
    }
}
