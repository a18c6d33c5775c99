package dev.shepherd.oip;

import static dev.shepherd.oip.Json.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shepherd.error.InvalidInputException;
import dev.shepherd.runtime.fixtures.FixtureSchemas;
import dev.shepherd.schema.ModelSchema;
import org.junit.jupiter.api.Test;

/** {@link OipCodec#checkRequestedOutputs} applies the response's selection rules before the model runs. */
class OipRequestedOutputsTest {
    private static final ModelSchema CREDIT = FixtureSchemas.credit();

    @Test
    void absentEmptyOrKnownOutputsPass() {
        assertThatCode(() -> {
            OipCodec.checkRequestedOutputs(CREDIT, null);
            OipCodec.checkRequestedOutputs(CREDIT, parse("[]"));
            OipCodec.checkRequestedOutputs(CREDIT, parse("[{'name':'probabilities'},{'name':'label'}]"));
        }).doesNotThrowAnyException();
    }

    @Test
    void anUnknownOutputIsNamedByItsIndex() {
        assertThatThrownBy(() -> OipCodec.checkRequestedOutputs(CREDIT, parse("[{'name':'label'},{'name':'logits'}]")))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("outputs[1].name"))
                .hasMessageContaining("unknown output 'logits'");
    }

    @Test
    void outputsThatAreNotAnArrayAreRejected() {
        assertThatThrownBy(() -> OipCodec.checkRequestedOutputs(CREDIT, parse("{'name':'label'}")))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("outputs"));
    }
}
