package dev.shepherd.runtime.onnx;

import dev.shepherd.registry.ModelVersion;
import dev.shepherd.training.LoanData;
import dev.shepherd.training.TabularTrainer;
import dev.shepherd.training.TrainedModel;
import java.nio.file.Path;
import java.time.Instant;

/** One small loan-default model trained with the real trainer, shared by the tests of this module (trained once per JVM). */
final class LoanModels {
    private static TrainedModel trained;

    private LoanModels() {
    }

    /** Trained on 1,500 baseline rows for 3 epochs, written under {@code target/test-models}. */
    static synchronized TrainedModel v1() {
        if (trained == null) {
            Path file = Path.of("target", "test-models", "loan-default-v1.onnx").toAbsolutePath();
            trained = TabularTrainer.logisticRegression().withEpochs(3).train(LoanData.generate(1500, 21), file);
        }
        return trained;
    }

    static ModelVersion version() {
        return v1().toVersion("loan-default", "v1", "test", Instant.EPOCH);
    }
}
