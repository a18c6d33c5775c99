package dev.shepherd.oip;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shepherd.schema.Values;
import java.util.Arrays;

/**
 * One tensor of an OIP request or response as it arrived ({@code name}, {@code datatype},
 * {@code shape}, {@code data}), with its header checked and its data flattened row-major.
 * Shared by {@link RequestDecoder} (failures are invalid input) and {@link ResponseDecoder}
 * (failures are upstream errors) through {@link Failure}.
 *
 * <p>Data may be flat ({@code [1, 2, 3, 4]} for shape {@code [2, 2]}) or nested to exactly the
 * depth of the shape ({@code [[1, 2], [3, 4]]}); the protocol allows both. Error paths name the
 * element as it was sent: {@code inputs[0].data[5]} when flat, {@code inputs[0].data[2][1]} when
 * nested.
 */
final class WireTensor {
    /** Largest number of elements accepted in one tensor (the same bound as {@link Values}). */
    static final long MAX_ELEMENTS = 16_000_000;

    /** Builds the exception for a bad field; request and response directions differ. */
    @FunctionalInterface
    interface Failure {
        RuntimeException at(String field, String message);
    }

    final String field;
    final String name;
    final OipDatatype datatype;
    final int[] shape;
    private final JsonNode data;
    private JsonNode[] leaves;
    private boolean nested;

    private WireTensor(String field, String name, OipDatatype datatype, int[] shape, JsonNode data) {
        this.field = field;
        this.name = name;
        this.datatype = datatype;
        this.shape = shape;
        this.data = data;
    }

    /** Parses the header of tensor object {@code node} found at {@code field} ({@code inputs[2]}); data are read later. */
    static WireTensor parse(JsonNode node, String field, Failure fail) {
        if (node == null || !node.isObject()) {
            throw fail.at(field, field + ": expected a tensor object, was " + describe(node));
        }
        JsonNode name = node.get("name");
        if (name == null || !name.isTextual() || name.textValue().isEmpty()) {
            throw fail.at(field + ".name", field + ".name: expected a non-empty string, was " + describe(name));
        }
        JsonNode params = node.get("parameters");
        if (params != null && params.has("binary_data_size")) {
            throw fail.at(field + ".parameters", field + ".parameters: tensor '" + name.textValue()
                    + "' uses the binary data extension, which is not supported; send JSON data");
        }
        JsonNode dt = node.get("datatype");
        OipDatatype datatype = dt != null && dt.isTextual() ? OipDatatype.fromWire(dt.textValue()) : null;
        if (datatype == null) {
            throw fail.at(field + ".datatype", field + ".datatype: tensor '" + name.textValue()
                    + "' has datatype " + describe(dt) + ", expected one of " + Arrays.toString(OipDatatype.values()));
        }
        int[] shape = shape(node.get("shape"), field + ".shape", name.textValue(), fail);
        return new WireTensor(field, name.textValue(), datatype, shape, node.get("data"));
    }

    private static int[] shape(JsonNode node, String field, String name, Failure fail) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw fail.at(field, field + ": tensor '" + name + "' needs a non-empty array of dimensions, was " + describe(node));
        }
        int[] shape = new int[node.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = node.get(i);
            if (!d.isIntegralNumber() || !d.canConvertToInt() || d.intValue() < 0) {
                throw fail.at(field, field + ": tensor '" + name + "' has dimension " + describe(d)
                        + ", expected a non-negative integer");
            }
            shape[i] = d.intValue();
        }
        return shape;
    }

    /** The batch dimension, {@code shape[0]}. */
    int rows() {
        return shape[0];
    }

    /** Product of the dimensions after the first: the number of elements of one row. */
    int rowVolume() {
        long v = 1;
        for (int i = 1; i < shape.length; i++) {
            v *= shape[i];
            if (v > MAX_ELEMENTS) {
                return Integer.MAX_VALUE;
            }
        }
        return (int) v;
    }

    /** The shape without the batch dimension. */
    int[] rowShape() {
        return Arrays.copyOfRange(shape, 1, shape.length);
    }

    /** The {@code k}-th element in row-major order (a JSON value, possibly {@code null}). */
    JsonNode element(int k) {
        return leaves[k];
    }

    /** The number of elements, once {@link #read} succeeded. */
    int size() {
        return leaves.length;
    }

    /** The path of element {@code k} as the client wrote it: {@code inputs[0].data[5]} or {@code ...data[2][1]}. */
    String path(int k) {
        StringBuilder sb = new StringBuilder(field).append(".data");
        if (!nested) {
            return sb.append('[').append(k).append(']').toString();
        }
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = k % shape[d];
            k /= shape[d];
        }
        for (int i : idx) {
            sb.append('[').append(i).append(']');
        }
        return sb.toString();
    }

    /**
     * Reads and flattens {@code data}, checking its length or nesting against the shape. The
     * element array is allocated only once the data have been found to hold exactly the shape's
     * volume, so a tiny body declaring a huge shape costs no more than its own size.
     */
    void read(Failure fail) {
        String f = field + ".data";
        if (data == null || data.isMissingNode()) {
            throw fail.at(f, f + ": tensor '" + name + "' has no data (the binary data extension is not supported)");
        }
        if (!data.isArray()) {
            throw fail.at(f, f + ": tensor '" + name + "' needs an array of values, was " + describe(data));
        }
        long volume = 1;
        for (int d : shape) {
            volume *= d;
            if (volume > MAX_ELEMENTS) {
                throw fail.at(field + ".shape", field + ".shape: tensor '" + name + "' of shape "
                        + Arrays.toString(shape) + " exceeds " + MAX_ELEMENTS + " elements");
            }
        }
        nested = !data.isEmpty() && data.get(0).isArray();
        if (!nested) {
            if (data.size() != volume) {
                throw fail.at(f, f + ": tensor '" + name + "' of shape " + Arrays.toString(shape) + " needs "
                        + volume + " values, data has " + data.size());
            }
            leaves = new JsonNode[(int) volume];
            for (int i = 0; i < leaves.length; i++) {
                leaves[i] = data.get(i);
            }
            return;
        }
        // first pass: the nesting must match the shape exactly, which bounds the volume by the data sent
        walk(data, 0, new StringBuilder(f), null, new int[1], fail);
        leaves = new JsonNode[(int) volume];
        walk(data, 0, new StringBuilder(f), leaves, new int[1], fail);
    }

    /** Checks the nesting below {@code node} against the shape and, when {@code out} is given, stores the leaves. */
    private void walk(JsonNode node, int depth, StringBuilder path, JsonNode[] out, int[] pos, Failure fail) {
        if (depth == shape.length) {
            if (node.isArray()) {
                throw fail.at(path.toString(), path + ": tensor '" + name + "' is nested deeper than its shape "
                        + Arrays.toString(shape));
            }
            if (out != null) {
                out[pos[0]] = node;
            }
            pos[0]++;
            return;
        }
        if (!node.isArray() || node.size() != shape[depth]) {
            throw fail.at(path.toString(), path + ": tensor '" + name + "' of shape " + Arrays.toString(shape)
                    + " needs an array of " + shape[depth] + " here, was " + describe(node));
        }
        int len = path.length();
        for (int i = 0; i < node.size(); i++) {
            path.append('[').append(i).append(']');
            walk(node.get(i), depth + 1, path, out, pos, fail);
            path.setLength(len);
        }
    }

    /** A short description of a JSON value for messages ({@code a string "abc"}, {@code absent}). */
    static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "absent";
        }
        return node.isNull() ? "null" : Values.describe(node);
    }
}
