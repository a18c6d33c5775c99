package dev.shepherd.oip;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shepherd.error.ErrorCode;
import dev.shepherd.error.ModelFailureException;
import dev.shepherd.schema.ModelSchema;
import dev.shepherd.schema.OutputSpec;
import dev.shepherd.schema.Prediction;
import dev.shepherd.schema.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decodes an upstream server's OIP v2 inference response into predictions, the client direction
 * used by the remote runtime; the rules are documented on {@link OipCodec#decodeResponse}. Every
 * failure is a {@link ModelFailureException} with code {@link ErrorCode#UPSTREAM_ERROR}.
 * Stateless and thread-safe.
 */
final class ResponseDecoder {
    private static final WireTensor.Failure UPSTREAM =
            (field, message) -> new ModelFailureException(ErrorCode.UPSTREAM_ERROR, "upstream response: " + message);
    private static final String NULL_REASON = "upstream returned null";

    private ResponseDecoder() {
    }

    static List<Prediction> decode(ModelSchema schema, JsonNode body, int expectedRows) {
        if (body == null || !body.isObject()) {
            throw UPSTREAM.at("", "expected a JSON object, was " + WireTensor.describe(body));
        }
        JsonNode outputs = body.get("outputs");
        if (outputs == null || !outputs.isArray() || outputs.isEmpty()) {
            JsonNode error = body.get("error");
            throw UPSTREAM.at("outputs", "missing outputs: expected a non-empty \"outputs\" array, was "
                    + WireTensor.describe(outputs) + (error != null ? "; error: " + WireTensor.describe(error) : ""));
        }
        Map<String, WireTensor> byName = new LinkedHashMap<>();
        for (int i = 0; i < outputs.size(); i++) {
            WireTensor t = WireTensor.parse(outputs.get(i), "outputs[" + i + "]", UPSTREAM);
            byName.put(t.name, t);
        }
        Set<Integer> nullRows = nullRows(body.path("parameters").get(OipCodec.NULL_ROWS));
        OutputSpec out = schema.output();
        return switch (out.kind()) {
            case CLASS -> classes(out, byName, expectedRows, nullRows);
            case SCORE -> scores(byName, expectedRows, nullRows);
            case TENSOR -> tensors(out, byName, expectedRows, nullRows);
        };
    }

    private static List<Prediction> classes(OutputSpec out, Map<String, WireTensor> byName, int n, Set<Integer> nullRows) {
        WireTensor probs = pick(byName, OipCodec.PROBABILITIES);
        if (probs == null || probs.datatype == OipDatatype.BYTES && !byName.containsKey(OipCodec.PROBABILITIES)) {
            throw UPSTREAM.at("outputs", "missing outputs: a class model needs a '" + OipCodec.PROBABILITIES
                    + "' output [N, classes], got " + byName.keySet());
        }
        WireTensor label = byName.get(OipCodec.LABEL);
        numeric(probs);
        rows(probs, n);
        int c = out.labels().isEmpty() && probs.shape.length == 2 ? probs.shape[1] : out.labels().size();
        if (probs.shape.length != 2 || probs.shape[1] != c) {
            throw UPSTREAM.at(probs.field + ".shape", probs.field + ".shape: output '" + probs.name + "' has shape "
                    + Arrays.toString(probs.shape) + ", expected [" + n + ", " + c + "] for labels " + out.labels());
        }
        probs.read(UPSTREAM);
        if (label != null) {
            if (label.datatype != OipDatatype.BYTES) {
                throw wrongDatatype(label, "BYTES");
            }
            rows(label, n);
            column(label);
            label.read(UPSTREAM);
        }
        List<Prediction> result = new ArrayList<>(n);
        for (int r = 0; r < n; r++) {
            double[] p = new double[c];
            boolean isNull = nullRows.contains(r) || label != null && label.element(r).isNull();
            for (int k = 0; k < c && !isNull; k++) {
                JsonNode e = probs.element(r * c + k);
                isNull = e.isNull();
                p[k] = isNull ? 0 : number(probs, r * c + k);
            }
            if (isNull) {
                result.add(new Prediction.NullPrediction(NULL_REASON));
                continue;
            }
            String name = label == null ? argmaxLabel(out, p) : text(label, r);
            if (!out.labels().isEmpty() && !out.labels().contains(name)) {
                throw UPSTREAM.at(label.path(r), label.path(r) + ": label '" + name + "' is not one of " + out.labels());
            }
            result.add(new Prediction.ClassPrediction(name, p));
        }
        return result;
    }

    private static List<Prediction> scores(Map<String, WireTensor> byName, int n, Set<Integer> nullRows) {
        WireTensor t = pick(byName, OipCodec.SCORE);
        if (t == null) {
            throw UPSTREAM.at("outputs", "missing outputs: a score model needs a '" + OipCodec.SCORE
                    + "' output [N], got " + byName.keySet());
        }
        numeric(t);
        rows(t, n);
        column(t);
        t.read(UPSTREAM);
        List<Prediction> result = new ArrayList<>(n);
        for (int r = 0; r < n; r++) {
            boolean isNull = nullRows.contains(r) || t.element(r).isNull();
            result.add(isNull ? new Prediction.NullPrediction(NULL_REASON) : new Prediction.ScorePrediction(number(t, r)));
        }
        return result;
    }

    private static List<Prediction> tensors(OutputSpec out, Map<String, WireTensor> byName, int n, Set<Integer> nullRows) {
        WireTensor t = pick(byName, OipCodec.OUTPUT);
        if (t == null) {
            throw UPSTREAM.at("outputs", "missing outputs: a tensor model needs an '" + OipCodec.OUTPUT
                    + "' output, got " + byName.keySet());
        }
        numeric(t);
        rows(t, n);
        int[] rowShape = t.shape.length == 1 ? new int[] {1} : t.rowShape();
        boolean fits = out.shape().isEmpty() || out.shape().size() == rowShape.length;
        for (int i = 0; fits && i < rowShape.length && !out.shape().isEmpty(); i++) {
            fits = out.shape().get(i) < 0 || out.shape().get(i) == rowShape[i];
        }
        if (!fits) {
            throw UPSTREAM.at(t.field + ".shape", t.field + ".shape: output '" + t.name + "' has shape "
                    + Arrays.toString(t.shape) + ", expected [" + n + ", " + out.shape().toString().substring(1));
        }
        t.read(UPSTREAM);
        int v = n == 0 ? 0 : t.size() / n;
        List<Prediction> result = new ArrayList<>(n);
        for (int r = 0; r < n; r++) {
            double[] data = new double[v];
            int nulls = 0;
            for (int k = 0; k < v; k++) {
                if (t.element(r * v + k).isNull()) {
                    nulls++;
                } else {
                    data[k] = number(t, r * v + k);
                }
            }
            if (nulls > 0 && nulls < v) {
                throw UPSTREAM.at(t.field, t.field + ": row " + r + " of output '" + t.name + "' is partly null");
            }
            result.add(nullRows.contains(r) || (nulls == v && v > 0) ? new Prediction.NullPrediction(NULL_REASON)
                    : new Prediction.TensorPrediction(new Tensor(rowShape.clone(), data, t.datatype.wireName())));
        }
        return result;
    }

    /** The output named {@code preferred}, else the only output, else {@code null}. */
    private static WireTensor pick(Map<String, WireTensor> byName, String preferred) {
        WireTensor t = byName.get(preferred);
        return t != null || byName.size() != 1 ? t : byName.values().iterator().next();
    }

    private static void rows(WireTensor t, int n) {
        if (t.rows() != n) {
            throw UPSTREAM.at(t.field + ".shape", "wrong row count: output '" + t.name + "' has " + t.rows()
                    + " rows (shape " + Arrays.toString(t.shape) + ") for a batch of " + n);
        }
    }

    private static void column(WireTensor t) {
        if (t.shape.length > 2 || (t.shape.length == 2 && t.shape[1] != 1)) {
            throw UPSTREAM.at(t.field + ".shape", t.field + ".shape: output '" + t.name + "' has shape "
                    + Arrays.toString(t.shape) + ", expected [N] or [N, 1]");
        }
    }

    private static void numeric(WireTensor t) {
        if (!t.datatype.isNumeric()) {
            throw wrongDatatype(t, "numeric (FP16/FP32/FP64 or an integer type)");
        }
    }

    private static ModelFailureException wrongDatatype(WireTensor t, String expected) {
        return (ModelFailureException) UPSTREAM.at(t.field + ".datatype", "wrong datatype: output '" + t.name
                + "' has datatype " + t.datatype + ", expected " + expected);
    }

    private static double number(WireTensor t, int k) {
        JsonNode e = t.element(k);
        if (!e.isNumber() || !Double.isFinite(e.doubleValue())) {
            throw UPSTREAM.at(t.path(k), t.path(k) + ": expected a finite number in output '" + t.name + "', was "
                    + WireTensor.describe(e));
        }
        return e.doubleValue();
    }

    private static String text(WireTensor t, int k) {
        JsonNode e = t.element(k);
        if (!e.isTextual()) {
            throw UPSTREAM.at(t.path(k), t.path(k) + ": expected a string in output '" + t.name + "', was "
                    + WireTensor.describe(e));
        }
        return e.textValue();
    }

    private static String argmaxLabel(OutputSpec out, double[] p) {
        int best = 0;
        for (int k = 1; k < p.length; k++) {
            if (p[k] > p[best]) {
                best = k;
            }
        }
        return out.labels().isEmpty() ? Integer.toString(best) : out.labels().get(best);
    }

    private static Set<Integer> nullRows(JsonNode node) {
        Set<Integer> rows = new HashSet<>();
        if (node != null && node.isArray()) {
            for (JsonNode r : node) {
                if (r.canConvertToInt()) {
                    rows.add(r.intValue());
                }
            }
        }
        return rows;
    }
}
