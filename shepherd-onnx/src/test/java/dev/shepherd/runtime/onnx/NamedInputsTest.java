package dev.shepherd.runtime.onnx;

import static dev.shepherd.runtime.onnx.OnnxGraphs.FLOAT;
import static dev.shepherd.runtime.onnx.OnnxGraphs.INT64;
import static dev.shepherd.runtime.onnx.OnnxGraphs.STRING;
import static dev.shepherd.runtime.onnx.OnnxGraphs.intAttr;
import static dev.shepherd.runtime.onnx.OnnxGraphs.intsAttr;
import static dev.shepherd.runtime.onnx.OnnxGraphs.stringsAttr;
import static dev.shepherd.runtime.onnx.OnnxGraphs.tensor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.shepherd.error.InvalidConfigException;
import dev.shepherd.runtime.Model;
import dev.shepherd.schema.Batch;
import dev.shepherd.schema.FeatureSpec;
import dev.shepherd.schema.FeatureType;
import dev.shepherd.schema.ModelSchema;
import dev.shepherd.schema.OutputSpec;
import dev.shepherd.schema.Prediction;
import dev.shepherd.schema.Tensor;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NamedInputsTest {
    private final OnnxModelLoader loader = new OnnxModelLoader();

    @TempDir
    Path dir;

    private static final Batch ROWS = new Batch(HandBuiltModels.SCHEMA, List.of(
            new Object[] {52_000.0, 33L, true},
            new Object[] {18_000.0, null, false}));

    @Test
    void feedsEachFeatureByNameAndPicksTheProbabilityOutput() {
        try (Model m = loader.load(HandBuiltModels.version(HandBuiltModels.classifier(dir.resolve("a.onnx"), false),
                HandBuiltModels.SCHEMA))) {
            assertProbabilities(m.predict(ROWS));
            assertThat(m.info().inputs()).extracting(t -> t.name() + ":" + t.datatype() + t.shape())
                    .containsExactly("income:FP32[-1, 1]", "age:INT64[-1, 1]", "has_collateral:BOOL[-1]");
        }
    }

    @Test
    void readsASequenceOfMapsClassifierOutput() {
        try (Model m = loader.load(HandBuiltModels.version(HandBuiltModels.classifier(dir.resolve("z.onnx"), true),
                HandBuiltModels.SCHEMA))) {
            assertProbabilities(m.predict(ROWS));
        }
    }

    @Test
    void nanScoresBecomeNullPredictions() {
        OnnxGraphs g = new OnnxGraphs().input(tensor("x", FLOAT, (Long) null)).input(tensor("y", FLOAT, (Long) null));
        g.node("Div", null, List.of("x", "y"), "score");
        g.output(tensor("score", FLOAT, (Long) null));
        ModelSchema schema = new ModelSchema(List.of(FeatureSpec.of("x", FeatureType.NUMBER),
                FeatureSpec.of("y", FeatureType.NUMBER)), OutputSpec.score());
        try (Model m = loader.load(HandBuiltModels.version(HandBuiltModels.write(g, dir.resolve("s.onnx")), schema))) {
            List<Prediction> got = m.predict(new Batch(schema, List.of(new Object[] {3.0, 2.0}, new Object[] {0.0, 0.0})));
            assertThat(got.get(0)).isEqualTo(new Prediction.ScorePrediction(1.5));
            assertThat(got.get(1)).isInstanceOf(Prediction.NullPrediction.class);
        }
    }

    @Test
    void feedsTensorsWithTheirShapeAndReturnsRawTensors() {
        OnnxGraphs g = new OnnxGraphs().input(tensor("pixels", FLOAT, null, 2L, 2L));
        g.node("Add", null, List.of("pixels", "pixels"), "doubled");
        g.output(tensor("doubled", FLOAT, null, 2L, 2L));
        ModelSchema schema = new ModelSchema(List.of(FeatureSpec.tensor("pixels", List.of(2, 2))),
                OutputSpec.tensor(List.of(2, 2)));
        try (Model m = loader.load(HandBuiltModels.version(HandBuiltModels.write(g, dir.resolve("t.onnx")), schema))) {
            Tensor in = new Tensor(new int[] {2, 2}, new double[] {1, 2, 3, 4}, "FP64");
            var out = (Prediction.TensorPrediction) m.predict(new Batch(schema, List.<Object[]>of(new Object[] {in}))).getFirst();
            assertThat(out.tensor().shape()).containsExactly(2, 2);
            assertThat(out.tensor().data()).containsExactly(2, 4, 6, 8);
            assertThat(out.tensor().datatype()).isEqualTo("FP32");
        }
    }

    @Test
    void feedsCategoriesAsStrings() {
        OnnxGraphs g = new OnnxGraphs().input(tensor("employment", STRING, null, 1L));
        String code = g.node("LabelEncoder", "ai.onnx.ml", List.of("employment"), null,
                stringsAttr("keys_strings", "salaried", "retired"), intsAttr("values_int64s", 1, 2),
                intAttr("default_int64", 0));
        g.node("Cast", null, List.of(code), "score", intAttr("to", FLOAT));
        g.output(tensor("score", FLOAT, null, 1L));
        ModelSchema schema = new ModelSchema(List.of(FeatureSpec.optional("employment", FeatureType.CATEGORY)),
                OutputSpec.score());
        try (Model m = loader.load(HandBuiltModels.version(HandBuiltModels.write(g, dir.resolve("c.onnx")), schema))) {
            List<Prediction> got = m.predict(new Batch(schema, List.of(new Object[] {"retired"}, new Object[] {"salaried"},
                    new Object[] {null})));
            assertThat(got).containsExactly(new Prediction.ScorePrediction(2), new Prediction.ScorePrediction(1),
                    new Prediction.ScorePrediction(0));
        }
    }

    @Test
    void rejectsAFeatureOfTheWrongTypeOrShape() {
        Path file = HandBuiltModels.classifier(dir.resolve("a.onnx"), false);
        ModelSchema wrong = new ModelSchema(List.of(
                FeatureSpec.category("income", List.of("low", "high")),
                FeatureSpec.of("age", FeatureType.INTEGER),
                FeatureSpec.tensor("has_collateral", List.of(3))),
                OutputSpec.classes(HandBuiltModels.LABELS));
        assertThatThrownBy(() -> loader.load(HandBuiltModels.version(file, wrong)))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.errors())
                        .extracting(err -> err.path())
                        .containsExactly("spec.schema.inputs[0].type", "spec.schema.inputs[2].type", "spec.schema.inputs[2]"));
    }

    @Test
    void rejectsInputsThatFitNeitherRule() {
        Path file = HandBuiltModels.classifier(dir.resolve("a.onnx"), false);
        ModelSchema other = new ModelSchema(List.of(FeatureSpec.of("salary", FeatureType.NUMBER)),
                OutputSpec.classes(HandBuiltModels.LABELS));
        assertThatThrownBy(() -> loader.load(HandBuiltModels.version(file, other)))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("spec.schema.inputs")
                .hasMessageContaining("match neither");
    }

    private static void assertProbabilities(List<Prediction> got) {
        double p0 = HandBuiltModels.defaultProbability(52_000, 33L, true);
        double p1 = HandBuiltModels.defaultProbability(18_000, null, false);
        var a = (Prediction.ClassPrediction) got.get(0);
        var b = (Prediction.ClassPrediction) got.get(1);
        assertThat(a.probabilities()[1]).isCloseTo(p0, within(1e-6));
        assertThat(b.probabilities()[1]).isCloseTo(p1, within(1e-6));
        assertThat(a.label()).isEqualTo(p0 > 0.5 ? "default" : "repaid");
        assertThat(b.label()).isEqualTo(p1 > 0.5 ? "default" : "repaid");
    }
}
