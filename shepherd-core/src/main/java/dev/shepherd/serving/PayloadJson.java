package dev.shepherd.serving;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.schema.Batch;
import dev.shepherd.schema.FeatureSpec;
import dev.shepherd.schema.ModelSchema;
import dev.shepherd.schema.Prediction;
import dev.shepherd.schema.Tensor;
import java.util.List;

/**
 * The plain JSON form of inputs and predictions, shared by the {@code predict} endpoint and the
 * prediction log. A class prediction is {@code {"label", "confidence", "probabilities": {label:
 * p}}}, a score {@code {"score"}}, a tensor {@code {"shape", "data"}}, a null prediction
 * {@code null}. Stateless and thread-safe.
 */
public final class PayloadJson {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private PayloadJson() {
    }

    /** The batch as a JSON array of records keyed by feature name ({@code null} for missing values). */
    public static String inputs(Batch batch) {
        ArrayNode arr = F.arrayNode();
        for (int r = 0; r < batch.size(); r++) {
            arr.add(record(batch, r));
        }
        return arr.toString();
    }

    /** Each instance of the batch as a JSON object keyed by feature name, in batch order. */
    public static List<String> inputRecords(Batch batch) {
        List<String> out = new java.util.ArrayList<>(batch.size());
        for (int r = 0; r < batch.size(); r++) {
            out.add(record(batch, r).toString());
        }
        return out;
    }

    private static ObjectNode record(Batch batch, int r) {
        ObjectNode rec = F.objectNode();
        ModelSchema s = batch.schema();
        Object[] row = batch.rows().get(r);
        for (int i = 0; i < row.length; i++) {
            FeatureSpec f = s.inputs().get(i);
            Object v = row[i];
            switch (v) {
                case null -> rec.putNull(f.name());
                case Double d -> rec.put(f.name(), d);
                case Long l -> rec.put(f.name(), l);
                case Boolean b -> rec.put(f.name(), b);
                case String str -> rec.put(f.name(), str);
                case Tensor t -> rec.set(f.name(), tensor(t));
                default -> rec.put(f.name(), v.toString());
            }
        }
        return rec;
    }

    /** The predictions as JSON text, probabilities keyed by the schema's labels. */
    public static String outputs(List<Prediction> predictions, ModelSchema schema) {
        return predictions(predictions, schema).toString();
    }

    /** The predictions as a JSON array; {@code schema} (may be null) names the class labels. */
    public static ArrayNode predictions(List<Prediction> predictions, ModelSchema schema) {
        ArrayNode arr = F.arrayNode();
        for (Prediction p : predictions) {
            switch (p) {
                case Prediction.ClassPrediction c -> {
                    ObjectNode o = arr.addObject();
                    o.put("label", c.label());
                    o.put("confidence", c.confidence());
                    ObjectNode probs = o.putObject("probabilities");
                    List<String> labels = schema == null ? null : schema.output().labels();
                    for (int i = 0; i < c.probabilities().length; i++) {
                        String name = labels != null && i < labels.size() ? labels.get(i) : String.valueOf(i);
                        probs.put(name, c.probabilities()[i]);
                    }
                }
                case Prediction.ScorePrediction s -> arr.addObject().put("score", s.score());
                case Prediction.TensorPrediction t -> arr.add(tensor(t.tensor()));
                case Prediction.NullPrediction n -> arr.addNull();
            }
        }
        return arr;
    }

    private static ObjectNode tensor(Tensor t) {
        ObjectNode o = F.objectNode();
        ArrayNode shape = o.putArray("shape");
        for (int d : t.shape()) {
            shape.add(d);
        }
        ArrayNode data = o.putArray("data");
        for (double d : t.data()) {
            data.add(d);
        }
        return o;
    }

    static ObjectMapper mapper() {
        return JSON;
    }
}
