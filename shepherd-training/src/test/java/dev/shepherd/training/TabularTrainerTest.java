package dev.shepherd.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shepherd.registry.Artifacts;
import dev.shepherd.schema.FeatureSpec;
import dev.shepherd.schema.FeatureType;
import dev.shepherd.schema.ModelSchema;
import dev.shepherd.schema.OutputSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TabularTrainerTest {
    private static final TabularTrainer TRAINER = TabularTrainer.logisticRegression().withEpochs(5);

    @TempDir
    Path dir;

    @Test
    void trainedModelClearlyBeatsTheMajorityBaseline() {
        TrainedModel m = TRAINER.train(LoanData.generate(4000, 11), dir.resolve("v1.onnx"));
        assertThat(m.holdoutRows()).isEqualTo(800);
        assertThat(m.trainingRows()).isEqualTo(3200);
        assertThat(m.baselineAccuracy()).isBetween(0.6, 0.8);
        assertThat(m.accuracy()).isGreaterThan(m.baselineAccuracy() + 0.05);
        assertThat(m.accuracy()).isGreaterThan(0.78);
    }

    @Test
    void writesAReproducibleOnnxFileAndDescribesIt() throws Exception {
        LabelledData data = LoanData.generate(1500, 12);
        TrainedModel a = TRAINER.train(data, dir.resolve("a.onnx"));
        TrainedModel b = TRAINER.train(data, dir.resolve("sub/b.onnx"));
        assertThat(Files.size(a.path())).isPositive();
        assertThat(a.sha256()).isEqualTo(Artifacts.sha256(a.path(), "x")).isEqualTo(b.sha256());
        assertThat(a.details()).containsKeys("trainer", "epochs", "learning_rate", "seed", "rows", "accuracy", "data")
                .containsEntry("seed", "42").containsEntry("rows", "1200")
                .containsEntry("data", "LoanData(rows=1500, seed=12, shift=0.00)");
        var version = a.toVersion("loan-default", "v1", "demo-trainer", Instant.EPOCH);
        assertThat(version.runtime()).isEqualTo("onnx");
        assertThat(Path.of(version.uri())).isAbsolute();
        assertThat(version.sha256()).isEqualTo(a.sha256());
        assertThat(version.schema()).isEqualTo(LoanData.schema());
        assertThat(version.provenance().source()).isEqualTo("demo-trainer");
        assertThat(TRAINER.withSeed(43).train(data, dir.resolve("c.onnx")).sha256()).isNotEqualTo(a.sha256());
    }

    @Test
    void modelTrainedOnShiftedDataIsBetterOnShiftedData() {
        TabularClassifier v1 = TRAINER.fit(LoanData.generate(3000, 13, 0));
        TabularClassifier v2 = TRAINER.fit(LoanData.generate(3000, 14, 1));
        LabelledData later = LoanData.generate(3000, 15, 1);
        assertThat(accuracy(v2, later)).isGreaterThan(accuracy(v1, later) + 0.01);
    }

    @Test
    void keepsEveryColumnInOrderEvenOneThatNeverFires() {
        LabelledData data = LoanData.generate(600, 16);
        // "retired" never occurs, so its one-hot column is all zeros
        List<Object[]> rows = data.rows().stream().map(r -> {
            Object[] c = r.clone();
            if ("retired".equals(c[3])) {
                c[3] = "salaried";
            }
            return c;
        }).toList();
        TabularClassifier c = TRAINER.fit(new LabelledData(data.schema(), rows, data.labels(), "no retirees"));
        assertThat(c.tribuoModel().getFeatureIDMap().size()).isEqualTo(c.encoding().width()).isEqualTo(11);
        double[] p = c.probabilities(data.rows().getFirst());
        assertThat(p[0] + p[1]).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void featureNamesSortInColumnOrder() {
        String[] names = StandardizedColumns.featureNames(1200);
        assertThat(names[7]).isEqualTo("f0007");
        assertThat(names).isSorted();
    }

    @Test
    void rejectsSchemasWithoutDenseEncodingAndLabelsWithoutExamples() {
        ModelSchema text = new ModelSchema(List.of(FeatureSpec.of("q", FeatureType.TEXT)),
                OutputSpec.classes(List.of("a", "b")));
        assertThatThrownBy(() -> TRAINER.fit(new LabelledData(text, List.<Object[]>of(new Object[] {"x"}), List.of("a"), "")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("text");
        LabelledData data = LoanData.generate(100, 17);
        List<String> allRepaid = data.labels().stream().map(l -> LoanData.REPAID).toList();
        assertThatThrownBy(() -> TRAINER.fit(new LabelledData(data.schema(), data.rows(), allRepaid, "one class")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'default' never occurs");
    }

    private static double accuracy(TabularClassifier c, LabelledData data) {
        int ok = 0;
        for (int i = 0; i < data.size(); i++) {
            if (c.predict(data.rows().get(i)).equals(data.labels().get(i))) {
                ok++;
            }
        }
        return ok / (double) data.size();
    }
}
