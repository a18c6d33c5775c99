package dev.shepherd.api;

import dev.shepherd.runtime.JavaModel;
import dev.shepherd.schema.Batch;
import dev.shepherd.schema.Prediction;
import dev.shepherd.schema.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A model with tensor inputs for the HTTP tests, loaded by the {@code java} runtime from the class
 * path: {@code pixels} ({@code [2, 2]}, required) and {@code embedding} ({@code [-1]}, optional);
 * the score is the sum of every element. {@link #SCHEMA_YAML} is its schema as a config fragment.
 */
final class TensorModels {
    static final String SCHEMA_YAML = """
              schema:
                inputs:
                  - {name: pixels, type: tensor, shape: [2, 2]}
                  - {name: embedding, type: tensor, shape: [-1], required: false}
                output: {type: score}
            """;

    private TensorModels() {
    }

    /** The Model and Deployment documents of deployment {@code name} serving {@link Sum} as v1. */
    static String config(String name) {
        return """
                apiVersion: shepherd/v1
                kind: Model
                metadata: {name: %1$s, version: v1}
                spec:
                  runtime: java
                  uri: "classpath:"
                  options: {className: %2$s}
                %3$s---
                apiVersion: shepherd/v1
                kind: Deployment
                metadata: {name: %1$s}
                spec: {model: %1$s, serving: v1}
                """.formatted(name, Sum.class.getName(), SCHEMA_YAML);
    }

    /** Sums every element of {@code pixels} and {@code embedding}; counts its calls. */
    public static final class Sum implements JavaModel {
        static final AtomicInteger CALLS = new AtomicInteger();

        @Override
        public List<Prediction> predict(Batch batch) {
            CALLS.incrementAndGet();
            List<Prediction> out = new ArrayList<>(batch.size());
            for (Object[] row : batch.rows()) {
                double sum = 0;
                for (Object v : row) {
                    if (v instanceof Tensor t) {
                        for (double d : t.data()) {
                            sum += d;
                        }
                    }
                }
                out.add(new Prediction.ScorePrediction(sum));
            }
            return out;
        }
    }
}
