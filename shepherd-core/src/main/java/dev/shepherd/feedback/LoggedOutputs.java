package dev.shepherd.feedback;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.schema.Prediction;
import dev.shepherd.schema.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads back the predictions of a logged request from {@code PredictionEvent.outputsJson}, the
 * format of {@code PayloadJson.predictions}: a JSON array with, per instance,
 * {@code {"label", "confidence", "probabilities": {label: p}}}, {@code {"score"}},
 * {@code {"shape", "data"}} or {@code null}. Class probabilities keep the logged key order (the
 * schema's label order). Stateless.
 */
final class LoggedOutputs {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LoggedOutputs() {
    }

    /** The predictions, one per instance; empty when nothing (or nothing readable) was logged. */
    static Optional<List<Prediction>> parse(String outputsJson) {
        if (outputsJson == null) {
            return Optional.empty();
        }
        JsonNode arr;
        try {
            arr = JSON.readTree(outputsJson);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
        if (arr == null || !arr.isArray()) {
            return Optional.empty();
        }
        List<Prediction> out = new ArrayList<>(arr.size());
        for (JsonNode p : arr) {
            out.add(prediction(p));
        }
        return Optional.of(out);
    }

    private static Prediction prediction(JsonNode p) {
        if (p == null || !p.isObject()) {
            return new Prediction.NullPrediction("null output");
        }
        if (p.path("label").isTextual()) {
            JsonNode probs = p.path("probabilities");
            double[] values = new double[probs.size()];
            int i = 0;
            for (Map.Entry<String, JsonNode> e : probs.properties()) {
                values[i++] = e.getValue().asDouble(Double.NaN);
            }
            return new Prediction.ClassPrediction(p.get("label").textValue(), values);
        }
        if (p.path("score").isNumber()) {
            return new Prediction.ScorePrediction(p.get("score").doubleValue());
        }
        if (p.path("shape").isArray() && p.path("data").isArray()) {
            int[] shape = new int[p.get("shape").size()];
            for (int d = 0; d < shape.length; d++) {
                shape[d] = p.get("shape").get(d).asInt();
            }
            double[] data = new double[p.get("data").size()];
            for (int d = 0; d < data.length; d++) {
                data[d] = p.get("data").get(d).asDouble(Double.NaN);
            }
            try {
                return new Prediction.TensorPrediction(new Tensor(shape, data, "FP64"));
            } catch (IllegalArgumentException e) {
                return new Prediction.NullPrediction("unreadable logged tensor");
            }
        }
        return new Prediction.NullPrediction("unreadable logged output");
    }
}
