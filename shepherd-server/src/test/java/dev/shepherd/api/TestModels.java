package dev.shepherd.api;

import dev.shepherd.runtime.JavaModel;
import dev.shepherd.schema.Batch;
import dev.shepherd.schema.Prediction;
import java.util.List;

/** Misbehaving models for the credit schema, loaded by the {@code java} runtime from the class path. */
final class TestModels {
    private TestModels() {
    }

    /** Always throws. */
    public static final class Failing implements JavaModel {
        @Override
        public List<Prediction> predict(Batch batch) {
            throw new IllegalStateException("the model is broken");
        }
    }

    /** Sleeps far longer than any test's request timeout. */
    public static final class Slow implements JavaModel {
        @Override
        public List<Prediction> predict(Batch batch) {
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.of();
        }
    }
}
