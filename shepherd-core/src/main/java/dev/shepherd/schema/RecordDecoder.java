package dev.shepherd.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shepherd.error.InvalidInputException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Decodes Shepherd's plain JSON request, {@code {"instances": [{"feature": value, …}, …]}} or a
 * single record object, into a validated {@link Batch}. Every problem is an
 * {@link InvalidInputException} whose field is a path such as {@code instances[3].income}.
 *
 * <p>Rules: {@code instances} must be a non-empty array of at most {@code maxBatch} objects; each
 * required feature must be present and non-null; values follow {@link Values}; a field the schema
 * does not declare is rejected (a typo in a feature name must not silently become a missing
 * value). Stateless and thread-safe.
 */
public final class RecordDecoder {
    private RecordDecoder() {
    }

    /**
     * Decodes {@code body} against {@code schema}.
     *
     * @param maxBatch most records accepted (the server's {@code --max-batch}, default 1,000)
     * @throws InvalidInputException naming the first offending field
     */
    public static Batch decode(ModelSchema schema, JsonNode body, int maxBatch) {
        if (body == null || !body.isObject()) {
            throw new InvalidInputException("body", "body: expected a JSON object with \"instances\", was "
                    + (body == null ? "empty" : Values.describe(body)));
        }
        JsonNode instances = body.get("instances");
        if (instances == null) {
            List<Object[]> one = new ArrayList<>(1);
            one.add(decodeRecord(schema, body, ""));
            return new Batch(schema, one);
        }
        if (!instances.isArray()) {
            throw new InvalidInputException("instances", "instances: expected an array of records, was "
                    + Values.describe(instances));
        }
        if (instances.isEmpty()) {
            throw new InvalidInputException("instances", "instances: must hold at least one record");
        }
        if (instances.size() > maxBatch) {
            throw new InvalidInputException("instances", "instances: batch of " + instances.size()
                    + " exceeds the maximum batch size " + maxBatch);
        }
        Iterator<String> extra = body.fieldNames();
        while (extra.hasNext()) {
            String f = extra.next();
            if (!f.equals("instances") && !f.equals("parameters")) {
                throw new InvalidInputException(f, f + ": unknown top-level field (expected \"instances\")");
            }
        }
        List<Object[]> rows = new ArrayList<>(instances.size());
        for (int i = 0; i < instances.size(); i++) {
            JsonNode rec = instances.get(i);
            String path = "instances[" + i + "]";
            if (!rec.isObject()) {
                throw new InvalidInputException(path, path + ": expected a record object, was " + Values.describe(rec));
            }
            rows.add(decodeRecord(schema, rec, path + "."));
        }
        return new Batch(schema, rows);
    }

    private static Object[] decodeRecord(ModelSchema schema, JsonNode rec, String prefix) {
        Object[] row = new Object[schema.size()];
        for (int j = 0; j < row.length; j++) {
            FeatureSpec f = schema.inputs().get(j);
            String field = prefix + f.name();
            Object v = Values.coerce(f, rec.get(f.name()), field);
            if (v == null && f.required()) {
                throw new InvalidInputException(field, field + ": required feature is missing");
            }
            row[j] = v;
        }
        Iterator<Map.Entry<String, JsonNode>> it = rec.fields();
        while (it.hasNext()) {
            String name = it.next().getKey();
            if (schema.indexOf(name) < 0) {
                throw new InvalidInputException(prefix + name, prefix + name + ": unknown feature, the schema declares "
                        + schema.inputs().stream().map(FeatureSpec::name).toList());
            }
        }
        return row;
    }
}
