package dev.shepherd.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shepherd.error.InvalidInputException;
import dev.shepherd.schema.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A decoded {@code POST /api/v1/feedback} body: labels for a request, or an event. Decoding checks
 * everything that can be checked without the store and names the field of the first problem.
 */
sealed interface FeedbackRequest {
    /** Longest request id, deployment name or class label accepted, in characters. */
    int MAX_NAME = 128;
    /** Event names: 1 to 64 of letters, digits, {@code _ . : -}. */
    Pattern EVENT_NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    Set<String> FIELDS = Set.of("request_id", "deployment", "label", "labels", "value", "values", "event");
    List<String> TRUTH_FIELDS = List.of("label", "labels", "value", "values");

    /**
     * Labels of one request.
     *
     * @param field       the body field they came in: {@code label} or {@code value} (one
     *                    instance), {@code labels} or {@code values} (one per instance)
     * @param truths      in instance order
     * @param deployment  the deployment the client names as a cross-check, or {@code null}
     */
    record Labels(String requestId, String deployment, String field, List<Truth> truths) implements FeedbackRequest {
        boolean perInstance() {
            return field.endsWith("s");
        }
    }

    /** One instance's truth: a class or a value. */
    record Truth(String label, Double value) {
        @Override
        public String toString() {
            return label != null ? '"' + label + '"' : String.valueOf(value);
        }
    }

    /** A user event, for a request ({@code requestId}) or a deployment. */
    record Event(String event, String requestId, String deployment, double value) implements FeedbackRequest {
    }

    /** Decodes {@code body}; every problem is an {@link InvalidInputException} naming its field. */
    static FeedbackRequest decode(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new InvalidInputException("body", "body: expected a JSON object with \"request_id\" and \"label\", "
                    + "or with \"event\", was " + describe(body));
        }
        for (Map.Entry<String, JsonNode> property : body.properties()) {
            String f = property.getKey();
            if (!FIELDS.contains(f)) {
                throw new InvalidInputException(f, f + ": unknown field, expected request_id, label, labels, value, "
                        + "values, event or deployment");
            }
        }
        String requestId = optionalName(body, "request_id");
        String deployment = optionalName(body, "deployment");
        if (body.has("event")) {
            return event(body, requestId, deployment);
        }
        if (requestId == null) {
            throw new InvalidInputException("request_id", "request_id: required for a label (a body without "
                    + "\"event\" is a label)");
        }
        String field = null;
        for (String f : TRUTH_FIELDS) {
            if (body.has(f)) {
                if (field != null) {
                    throw new InvalidInputException(f, f + ": send only one of label, labels, value and values, "
                            + "found " + field + " and " + f);
                }
                field = f;
            }
        }
        if (field == null) {
            throw new InvalidInputException("label", "label: required: a label body has \"label\" (a class), "
                    + "\"value\" (a number), or \"labels\"/\"values\" with one per instance");
        }
        JsonNode node = body.get(field);
        List<Truth> truths = switch (field) {
            case "label" -> List.of(new Truth(name(node, field), null));
            case "value" -> List.of(new Truth(null, finite(node, field)));
            default -> each(node, field);
        };
        return new Labels(requestId, deployment, field, truths);
    }

    private static Event event(JsonNode body, String requestId, String deployment) {
        for (String f : List.of("label", "labels", "values")) {
            if (body.has(f)) {
                throw new InvalidInputException(f, f + ": a body is a label or an event, not both");
            }
        }
        String event = name(body.get("event"), "event");
        if (!EVENT_NAME.matcher(event).matches()) {
            throw new InvalidInputException("event", "event: must be 1 to 64 letters, digits or _ . : -, was \""
                    + shorten(event) + "\"");
        }
        double value = body.has("value") ? finite(body.get("value"), "value") : 1.0;
        if (requestId == null && deployment == null) {
            throw new InvalidInputException("request_id", "request_id: an event needs request_id or deployment");
        }
        return new Event(event, requestId, deployment, value);
    }

    private static List<Truth> each(JsonNode node, String field) {
        if (!node.isArray()) {
            throw new InvalidInputException(field, field + ": expected an array with one entry per instance, was "
                    + describe(node));
        }
        if (node.isEmpty()) {
            throw new InvalidInputException(field, field + ": must hold at least one entry");
        }
        boolean classes = field.equals("labels");
        List<Truth> truths = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            String at = field + "[" + i + "]";
            truths.add(classes ? new Truth(name(node.get(i), at), null) : new Truth(null, finite(node.get(i), at)));
        }
        return truths;
    }

    private static String optionalName(JsonNode body, String field) {
        return body.has(field) ? name(body.get(field), field) : null;
    }

    /** A non-blank string of at most {@link #MAX_NAME} characters. */
    private static String name(JsonNode node, String field) {
        if (!node.isTextual()) {
            throw new InvalidInputException(field, field + ": expected a string, was " + describe(node));
        }
        String s = node.textValue();
        if (s.isBlank()) {
            throw new InvalidInputException(field, field + ": must not be empty");
        }
        if (s.length() > MAX_NAME) {
            throw new InvalidInputException(field, field + ": " + s.length() + " characters, at most " + MAX_NAME
                    + " allowed");
        }
        return s;
    }

    private static double finite(JsonNode node, String field) {
        if (!node.isNumber() || !Double.isFinite(node.doubleValue())) {
            throw new InvalidInputException(field, field + ": expected a finite number, was " + describe(node));
        }
        return node.doubleValue();
    }

    private static String describe(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? "null" : Values.describe(node);
    }

    private static String shorten(String s) {
        return s.length() > 70 ? s.substring(0, 67) + "..." : s;
    }
}
