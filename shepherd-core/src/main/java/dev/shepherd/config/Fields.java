package dev.shepherd.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shepherd.error.ConfigError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A cursor over one JSON/YAML object that records typed-field errors with their full path
 * instead of throwing, so a whole document is validated in one pass. Not thread-safe.
 */
final class Fields {
    final JsonNode node;
    final String path;
    private final List<ConfigError> errors;
    private final int errorsAtStart;

    Fields(JsonNode node, String path, List<ConfigError> errors) {
        this.node = node;
        this.path = path;
        this.errors = errors;
        this.errorsAtStart = errors.size();
    }

    void error(String field, String message) {
        errors.add(new ConfigError(field.isEmpty() ? path : path + "." + field, message));
    }

    List<ConfigError> errors() {
        return errors;
    }

    /** Whether any error was recorded since this cursor was made (anywhere in the document). */
    boolean failed() {
        return errors.size() > errorsAtStart;
    }

    String text(String field, boolean required) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                error(field, "is required");
            }
            return null;
        }
        if (!v.isValueNode() || v.asText().isBlank()) {
            error(field, "must be a non-empty string, was " + v);
            return null;
        }
        return v.asText();
    }

    Fields object(String field, boolean required) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                error(field, "is required");
            }
            return null;
        }
        if (!v.isObject()) {
            error(field, "must be a mapping, was " + v.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
            return null;
        }
        return new Fields(v, path + "." + field, errors);
    }

    Boolean bool(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isBoolean()) {
            error(field, "must be true or false, was " + v);
            return null;
        }
        return v.booleanValue();
    }

    Double number(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
            error(field, "must be a finite number, was " + v);
            return null;
        }
        return v.doubleValue();
    }

    /**
     * A duration in the one syntax ({@link Durations}): {@code fallback} when absent, {@code null}
     * (with the error recorded) when it is not a duration.
     */
    java.time.Duration duration(String field, java.time.Duration fallback) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        java.time.Duration d = v.isTextual() ? Durations.parse(v.textValue()) : null;
        if (d == null) {
            error(field, "must be a duration like 30s, 5m or 1h, was " + v);
        }
        return d;
    }

    Map<String, String> stringMap(String field) {
        JsonNode v = node.get(field);
        Map<String, String> out = new LinkedHashMap<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isObject()) {
            error(field, "must be a mapping of names to values");
            return out;
        }
        v.fields().forEachRemaining(e -> {
            if (e.getValue().isValueNode()) {
                out.put(e.getKey(), e.getValue().asText());
            } else if (e.getValue().isObject()) {
                e.getValue().fields().forEachRemaining(n -> out.put(e.getKey() + "." + n.getKey(), n.getValue().asText()));
            } else {
                error(field + "." + e.getKey(), "must be a scalar value");
            }
        });
        return out;
    }
}
