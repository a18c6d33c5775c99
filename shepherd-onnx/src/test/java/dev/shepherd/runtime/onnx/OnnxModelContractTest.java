package dev.shepherd.runtime.onnx;

import dev.shepherd.runtime.Model;
import dev.shepherd.runtime.ModelContract;
import dev.shepherd.schema.Batch;
import dev.shepherd.training.LoanData;
import java.util.List;

/** The runtime contract against a real model trained by {@link dev.shepherd.training.TabularTrainer}. */
class OnnxModelContractTest extends ModelContract {
    private static final OnnxModelLoader LOADER = new OnnxModelLoader();

    @Override
    protected Model newModel() {
        return LOADER.load(LoanModels.version());
    }

    @Override
    protected List<Batch> sampleBatches() {
        Batch unseen = new Batch(LoanData.schema(), List.<Object[]>of(
                new Object[] {52_000.0, 33L, 0.4, "student", "north"},
                new Object[] {18_000.0, 71L, null, "retired", null}));
        return List.of(LoanData.generate(64, 99).batch(), LoanData.generate(5, 100, 1).batch(), unseen);
    }
}
