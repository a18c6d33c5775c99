package dev.shepherd.serving;

import dev.shepherd.registry.ModelVersion;
import dev.shepherd.schema.Batch;
import dev.shepherd.schema.FeatureSpec;
import dev.shepherd.schema.ModelSchema;
import dev.shepherd.schema.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Warm-up of a blue-green candidate before it takes traffic: replayed logged inputs, or synthetic
 * requests built from a schema for a version with no logged traffic to replay: numbers 0, integers 0, booleans false, the first declared category, the text
 * {@code "warm-up"}, tensors of zeros (free dimensions taken as 1). Stateless.
 */
final class Warmup {
    private Warmup() {
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Warmup.class);
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /**
     * Runs up to {@code requests} requests through the route's candidate with {@code calls}: the
     * logged inputs of {@code recent} first (those that decode against the candidate's schema),
     * then synthetic ones. Returns how many ran; failures are logged and skipped.
     */
    static int run(Route r, List<dev.shepherd.predictionlog.PredictionEvent> recent, ModelCalls calls, int requests,
                   int maxBatch) {
        ModelVersion cv = r.candidateVersion();
        List<Batch> batches = new ArrayList<>();
        for (dev.shepherd.predictionlog.PredictionEvent e : recent) {
            try {
                batches.add(dev.shepherd.schema.RecordDecoder.decode(cv.schema(),
                        JSON.createObjectNode().set("instances", JSON.readTree(e.inputsJson())), maxBatch));
            } catch (java.io.IOException | dev.shepherd.error.ShepherdException ex) {
                LOG.debug("warm-up skips a logged request of {}: {}", cv.key(), ex.getMessage());
            }
        }
        while (batches.size() < requests) {
            batches.add(synthetic(cv.schema()));
        }
        int ran = 0;
        for (Batch b : batches) {
            if (!r.candidate().acquire()) {
                break;
            }
            ModelCalls.Call call = calls.call(r.candidate()); // bounded by the request timeout
            try {
                call.run(b, cv.key());
                ran++;
            } catch (RuntimeException ex) {
                LOG.debug("warm-up request of {} failed: {}", cv.key(), ex.toString());
            } finally {
                call.releaseUnlessHandedOff();
            }
        }
        return ran;
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
