package dev.shepherd.runtime.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.shepherd.error.InvalidConfigException;
import dev.shepherd.registry.ModelVersion;
import dev.shepherd.runtime.Model;
import dev.shepherd.runtime.ModelInfo;
import dev.shepherd.schema.FeatureSpec;
import dev.shepherd.schema.ModelSchema;
import dev.shepherd.schema.OutputSpec;
import dev.shepherd.schema.Prediction;
import dev.shepherd.training.LabelledData;
import dev.shepherd.training.LoanData;
import dev.shepherd.training.TrainedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxModelLoaderTest {
    private final OnnxModelLoader loader = new OnnxModelLoader();

    @TempDir
    Path dir;

    @Test
    void onnxPredictionsEqualTribuosOwn() {
        TrainedModel trained = LoanModels.v1();
        LabelledData rows = LoanData.generate(300, 31, 0.5);
        try (Model model = loader.load(LoanModels.version())) {
            List<Prediction> got = model.predict(rows.batch());
            int agree = 0;
            for (int r = 0; r < rows.size(); r++) {
                double[] expected = trained.classifier().probabilities(rows.rows().get(r));
                var p = (Prediction.ClassPrediction) got.get(r);
                assertThat(p.probabilities()[0]).isCloseTo(expected[0], within(1e-5));
                assertThat(p.probabilities()[1]).isCloseTo(expected[1], within(1e-5));
                if (p.label().equals(trained.classifier().predict(rows.rows().get(r)))) {
                    agree++;
                }
            }
            assertThat(agree).isEqualTo(rows.size());
        }
    }

    @Test
    void readsTensorMetadataFromTheFile() {
        try (Model model = loader.load(LoanModels.version())) {
            ModelInfo info = model.info();
            assertThat(loader.runtime()).isEqualTo("onnx");
            assertThat(info.platform()).isEqualTo("onnxruntime");
            assertThat(info.inputs()).containsExactly(new ModelInfo.TensorInfo("input", "FP32", List.of(-1L, 11L)));
            assertThat(info.outputs()).containsExactly(new ModelInfo.TensorInfo("probabilities", "FP32", List.of(-1L, 2L)));
        }
    }

    @Test
    void rejectsASchemaOfAnotherWidth() {
        List<FeatureSpec> inputs = new ArrayList<>(LoanData.schema().inputs());
        inputs.set(4, FeatureSpec.category("region", List.of("north", "south", "east", "west", "islands")));
        assertConfigError(withSchema(new ModelSchema(inputs, LoanData.schema().output())), "spec.schema.inputs",
                "takes 11 columns but the schema's dense encoding has 12");
    }

    @Test
    void rejectsColumnsInAnotherOrderThroughTheTrainersMetadata() {
        List<FeatureSpec> inputs = new ArrayList<>(LoanData.schema().inputs());
        inputs.set(4, FeatureSpec.category("region", List.of("south", "north", "east", "west")));
        assertConfigError(withSchema(new ModelSchema(inputs, LoanData.schema().output())), "spec.schema.inputs",
                "trained on columns");
    }

    @Test
    void rejectsLabelsThatDoNotFitTheModel() {
        ModelSchema swapped = new ModelSchema(LoanData.schema().inputs(), OutputSpec.classes(List.of("default", "repaid")));
        assertConfigError(withSchema(swapped), "spec.schema.output.labels", "trained on labels");
        ModelSchema three = new ModelSchema(LoanData.schema().inputs(), OutputSpec.classes(List.of("a", "b", "c")));
        assertConfigError(withSchema(three), "spec.schema.output", "no float output of shape [N, 3]");
    }

    @Test
    void rejectsACorruptFile() throws Exception {
        byte[] junk = new byte[2048];
        new Random(1).nextBytes(junk);
        Path file = Files.write(dir.resolve("corrupt.onnx"), junk);
        assertConfigError(withUri(file.toString(), null), "spec.uri", "not a loadable ONNX model");
    }

    @Test
    void rejectsAMissingFileAndAChangedArtifact() throws Exception {
        assertConfigError(withUri(dir.resolve("absent.onnx").toString(), null), "spec.uri", "does not exist");
        Path copy = Files.copy(LoanModels.v1().path(), dir.resolve("copy.onnx"));
        assertConfigError(withUri(copy.toUri().toString(), "00" + LoanModels.v1().sha256().substring(2)), "spec.uri",
                "was registered with");
        try (Model m = loader.load(withUri(copy.toUri().toString(), LoanModels.v1().sha256()))) {
            assertThat(m.predict(LoanData.generate(2, 1).batch())).hasSize(2);
        }
    }

    @Test
    void rejectsBadThreadOptions() {
        ModelVersion v = LoanModels.version();
        ModelVersion bad = new ModelVersion(v.name(), v.version(), v.runtime(), v.uri(), v.sha256(), v.schema(),
                Map.of("intraOpThreads", "many"), v.createdAt(), v.provenance());
        assertConfigError(bad, "spec.options.intraOpThreads", "integer");
    }

    private void assertConfigError(ModelVersion v, String field, String message) {
        assertThatThrownBy(() -> loader.load(v).close())
                .isInstanceOfSatisfying(InvalidConfigException.class,
                        e -> assertThat(e.errors()).anySatisfy(err -> {
                            assertThat(err.path()).isEqualTo(field);
                            assertThat(err.message()).contains(message);
                        }));
    }

    private static ModelVersion withSchema(ModelSchema schema) {
        ModelVersion v = LoanModels.version();
        return new ModelVersion(v.name(), v.version(), v.runtime(), v.uri(), v.sha256(), schema, v.options(),
                v.createdAt(), v.provenance());
    }

    private static ModelVersion withUri(String uri, String sha256) {
        ModelVersion v = LoanModels.version();
        return new ModelVersion(v.name(), v.version(), v.runtime(), uri, sha256, v.schema(), v.options(),
                v.createdAt(), v.provenance());
    }
}
