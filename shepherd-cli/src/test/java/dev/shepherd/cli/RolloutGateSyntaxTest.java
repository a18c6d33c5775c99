package dev.shepherd.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shepherd.error.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code --gate} syntax: each form becomes the API's gate mapping; anything else is exit 2 naming {@code --gate}. */
class RolloutGateSyntaxTest {

    private static String gate(String text) {
        return GateSyntax.parse(text).toString();
    }

    @Test
    void absoluteBoundsAreMaxAndMin() {
        assertThat(gate("error_rate<=0.01")).isEqualTo("{\"metric\":\"error_rate\",\"max\":0.01}");
        assertThat(gate("  accuracy >= 0.9 ")).isEqualTo("{\"metric\":\"accuracy\",\"min\":0.9}");
        assertThat(gate("score_mean>=-2")).isEqualTo("{\"metric\":\"score_mean\",\"min\":-2.0}");
        assertThat(gate("latency_p99_ms <= 250")).isEqualTo("{\"metric\":\"latency_p99_ms\",\"max\":250.0}");
    }

    @Test
    void aTrailingXIsARatioToThePrimary() {
        assertThat(gate("latency_p99_ms<=1.2x")).isEqualTo("{\"metric\":\"latency_p99_ms\",\"maxRatioToPrimary\":1.2}");
        assertThat(gate("confidence_mean >= 0.9X")).isEqualTo("{\"metric\":\"confidence_mean\",\"minRatioToPrimary\":0.9}");
    }

    @Test
    void aLeadingPlusIsADifferenceToThePrimary() {
        assertThat(gate("error_rate<=+0.05")).isEqualTo("{\"metric\":\"error_rate\",\"maxDeltaToPrimary\":0.05}");
    }

    @Test
    void aBareLabelTakesTheMetricsLabelKind() {
        assertThat(gate("feedback_rate{redo_search}<=+0.05"))
                .isEqualTo("{\"metric\":\"feedback_rate\",\"event\":\"redo_search\",\"maxDeltaToPrimary\":0.05}");
        assertThat(gate("missing_input_fraction{income} <= 0.1"))
                .isEqualTo("{\"metric\":\"missing_input_fraction\",\"feature\":\"income\",\"max\":0.1}");
    }

    @Test
    void anExplicitLabelNameAndQuotesAreAccepted() {
        assertThat(gate("missing_input_fraction{feature=\"income\"}<=0.1"))
                .isEqualTo("{\"metric\":\"missing_input_fraction\",\"feature\":\"income\",\"max\":0.1}");
        assertThat(gate("feedback_rate{ event = redo_search }<=1.5x"))
                .isEqualTo("{\"metric\":\"feedback_rate\",\"event\":\"redo_search\",\"maxRatioToPrimary\":1.5}");
    }

    @Test
    void unknownMetricsAreLeftToTheServer() {
        assertThat(gate("made_up_metric<=1")).isEqualTo("{\"metric\":\"made_up_metric\",\"max\":1.0}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "error_rate", "error_rate 0.01", "error_rate<0.01", "error_rate=0.01", "error_rate>0.01",
            "error_rate<=", "error_rate<=abc", "error_rate<=0.01 0.02", "error rate<=0.01", "error_rate<=+1.2x",
            "error_rate>=+0.05", "latency_p99_ms<=0x", "latency_p99_ms<=-1x", "feedback_rate{}<=0.1",
            "feedback_rate{redo<=0.1", "error_rate<=1e999", "error_rate<=NaN", "{x}<=1"})
    void malformedGatesNameTheOptionAndTheText(String text) {
        assertThatThrownBy(() -> GateSyntax.parse(text)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("--gate '" + text + "': ")
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("--gate"));
    }

    @Test
    void theMessageSaysWhatIsWrong() {
        assertThatThrownBy(() -> GateSyntax.parse("error_rate<0.01")).hasMessageContaining("use <= or >=");
        assertThatThrownBy(() -> GateSyntax.parse("error_rate>=+0.05")).hasMessageContaining("only an upper bound");
        assertThatThrownBy(() -> GateSyntax.parse("latency_p99_ms<=0x")).hasMessageContaining("must be > 0");
        assertThatThrownBy(() -> GateSyntax.parse("error_rate<=abc")).hasMessageContaining("'abc' is not a number");
    }

    @Test
    void aMalformedGateExitsTwoBeforeAnyRequest() {
        CliRunner.Run r = CliRunner.run("rollout", "start", "credit", "--candidate", "v2", "--gate", "error_rate<=0.01",
                "--gate", "latency_p99_ms < 1.2x", "--server", "http://127.0.0.1:9");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--gate 'latency_p99_ms < 1.2x'").doesNotContain("cannot reach");
    }

    @Test
    void theDefaultActorIsTheUserNameCutToTheAllowedCharacters() {
        assertThat(ActorOption.sanitize("alice")).isEqualTo("alice");
        assertThat(ActorOption.sanitize("Jane Doe")).isEqualTo("JaneDoe");
        assertThat(ActorOption.sanitize("CORP\\jane.doe@x")).isEqualTo("CORPjane.doe@x");
        assertThat(ActorOption.sanitize("ñ ")).isEqualTo("cli");
        assertThat(ActorOption.sanitize(null)).isEqualTo("cli");
        assertThat(ActorOption.sanitize("a".repeat(80))).hasSize(64);
    }

    @Test
    void anExplicitActorOutsideTheAllowedCharactersExitsTwo() {
        CliRunner.Run r = CliRunner.run("rollout", "pause", "credit", "--actor", "Jane Doe", "--server", "http://127.0.0.1:9");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--actor");
    }

    @Test
    void setWeightOutsideZeroToHundredExitsTwoBeforeAnyRequest() {
        CliRunner.Run r = CliRunner.run("rollout", "set-weight", "credit", "150", "--server", "http://127.0.0.1:9");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("PERCENT").contains("0..100").contains("150").doesNotContain("cannot reach");
        assertThat(CliRunner.run("rollout", "set-weight", "credit", "-5", "--server", "http://127.0.0.1:9").code()).isEqualTo(2);
        assertThat(RolloutActionCommand.SetWeight.weight("30%")).isEqualTo(30.0);
        assertThat(RolloutActionCommand.SetWeight.weight("12.5")).isEqualTo(12.5);
    }

    @Test
    void badFlagValuesExitTwoNamingTheOption() {
        CliRunner.Run strategy = CliRunner.run("rollout", "start", "credit", "--candidate", "v2", "--strategy", "linear",
                "--server", "http://127.0.0.1:9");
        assertThat(strategy.code()).isEqualTo(2);
        assertThat(strategy.err()).contains("--strategy").contains("linear");
        CliRunner.Run bake = CliRunner.run("rollout", "start", "credit", "--candidate", "v2", "--bake", "soon",
                "--server", "http://127.0.0.1:9");
        assertThat(bake.code()).isEqualTo(2);
        assertThat(bake.err()).contains("--bake").contains("soon");
        CliRunner.Run noCandidate = CliRunner.run("rollout", "start", "credit", "--server", "http://127.0.0.1:9");
        assertThat(noCandidate.code()).isEqualTo(2);
        assertThat(noCandidate.err()).contains("--candidate");
    }
}
