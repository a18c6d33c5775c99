package dev.shepherd.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shepherd.error.ConfigError;
import dev.shepherd.error.InvalidConfigException;
import dev.shepherd.rollout.Gate;
import dev.shepherd.rollout.RolloutSpec;
import dev.shepherd.rollout.Step;
import dev.shepherd.rollout.Strategy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RolloutSpecReaderTest {

    @Test
    void readsEveryFieldAndAppliesDefaults() {
        RolloutSpec s = RolloutSpecReader.parse("""
                {"candidate": "v2", "strategy": "blue-green",
                 "steps": [{"weight": 5, "bake": "2m", "minRequests": 200, "approval": true}, {"weight": 100}],
                 "gates": [{"metric": "feedback_rate", "event": "redo_search", "maxDeltaToPrimary": 0.02},
                           {"metric": "missing_input_fraction", "feature": "income", "max": 0.2},
                           {"metric": "latency_p99_ms", "maxRatioToPrimary": 1.2, "max": 250}],
                 "shadow": {"share": 0.25, "duration": "10m", "requests": 500, "then": "canary"},
                 "blueGreen": {"warmup": 7, "verify": "30s", "bake": "5m", "retention": "1h"},
                 "analysis": {"window": "5m", "minRequests": 50},
                 "stickyKey": {"feature": "customer_id"}, "compareShare": 0.5}""");
        assertThat(s.strategy()).isEqualTo(Strategy.BLUE_GREEN);
        assertThat(s.steps()).containsExactly(new Step(5, Duration.ofMinutes(2), 200, true),
                new Step(100, Duration.ofMinutes(1), 0, false));
        assertThat(s.gates()).extracting(Gate::key).containsExactly("feedback_rate{event=\"redo_search\"}",
                "missing_input_fraction{feature=\"income\"}", "latency_p99_ms");
        assertThat(s.gates().get(2).describe()).isEqualTo("latency_p99_ms <= 250, <= 1.2 x primary");
        assertThat(s.shadow()).isEqualTo(new RolloutSpec.Shadow(0.25, Duration.ofMinutes(10), 500, true));
        assertThat(s.blueGreen()).isEqualTo(new RolloutSpec.BlueGreen(7, Duration.ofSeconds(30), Duration.ofMinutes(5),
                Duration.ofHours(1)));
        assertThat(s.analysis()).isEqualTo(new RolloutSpec.Analysis(Duration.ofMinutes(5), 50));
        assertThat(s.stickyFeature()).isEqualTo("customer_id");
        assertThat(s.compareShare()).isEqualTo(0.5);

        RolloutSpec d = RolloutSpecReader.parse("{\"candidate\": \"v2\"}");
        assertThat(d.strategy()).isEqualTo(Strategy.CANARY);
        assertThat(d.steps()).isEqualTo(RolloutSpecReader.DEFAULT_STEPS);
        assertThat(d.gates()).isEqualTo(RolloutSpecReader.DEFAULT_GATES);
        assertThat(d.analysis()).isEqualTo(RolloutSpecReader.DEFAULT_ANALYSIS);
        assertThat(RolloutSpecReader.parse("{\"candidate\": \"v2\", \"gates\": []}").gates()).isEmpty();
    }

    @Test
    void reportsEveryProblemWithItsPath() {
        assertThatThrownBy(() -> RolloutSpecReader.parse("""
                {"strategy": "linear", "colour": "blue",
                 "steps": [{"weight": 50}, {"weight": 20, "bake": "soon"}, {"weight": 101}, 5],
                 "gates": [{"metric": "error_rat", "max": 1}, {"metric": "error_rate"},
                           {"metric": "feedback_rate", "max": 0.1}, {"metric": "error_rate", "event": "x", "max": 1},
                           {"metric": "latency_p99_ms", "maxRatioToPrimary": 0},
                           {"metric": "disagreement_rate", "maxRatioToPrimary": 2}],
                 "shadow": {"share": 2, "then": "later"}, "analysis": {"window": "1s", "minRequests": -1},
                 "blueGreen": {"warmup": 1.5}, "compareShare": 3}"""))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.errors())
                        .extracting(ConfigError::path).contains(
                                "rollout.candidate", "rollout.strategy", "rollout.colour",
                                "rollout.steps[1].weight", "rollout.steps[1].bake", "rollout.steps[2].weight",
                                "rollout.steps[3]", "rollout.gates[0].metric", "rollout.gates[1]",
                                "rollout.gates[2].event", "rollout.gates[3].event",
                                "rollout.gates[4].maxRatioToPrimary", "rollout.gates[5].metric",
                                "rollout.shadow.share", "rollout.shadow.then", "rollout.analysis.window",
                                "rollout.analysis.minRequests", "rollout.blueGreen.warmup", "rollout.compareShare"));
        assertThatThrownBy(() -> RolloutSpecReader.parse("not json")).isInstanceOf(InvalidConfigException.class);
    }

    @Test
    void aDeploymentDocumentsRolloutIsValidatedWithTheDocument() {
        String yaml = """
                apiVersion: shepherd/v1
                kind: Deployment
                metadata: {name: credit}
                spec:
                  serving: v1
                  rollout: {candidate: v2, strategy: canary, steps: [{weight: 0}]}
                """;
        assertThatThrownBy(() -> new ConfigParser(Clock.systemUTC()).parse(yaml, Path.of("."), "t"))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.errors())
                        .extracting(ConfigError::path).containsExactly("documents[0].spec.rollout.steps[0].weight"));
    }

    @Test
    void durationsShareOneSyntax() {
        assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse(" 2d ")).isEqualTo(Duration.ofDays(2));
        assertThat(Durations.parse("PT90S")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("0s")).isEqualTo(Duration.ZERO);
        assertThat(Durations.parse("-5s")).isNull();
        assertThat(Durations.parse("PT-5S")).isNull();
        assertThat(Durations.parse("5 minutes")).isNull();
        assertThat(Durations.parse("9999999999s")).isNull();
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(Durations.format(Duration.ofMinutes(5))).isEqualTo("5m");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Durations.human(Duration.ofMillis(10_214))).isEqualTo("10.2s");
        assertThat(Durations.human(Duration.ofSeconds(245))).isEqualTo("4m 05s");
        assertThat(Durations.human(Duration.ofMinutes(123))).isEqualTo("2h 03m");
    }
}
