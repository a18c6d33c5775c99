package dev.shepherd.oip;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shepherd.error.InvalidInputException;
import dev.shepherd.schema.Batch;
import dev.shepherd.schema.FeatureSpec;
import dev.shepherd.schema.FeatureType;
import dev.shepherd.schema.ModelSchema;
import dev.shepherd.schema.Tensor;
import dev.shepherd.schema.Values;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes an OIP v2 inference request into a validated {@link Batch}; the rules are documented on
 * {@link OipCodec#decodeRequest}. Stateless and thread-safe.
 */
final class RequestDecoder {
    private static final WireTensor.Failure INVALID = InvalidInputException::new;

    private RequestDecoder() {
    }

    static Batch decode(ModelSchema schema, JsonNode body, int maxBatch) {
        if (body == null || !body.isObject()) {
            throw new InvalidInputException("body", "body: expected a JSON object with \"inputs\", was "
                    + WireTensor.describe(body));
        }
        JsonNode inputs = body.get("inputs");
        if (inputs == null || !inputs.isArray()) {
            throw new InvalidInputException("inputs", "inputs: expected an array of input tensors, was "
                    + WireTensor.describe(inputs));
        }
        if (inputs.isEmpty()) {
            throw new InvalidInputException("inputs", "inputs: must hold at least one input tensor, the model takes "
                    + names(schema));
        }
        List<WireTensor> tensors = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            tensors.add(WireTensor.parse(inputs.get(i), "inputs[" + i + "]", INVALID));
        }
        int n = batchSize(tensors.getFirst(), maxBatch);
        boolean denseCandidate = tensors.size() == 1 && schema.indexOf(tensors.getFirst().name) < 0 && isTabular(schema);
        if (denseCandidate && tensors.getFirst().shape.length == 2 && tensors.getFirst().shape[1] == schema.size()) {
            return dense(schema, tensors.getFirst(), n);
        }
        Object[][] rows = new Object[n][schema.size()];
        boolean[] present = new boolean[schema.size()];
        for (WireTensor t : tensors) {
            int j = schema.indexOf(t.name);
            if (j < 0) {
                String hint = denseCandidate ? "; a single dense input needs shape [N, " + schema.size() + "]" : "";
                throw new InvalidInputException(t.field + ".name", t.field + ".name: unknown input '" + t.name
                        + "', the model takes " + names(schema) + hint);
            }
            if (present[j]) {
                throw new InvalidInputException(t.field + ".name", t.field + ".name: input '" + t.name + "' is sent twice");
            }
            present[j] = true;
            if (t.rows() != n) {
                throw new InvalidInputException(t.field + ".shape", t.field + ".shape: input '" + t.name + "' has "
                        + t.rows() + " rows, inputs[0] has " + n + "; all inputs must agree on the batch size");
            }
            FeatureSpec f = schema.inputs().get(j);
            if (!t.datatype.fits(f.type())) {
                throw new InvalidInputException(t.field + ".datatype", t.field + ".datatype: input '" + t.name + "' is "
                        + f.type().wireName() + ", datatype must be " + OipDatatype.accepted(f.type()) + ", was " + t.datatype);
            }
            if (f.type() == FeatureType.TENSOR) {
                tensorColumn(f, t, rows, j);
            } else {
                scalarColumn(f, t, rows, j);
            }
        }
        for (int j = 0; j < present.length; j++) {
            FeatureSpec f = schema.inputs().get(j);
            if (!present[j] && f.required()) {
                throw new InvalidInputException("inputs", "inputs: missing required input '" + f.name()
                        + "' (" + f.type().wireName() + ")");
            }
        }
        return new Batch(schema, Arrays.asList(rows));
    }

    private static int batchSize(WireTensor first, int maxBatch) {
        int n = first.rows();
        if (n < 1) {
            throw new InvalidInputException(first.field + ".shape", first.field + ".shape: tensor '" + first.name
                    + "' has batch size 0, at least 1 row is needed");
        }
        if (n > maxBatch) {
            throw new InvalidInputException(first.field + ".shape", first.field + ".shape: tensor '" + first.name
                    + "' has batch size " + n + ", which exceeds the maximum batch size " + maxBatch);
        }
        return n;
    }

    private static void scalarColumn(FeatureSpec f, WireTensor t, Object[][] rows, int j) {
        if (t.shape.length > 2 || (t.shape.length == 2 && t.shape[1] != 1)) {
            throw new InvalidInputException(t.field + ".shape", t.field + ".shape: input '" + t.name + "' is "
                    + f.type().wireName() + ", shape must be [N] or [N, 1], was " + Arrays.toString(t.shape));
        }
        t.read(INVALID);
        for (int r = 0; r < rows.length; r++) {
            rows[r][j] = required(f, t, r, scalar(f, t.datatype, t.element(r), t.path(r)));
        }
    }

    private static void tensorColumn(FeatureSpec f, WireTensor t, Object[][] rows, int j) {
        int[] rowShape = t.rowShape();
        if (rowShape.length == 0 || (!f.shape().isEmpty() && rowShape.length != f.shape().size())) {
            String declared = f.shape().isEmpty() ? "[N, ...]" : "[N, " + f.shape().toString().substring(1);
            throw new InvalidInputException(t.field + ".shape", t.field + ".shape: input '" + t.name
                    + "' is a tensor, shape must be " + declared + ", was " + Arrays.toString(t.shape));
        }
        try {
            Values.checkShape(f, rowShape, t.field + ".shape");
        } catch (InvalidInputException e) {
            throw named(f, e);
        }
        t.read(INVALID);
        int v = t.rowVolume();
        for (int r = 0; r < rows.length; r++) {
            double[] data = new double[v];
            int firstNull = -1;
            int nulls = 0;
            for (int k = 0; k < v; k++) {
                int at = r * v + k;
                JsonNode e = t.element(at);
                if (e.isNull()) {
                    firstNull = firstNull < 0 ? at : firstNull;
                    nulls++;
                } else {
                    data[k] = number(f, t.datatype, e, t.path(at));
                }
            }
            if (nulls > 0 && (nulls < v || f.required())) {
                String why = nulls < v ? "a tensor element cannot be null (a missing tensor is a row of nulls)"
                        : "required input '" + f.name() + "' is missing in row " + r;
                throw new InvalidInputException(t.path(firstNull), t.path(firstNull) + ": " + why
                        + " (input '" + f.name() + "')");
            }
            rows[r][j] = nulls == v && v > 0 ? null : new Tensor(rowShape.clone(), data, t.datatype.wireName());
        }
    }

    /** Columns of one dense {@code [N, F]} tensor mapped onto the features in declared order. */
    private static Batch dense(ModelSchema schema, WireTensor t, int n) {
        boolean allBoolean = schema.inputs().stream().allMatch(f -> f.type() == FeatureType.BOOLEAN);
        if (!(t.datatype.isNumeric() || (t.datatype == OipDatatype.BOOL && allBoolean))) {
            throw new InvalidInputException(t.field + ".datatype", t.field + ".datatype: dense input '" + t.name
                    + "' must be numeric" + (allBoolean ? " or BOOL" : "") + ", was " + t.datatype);
        }
        t.read(INVALID);
        int width = schema.size();
        List<Object[]> rows = new ArrayList<>(n);
        for (int r = 0; r < n; r++) {
            Object[] row = new Object[width];
            for (int j = 0; j < width; j++) {
                FeatureSpec f = schema.inputs().get(j);
                int at = r * width + j;
                JsonNode e = t.element(at);
                Object v;
                if (f.type() == FeatureType.BOOLEAN && t.datatype != OipDatatype.BOOL && !e.isNull()) {
                    double d = number(f, t.datatype, e, t.path(at));
                    if (d != 0 && d != 1) {
                        throw new InvalidInputException(t.path(at), t.path(at) + ": expected 0 or 1 for boolean input '"
                                + f.name() + "', was " + Values.describe(e));
                    }
                    v = d == 1;
                } else {
                    v = scalar(f, t.datatype, e, t.path(at));
                }
                row[j] = required(f, t, at, v);
            }
            rows.add(row);
        }
        return new Batch(schema, rows);
    }

    private static Object required(FeatureSpec f, WireTensor t, int at, Object v) {
        if (v == null && f.required()) {
            throw new InvalidInputException(t.path(at), t.path(at) + ": required input '" + f.name() + "' is null");
        }
        return v;
    }

    /** One scalar value; {@code null} for JSON null. Integer datatypes are range-checked. */
    private static Object scalar(FeatureSpec f, OipDatatype dt, JsonNode e, String path) {
        if (e.isNull()) {
            return null;
        }
        try {
            return switch (f.type()) {
                case NUMBER -> number(f, dt, e, path);
                case INTEGER -> {
                    long x = Values.integer(e, path);
                    yield dt.isInteger() ? checked(dt, x, path) : x;
                }
                default -> Values.coerce(f, e, path);
            };
        } catch (InvalidInputException ex) {
            throw named(f, ex);
        }
    }

    /** A finite number that fits {@code dt}: integral for integer datatypes, in range for FP16/FP32. */
    private static double number(FeatureSpec f, OipDatatype dt, JsonNode e, String path) {
        try {
            if (dt.isInteger()) {
                return checked(dt, Values.integer(e, path), path);
            }
            double d = Values.number(e, path);
            if (!dt.holds(d)) {
                throw new InvalidInputException(path, path + ": value " + d + " is out of the range of " + dt);
            }
            return d;
        } catch (InvalidInputException ex) {
            throw named(f, ex);
        }
    }

    private static long checked(OipDatatype dt, long x, String path) {
        if (!dt.holds(x)) {
            throw new InvalidInputException(path, path + ": value " + x + " does not fit " + dt + " " + dt.range());
        }
        return x;
    }

    private static InvalidInputException named(FeatureSpec f, InvalidInputException e) {
        if (e.getMessage().contains("'" + f.name() + "'")) {
            return e;
        }
        return new InvalidInputException(e.field(), e.getMessage() + " (input '" + f.name() + "')");
    }

    private static boolean isTabular(ModelSchema schema) {
        return schema.size() > 0 && schema.inputs().stream().allMatch(f -> f.type() == FeatureType.NUMBER
                || f.type() == FeatureType.INTEGER || f.type() == FeatureType.BOOLEAN);
    }

    private static List<String> names(ModelSchema schema) {
        return schema.inputs().stream().map(FeatureSpec::name).toList();
    }
}
