package dev.shepherd.oip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.error.ErrorCode;
import dev.shepherd.error.InvalidInputException;
import dev.shepherd.error.ModelFailureException;
import dev.shepherd.schema.ModelSchema;
import dev.shepherd.schema.OutputKind;
import dev.shepherd.schema.OutputSpec;
import dev.shepherd.schema.Prediction;
import dev.shepherd.schema.Prediction.ClassPrediction;
import dev.shepherd.schema.Prediction.ScorePrediction;
import dev.shepherd.schema.Prediction.TensorPrediction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Encodes predictions as an OIP v2 inference response; the rules are documented on
 * {@link OipCodec#encodeResponse}. Stateless and thread-safe.
 */
final class ResponseEncoder {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ResponseEncoder() {
    }

    static ObjectNode encode(ModelSchema schema, String modelName, String modelVersion, String requestId,
                             List<Prediction> predictions, JsonNode requestedOutputs) {
        OutputSpec out = schema.output();
        List<String> available = OipCodec.outputNames(out);
        Set<String> wanted = requested(requestedOutputs, available);
        int n = predictions.size();
        boolean[] isNull = new boolean[n];
        List<Integer> nullRows = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            isNull[r] = isNull(out, predictions.get(r), r);
            if (isNull[r]) {
                nullRows.add(r);
            }
        }
        ObjectNode body = JSON.objectNode();
        body.put("model_name", modelName);
        body.put("model_version", modelVersion);
        if (requestId != null) {
            body.put("id", requestId);
        }
        if (!nullRows.isEmpty()) {
            ArrayNode rows = body.putObject("parameters").putArray(OipCodec.NULL_ROWS);
            nullRows.forEach(rows::add);
        }
        ArrayNode outputs = body.putArray("outputs");
        for (String name : wanted) {
            outputs.add(switch (name) {
                case OipCodec.LABEL -> labels(predictions, isNull);
                case OipCodec.PROBABILITIES -> probabilities(out, predictions, isNull);
                case OipCodec.SCORE -> scores(predictions, isNull);
                case OipCodec.OUTPUT -> tensors(out, predictions, isNull);
                default -> throw new IllegalStateException(name);
            });
        }
        return body;
    }

    /** The requested output names in request order, or all of them when none is requested. */
    private static Set<String> requested(JsonNode requested, List<String> available) {
        if (requested == null || requested.isNull() || requested.isMissingNode()
                || (requested.isArray() && requested.isEmpty())) {
            return new LinkedHashSet<>(available);
        }
        if (!requested.isArray()) {
            throw new InvalidInputException("outputs", "outputs: expected an array of requested outputs, was "
                    + WireTensor.describe(requested));
        }
        Set<String> wanted = new LinkedHashSet<>();
        for (int i = 0; i < requested.size(); i++) {
            String field = "outputs[" + i + "].name";
            JsonNode o = requested.get(i);
            JsonNode name = o.isObject() ? o.get("name") : null;
            if (name == null || !name.isTextual()) {
                throw new InvalidInputException(field, field + ": expected the name of an output, was " + WireTensor.describe(name));
            }
            if (!available.contains(name.textValue())) {
                throw new InvalidInputException(field, field + ": unknown output '" + name.textValue()
                        + "', the model returns " + available);
            }
            wanted.add(name.textValue());
        }
        return wanted;
    }

    /** Whether row {@code r} is answered as null: a NullPrediction or any non-finite number. */
    private static boolean isNull(OutputSpec out, Prediction p, int r) {
        return switch (p) {
            case Prediction.NullPrediction x -> true;
            case ClassPrediction c when out.kind() == OutputKind.CLASS -> !allFinite(c.probabilities());
            case ScorePrediction s when out.kind() == OutputKind.SCORE -> !Double.isFinite(s.score());
            case TensorPrediction t when out.kind() == OutputKind.TENSOR -> !allFinite(t.tensor().data());
            case null -> throw modelError("row " + r + ": the model returned no prediction");
            default -> throw modelError("row " + r + ": the model returned a " + p.getClass().getSimpleName()
                    + " for a " + out.kind().wireName() + " output");
        };
    }

    private static ObjectNode labels(List<Prediction> predictions, boolean[] isNull) {
        ObjectNode t = RequestEncoder.header(OipCodec.LABEL, OipDatatype.BYTES, predictions.size());
        ArrayNode data = t.putArray("data");
        for (int r = 0; r < isNull.length; r++) {
            if (isNull[r]) {
                data.addNull();
            } else {
                data.add(((ClassPrediction) predictions.get(r)).label());
            }
        }
        return t;
    }

    private static ObjectNode probabilities(OutputSpec out, List<Prediction> predictions, boolean[] isNull) {
        int c = out.labels().size();
        for (int r = 0; r < isNull.length && c == 0; r++) {
            c = isNull[r] ? 0 : ((ClassPrediction) predictions.get(r)).probabilities().length;
        }
        ObjectNode t = RequestEncoder.header(OipCodec.PROBABILITIES, OipDatatype.FP64, predictions.size(), c);
        ArrayNode data = t.putArray("data");
        for (int r = 0; r < isNull.length; r++) {
            if (isNull[r]) {
                nulls(data, c);
                continue;
            }
            double[] p = ((ClassPrediction) predictions.get(r)).probabilities();
            if (p.length != c) {
                throw modelError("row " + r + ": the model returned " + p.length + " probabilities for " + c + " labels");
            }
            for (double q : p) {
                data.add(q);
            }
        }
        return t;
    }

    private static ObjectNode scores(List<Prediction> predictions, boolean[] isNull) {
        ObjectNode t = RequestEncoder.header(OipCodec.SCORE, OipDatatype.FP64, predictions.size());
        ArrayNode data = t.putArray("data");
        for (int r = 0; r < isNull.length; r++) {
            if (isNull[r]) {
                data.addNull();
            } else {
                data.add(((ScorePrediction) predictions.get(r)).score());
            }
        }
        return t;
    }

    private static ObjectNode tensors(OutputSpec out, List<Prediction> predictions, boolean[] isNull) {
        int[] shape = null;
        for (int r = 0; r < isNull.length; r++) {
            if (isNull[r]) {
                continue;
            }
            int[] s = ((TensorPrediction) predictions.get(r)).tensor().shape();
            if (shape == null) {
                shape = s;
            } else if (!Arrays.equals(shape, s)) {
                throw modelError("row " + r + ": the model returned a tensor of shape " + Arrays.toString(s)
                        + " where an earlier row has " + Arrays.toString(shape) + "; one OIP output has one shape");
            }
        }
        if (shape == null) {
            // every row is null: the declared shape, free dimensions reported as 1
            shape = out.shape().stream().mapToInt(d -> d < 0 ? 1 : d).toArray();
        }
        int[] full = new int[shape.length + 1];
        full[0] = predictions.size();
        System.arraycopy(shape, 0, full, 1, shape.length);
        int volume = 1;
        for (int d : shape) {
            volume *= d;
        }
        ObjectNode t = RequestEncoder.header(OipCodec.OUTPUT, OipDatatype.FP64, full);
        ArrayNode data = t.putArray("data");
        for (int r = 0; r < isNull.length; r++) {
            if (isNull[r]) {
                nulls(data, volume);
            } else {
                for (double d : ((TensorPrediction) predictions.get(r)).tensor().data()) {
                    data.add(d);
                }
            }
        }
        return t;
    }

    private static void nulls(ArrayNode data, int count) {
        for (int k = 0; k < count; k++) {
            data.addNull();
        }
    }

    private static boolean allFinite(double[] values) {
        for (double v : values) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    private static ModelFailureException modelError(String message) {
        return new ModelFailureException(ErrorCode.MODEL_ERROR, message);
    }
}
