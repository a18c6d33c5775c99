package dev.shepherd.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shepherd.error.InvalidInputException;
import java.util.Iterator;
import java.util.Set;

/**
 * Reads the fields of a small JSON object body (an action's options), naming the field of every
 * problem: an unknown field, a wrong type, a text too long. Stateless.
 */
final class BodyFields {
    private final JsonNode body;

    private BodyFields(JsonNode body) {
        this.body = body;
    }

    /** Checks that {@code body} is an object holding only {@code allowed} fields. */
    static BodyFields of(JsonNode body, Set<String> allowed, String example) {
        if (body == null || !body.isObject()) {
            throw new InvalidInputException("body", "body: expected a JSON object like " + example);
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw new InvalidInputException(f, f + ": unknown field; expected " + String.join(", ",
                        allowed.stream().sorted().toList()));
            }
        }
        return new BodyFields(body);
    }

    JsonNode node() {
        return body;
    }

    boolean has(String field) {
        JsonNode v = body.get(field);
        return v != null && !v.isNull();
    }

    /** A string of 1..{@code max} characters, or {@code null} when absent. */
    String text(String field, int max) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() || v.textValue().isBlank()) {
            throw new InvalidInputException(field, field + ": must be a non-empty string, was " + v);
        }
        if (v.textValue().length() > max) {
            throw new InvalidInputException(field, field + ": " + v.textValue().length() + " characters, at most " + max);
        }
        return v.textValue();
    }

    /** A finite number in {@code [min, max]}, or {@code null} when absent. */
    Double number(String field, double min, double max) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber() || !(v.doubleValue() >= min && v.doubleValue() <= max)) {
            throw new InvalidInputException(field, field + ": must be a number from " + trim(min) + " to " + trim(max)
                    + ", was " + v);
        }
        return v.doubleValue();
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
