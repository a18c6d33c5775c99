package dev.shepherd.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shepherd.error.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts one JSON value into the Java value a {@link Batch} holds for a feature, or rejects it
 * with an {@link InvalidInputException} naming {@code field} and the value. The single place where
 * the type rules live, shared by the plain-JSON and the OIP decoders.
 *
 * <p>Rules: JSON {@code null} is missing. Numbers must be finite (NaN and ±Infinity are rejected;
 * JSON itself cannot carry them, but strings like {@code "NaN"} are not numbers either).
 * Integers accept integral JSON numbers only ({@code 3} or {@code 3.0}, not {@code 3.5}).
 * Booleans accept {@code true/false} only. Categories accept strings (numbers are taken as their
 * text); a category not in the declared values is kept (monitoring counts unseen categories) unless
 * the schema says otherwise later. Text accepts strings. Tensors accept (nested) arrays of
 * numbers whose shape must match the declared shape. Strings are limited to 1 MiB characters.
 */
public final class Values {
    /** Longest accepted string value, in characters. */
    public static final int MAX_STRING = 1 << 20;

    private Values() {
    }

    /** The Java value of {@code node} for {@code spec}; {@code null} when JSON null or absent. */
    public static Object coerce(FeatureSpec spec, JsonNode node, String field) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        return switch (spec.type()) {
            case NUMBER -> number(node, field);
            case INTEGER -> integer(node, field);
            case BOOLEAN -> {
                if (!node.isBoolean()) {
                    throw wrong(field, "a boolean", node);
                }
                yield node.booleanValue();
            }
            case CATEGORY -> {
                if (node.isTextual()) {
                    yield string(node, field);
                }
                if (node.isNumber() || node.isBoolean()) {
                    yield node.asText();
                }
                throw wrong(field, "a category (string)", node);
            }
            case TEXT -> {
                if (!node.isTextual()) {
                    throw wrong(field, "a string", node);
                }
                yield string(node, field);
            }
            case TENSOR -> tensor(spec, node, field);
        };
    }

    /** A finite double from a JSON number. */
    public static double number(JsonNode node, String field) {
        if (!node.isNumber()) {
            throw wrong(field, "a number", node);
        }
        double d = node.doubleValue();
        if (!Double.isFinite(d)) {
            throw new InvalidInputException(field, field + ": must be a finite number, was " + shorten(node));
        }
        return d;
    }

    /** A long from an integral JSON number. */
    public static long integer(JsonNode node, String field) {
        if (!node.isNumber()) {
            throw wrong(field, "an integer", node);
        }
        if (node.canConvertToLong() && (node.isIntegralNumber() || node.doubleValue() == Math.rint(node.doubleValue()))) {
            return node.longValue();
        }
        throw wrong(field, "an integer", node);
    }

    /** Checks a tensor's per-instance shape against the declared shape (-1 = any). */
    public static void checkShape(FeatureSpec spec, int[] shape, String field) {
        List<Integer> declared = spec.shape();
        if (declared.isEmpty()) {
            return;
        }
        boolean ok = declared.size() == shape.length;
        for (int i = 0; ok && i < shape.length; i++) {
            ok = declared.get(i) < 0 || declared.get(i) == shape[i];
        }
        if (!ok) {
            throw new InvalidInputException(field, field + ": shape " + java.util.Arrays.toString(shape)
                    + " does not match declared shape " + declared);
        }
    }

    private static Tensor tensor(FeatureSpec spec, JsonNode node, String field) {
        if (!node.isArray()) {
            throw wrong(field, "an array of numbers", node);
        }
        List<Integer> shape = new ArrayList<>();
        JsonNode n = node;
        while (n.isArray()) {
            shape.add(n.size());
            if (n.isEmpty()) {
                break;
            }
            n = n.get(0);
        }
        int[] dims = shape.stream().mapToInt(Integer::intValue).toArray();
        checkShape(spec, dims, field);
        // The dimensions come from the first element at each depth only: check that every array
        // agrees before allocating, so a tiny ragged body cannot claim a huge volume (and the
        // volume below, bounded by the nodes actually sent, cannot overflow).
        checkNesting(node, dims, 0, field);
        long volume = 1;
        for (int d : dims) {
            volume *= d;
        }
        if (volume > 16_000_000) {
            throw new InvalidInputException(field, field + ": tensor of " + volume + " elements is too large");
        }
        double[] data = new double[(int) volume];
        int[] pos = {0};
        fill(node, dims, 0, data, pos, field);
        return new Tensor(dims, data, "FP64");
    }

    private static void checkNesting(JsonNode node, int[] dims, int depth, String field) {
        if (depth == dims.length) {
            return;
        }
        if (!node.isArray() || node.size() != dims[depth]) {
            throw new InvalidInputException(field, field + ": ragged array, expected " + dims[depth]
                    + " elements at depth " + depth);
        }
        for (JsonNode child : node) {
            checkNesting(child, dims, depth + 1, field);
        }
    }

    /** Copies the leaves in row-major order; the nesting was checked by {@link #checkNesting}. */
    private static void fill(JsonNode node, int[] dims, int depth, double[] out, int[] pos, String field) {
        if (depth == dims.length) {
            int at = pos[0]++;
            out[at] = number(node, field + "[" + at + "]");
            return;
        }
        for (JsonNode child : node) {
            fill(child, dims, depth + 1, out, pos, field);
        }
    }

    private static String string(JsonNode node, String field) {
        String s = node.textValue();
        if (s.length() > MAX_STRING) {
            throw new InvalidInputException(field, field + ": string of " + s.length() + " characters exceeds " + MAX_STRING);
        }
        return s;
    }

    private static InvalidInputException wrong(String field, String expected, JsonNode node) {
        return new InvalidInputException(field, field + ": expected " + expected + ", was " + describe(node));
    }

    /**
     * A short description of a JSON value for error messages: its kind and its text, cut to 60
     * characters ({@code a string "abc"}, {@code an array [1,2]}).
     */
    public static String describe(JsonNode node) {
        String kind = switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
        return kind + " " + shorten(node);
    }

    private static String shorten(JsonNode node) {
        String s = node.toString();
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
