package dev.shepherd.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shepherd.schema.ModelSchema;
import dev.shepherd.schema.OutputSpec;
import dev.shepherd.schema.Prediction;
import dev.shepherd.schema.Tensor;
import dev.shepherd.serving.PayloadJson;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoggedOutputsTest {

    @Test
    void readsBackWhatPayloadJsonWrites() {
        List<Prediction> predictions = List.of(
                new Prediction.ClassPrediction("b", new double[] {0.25, 0.75}),
                new Prediction.ScorePrediction(-3.5),
                new Prediction.TensorPrediction(new Tensor(new int[] {2, 2}, new double[] {1, 2, 3, 4}, "FP64")),
                new Prediction.NullPrediction("nan"));
        ModelSchema schema = new ModelSchema(List.of(), OutputSpec.classes(List.of("a", "b")));

        assertThat(LoggedOutputs.parse(PayloadJson.outputs(predictions, schema))).hasValueSatisfying(read -> {
            assertThat(read).hasSize(4);
            assertThat(read.subList(0, 3)).isEqualTo(predictions.subList(0, 3));
            assertThat(read.get(3)).isInstanceOf(Prediction.NullPrediction.class);
        });
    }

    @Test
    void nothingOrSomethingUnreadableIsNotJoined() {
        assertThat(LoggedOutputs.parse(null)).isEmpty();
        assertThat(LoggedOutputs.parse("not json")).isEmpty();
        assertThat(LoggedOutputs.parse("{\"label\":\"a\"}")).isEmpty();
    }

    @Test
    void anUnknownEntryIsANullPrediction() {
        assertThat(LoggedOutputs.parse("[{\"what\":1},7,{\"shape\":[3],\"data\":[1]}]")).hasValueSatisfying(read ->
                assertThat(read).allSatisfy(p -> assertThat(p).isInstanceOf(Prediction.NullPrediction.class)));
    }
}
