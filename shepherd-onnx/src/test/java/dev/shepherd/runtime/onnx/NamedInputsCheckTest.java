package dev.shepherd.runtime.onnx;

import static dev.shepherd.runtime.onnx.OnnxGraphs.FLOAT;
import static dev.shepherd.runtime.onnx.OnnxGraphs.intAttr;
import static dev.shepherd.runtime.onnx.OnnxGraphs.tensor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl.TensorProto;
import dev.shepherd.error.ErrorCode;
import dev.shepherd.error.InvalidConfigException;
import dev.shepherd.error.InvalidInputException;
import dev.shepherd.runtime.Model;
import dev.shepherd.schema.Batch;
import dev.shepherd.schema.FeatureSpec;
import dev.shepherd.schema.FeatureType;
import dev.shepherd.schema.ModelSchema;
import dev.shepherd.schema.OutputSpec;
import dev.shepherd.schema.Prediction;
import dev.shepherd.schema.Tensor;
import dev.shepherd.schema.TensorMedia;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What only a request can show is invalid input naming the feature, caught before ONNX Runtime
 * runs: a tensor that misses the graph's fixed dimensions, a value outside an integer input's range.
 */
class NamedInputsCheckTest {
    private static final int INT32 = TensorProto.DataType.INT32_VALUE;
    private static final int INT8 = TensorProto.DataType.INT8_VALUE;
    private static final int UINT8 = TensorProto.DataType.UINT8_VALUE;

    private final OnnxModelLoader loader = new OnnxModelLoader();

    @TempDir
    Path dir;

    @Test
    void aFreeDeclaredDimensionIsHeldToTheGraphsFixedOneBeforeTheGraphRuns() {
        ModelSchema schema = new ModelSchema(List.of(FeatureSpec.tensor("pixels", List.of(-1))),
                OutputSpec.tensor(List.of(4)));
        try (Model m = loader.load(HandBuiltModels.version(doubler(FLOAT, 4L), schema))) {
            assertThatThrownBy(() -> m.predict(rows(schema, values(1, 2, 3))))
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                        assertThat(e.field()).isEqualTo("pixels");
                    })
                    .hasMessageContaining("row 0 has shape [3]").hasMessageContaining("takes [4] per row");

