package dev.shepherd.serving;

import dev.shepherd.schema.Batch;
import dev.shepherd.schema.FeatureSpec;
import dev.shepherd.schema.ModelSchema;
import dev.shepherd.schema.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Synthetic warm-up requests built from a schema, for a version with no logged traffic to
 * replay: numbers 0, integers 0, booleans false, the first declared category, the text
 * {@code "warm-up"}, tensors of zeros (free dimensions taken as 1). Stateless.
 */
final class Warmup {
    private Warmup() {
    }

    /** One instance of synthetic values. */
    static Batch synthetic(ModelSchema schema) {
        Object[] row = new Object[schema.inputs().size()];
        for (int i = 0; i < row.length; i++) {
            row[i] = value(schema.inputs().get(i));
        }
        List<Object[]> rows = new ArrayList<>(1);
        rows.add(row);
        return new Batch(schema, rows);
    }

    private static Object value(FeatureSpec f) {
        return switch (f.type()) {
            case NUMBER -> 0.0;
            case INTEGER -> 0L;
            case BOOLEAN -> Boolean.FALSE;
            case CATEGORY -> f.values().isEmpty() ? "warm-up" : f.values().getFirst();
            case TEXT -> "warm-up";
            case TENSOR -> {
                int[] shape = f.shape().stream().mapToInt(d -> d < 0 ? 1 : d).toArray();
                int volume = 1;
                for (int d : shape) {
                    volume *= d;
                }
                yield new Tensor(shape, new double[volume], "FP32");
            }
        };
    }
}
