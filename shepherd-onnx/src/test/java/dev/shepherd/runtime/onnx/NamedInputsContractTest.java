package dev.shepherd.runtime.onnx;

import dev.shepherd.runtime.Model;
import dev.shepherd.runtime.ModelContract;
import dev.shepherd.schema.Batch;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** The runtime contract against a graph fed feature by feature (named inputs). */
class NamedInputsContractTest extends ModelContract {
    @TempDir
    static Path dir;

    @Override
    protected Model newModel() {
        Path file = dir.resolve("named.onnx");
        if (!file.toFile().exists()) {
            HandBuiltModels.classifier(file, false);
        }
        return new OnnxModelLoader().load(HandBuiltModels.version(file, HandBuiltModels.SCHEMA));
    }

    @Override
    protected List<Batch> sampleBatches() {
        return List.of(new Batch(HandBuiltModels.SCHEMA, List.of(
                new Object[] {52_000.0, 33L, true},
                new Object[] {18_000.0, null, false},
                new Object[] {95_000.0, 61L, false},
                new Object[] {0.0, 18L, true})));
    }
}