            Prediction ok = m.predict(rows(schema, values(1, 2, 3, 4))).getFirst();
            assertThat(((Prediction.TensorPrediction) ok).tensor().data()).containsExactly(2, 4, 6, 8);
        }
    }

    @Test
    void everyRowIsCheckedBeforeAnyRowRuns() {
        ModelSchema schema = new ModelSchema(List.of(FeatureSpec.tensor("pixels", List.of(-1))),
                OutputSpec.tensor(List.of(4)));
        try (Model m = loader.load(HandBuiltModels.version(doubler(FLOAT, 4L), schema))) {
            // rows of different shapes are run one by one; the second row must fail before the first runs
            assertThatThrownBy(() -> m.predict(rows(schema, values(1, 2, 3, 4), values(1, 2))))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("row 1 has shape [2]");
        }
    }

    @Test
    void aTensorOfAnyDeclaredShapeMustHaveTheGraphsRank() {
        ModelSchema schema = new ModelSchema(List.of(FeatureSpec.tensor("pixels", List.of())),
                OutputSpec.tensor(List.of(4)));
        try (Model m = loader.load(HandBuiltModels.version(doubler(FLOAT, 4L), schema))) {
            Tensor square = new Tensor(new int[] {2, 2}, new double[] {1, 2, 3, 4}, "FP64");
            assertThatThrownBy(() -> m.predict(rows(schema, square)))
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("pixels"))
                    .hasMessageContaining("row 0 has shape [2, 2]");
        }
    }

    @Test
    void aMissingOptionalTensorIsFilledWithZerosOfTheGraphsFixedShape() {
        ModelSchema schema = new ModelSchema(List.of(new FeatureSpec("pixels", FeatureType.TENSOR, false, List.of(),
                List.of(-1), TensorMedia.NONE, 0)), OutputSpec.tensor(List.of(4)));
        try (Model m = loader.load(HandBuiltModels.version(doubler(FLOAT, 4L), schema))) {
            Prediction p = m.predict(rows(schema, (Tensor) null)).getFirst();
            assertThat(((Prediction.TensorPrediction) p).tensor().data()).containsExactly(0, 0, 0, 0);
        }
    }

    @Test
    void aTensorFeatureOfAnyShapeNeedsAGraphInputWithAnInstanceDimension() {
        ModelSchema schema = new ModelSchema(List.of(FeatureSpec.tensor("x", List.of())), OutputSpec.score());
        OnnxGraphs g = new OnnxGraphs().input(tensor("x", FLOAT, (Long) null));
        g.node("Identity", null, List.of("x"), "score");
        g.output(tensor("score", FLOAT, (Long) null));
        Path file = HandBuiltModels.write(g, dir.resolve("rank1.onnx"));

        assertThatThrownBy(() -> loader.load(HandBuiltModels.version(file, schema)))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.errors())
                        .extracting(err -> err.path()).containsExactly("spec.schema.inputs[0]"))
                .hasMessageContaining("rank 2 or more");
    }

    @Test
    void anIntegerOutsideAnInt32InputIsRejectedNamingTheFeatureAndTheValue() {
        ModelSchema schema = new ModelSchema(List.of(FeatureSpec.of("n", FeatureType.INTEGER)), OutputSpec.score());
        try (Model m = loader.load(HandBuiltModels.version(castToScore(INT32), schema))) {
            assertThatThrownBy(() -> m.predict(new Batch(schema, List.<Object[]>of(new Object[] {7L},
                    new Object[] {3_000_000_000L}))))
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("n"))
                    .hasMessageContaining("value 3000000000 in row 1").hasMessageContaining("INT32");

            List<Prediction> ok = m.predict(new Batch(schema, List.<Object[]>of(new Object[] {(long) Integer.MAX_VALUE},
                    new Object[] {(long) Integer.MIN_VALUE})));
            assertThat(ok).containsExactly(new Prediction.ScorePrediction((float) Integer.MAX_VALUE),
                    new Prediction.ScorePrediction((float) Integer.MIN_VALUE));
        }
    }

    @Test
    void tensorValuesOutsideAByteInputAreRejectedRatherThanWrapped() {
        ModelSchema schema = new ModelSchema(List.of(FeatureSpec.tensor("pixels", List.of(2))),
                OutputSpec.tensor(List.of(2)));
        try (Model m = loader.load(HandBuiltModels.version(castToTensor(UINT8, "u8.onnx"), schema))) {
            assertThatThrownBy(() -> m.predict(rows(schema, values(255, 256))))
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("pixels"))
                    .hasMessageContaining("value 256 in element 1 of row 0").hasMessageContaining("UINT8 (0..255)");
            assertThatThrownBy(() -> m.predict(rows(schema, values(-1, 0))))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("value -1");
            Prediction p = m.predict(rows(schema, values(0, 255))).getFirst();
            assertThat(((Prediction.TensorPrediction) p).tensor().data()).containsExactly(0, 255);
        }
        try (Model m = loader.load(HandBuiltModels.version(castToTensor(INT8, "i8.onnx"), schema))) {
            assertThatThrownBy(() -> m.predict(rows(schema, values(-129, 0))))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("INT8 (-128..127)");
            Prediction p = m.predict(rows(schema, values(-128, 127))).getFirst();
            assertThat(((Prediction.TensorPrediction) p).tensor().data()).containsExactly(-128, 127);
        }
        try (Model m = loader.load(HandBuiltModels.version(castToTensor(INT32, "i32.onnx"), schema))) {
            assertThatThrownBy(() -> m.predict(rows(schema, values(0, 2_147_483_648.0))))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("value 2147483648");
        }
    }

    @Test
    void anImputeValueOutsideTheInputsRangeIsAConfigError() {
        ModelSchema schema = new ModelSchema(List.of(new FeatureSpec("n", FeatureType.INTEGER, false, List.of(), List.of(),
                TensorMedia.NONE, 1e10)), OutputSpec.score());
        Path file = castToScore(INT32);

        assertThatThrownBy(() -> loader.load(HandBuiltModels.version(file, schema)))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.errors())
                        .extracting(err -> err.path()).containsExactly("spec.schema.inputs[0].impute"));
    }

    /** {@code doubled = pixels + pixels} over a float input {@code [N, width]}. */
    private Path doubler(int elem, long width) {
        OnnxGraphs g = new OnnxGraphs().input(tensor("pixels", elem, null, width));
        g.node("Add", null, List.of("pixels", "pixels"), "doubled");
        g.output(tensor("doubled", elem, null, width));
        return HandBuiltModels.write(g, dir.resolve("doubler.onnx"));
    }

    /** {@code score = float(n)} over an input {@code n} of element type {@code elem}, shape {@code [N]}. */
    private Path castToScore(int elem) {
        OnnxGraphs g = new OnnxGraphs().input(tensor("n", elem, (Long) null));
        g.node("Cast", null, List.of("n"), "score", intAttr("to", FLOAT));
        g.output(tensor("score", FLOAT, (Long) null));
        return HandBuiltModels.write(g, dir.resolve("cast.onnx"));
    }

    /** {@code out = float(pixels)} over an input of element type {@code elem}, shape {@code [N, 2]}. */
    private Path castToTensor(int elem, String name) {
        OnnxGraphs g = new OnnxGraphs().input(tensor("pixels", elem, null, 2L));
        g.node("Cast", null, List.of("pixels"), "out", intAttr("to", FLOAT));
        g.output(tensor("out", FLOAT, null, 2L));
        return HandBuiltModels.write(g, dir.resolve(name));
    }

    private static Tensor values(double... data) {
        return Tensor.of(data);
    }

    private static Batch rows(ModelSchema schema, Tensor... tensors) {
        return new Batch(schema, java.util.Arrays.stream(tensors).map(t -> new Object[] {t}).toList());
    }
}
