package dev.shepherd.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A validated batch of instances, one {@code Object[]} row per instance with values aligned to
 * {@link ModelSchema#inputs()} (types as documented on {@link FeatureType}; {@code null} =
 * missing). Built only by decoders that validated every value, so models may trust it. Rows are
 * not copied: treat them as immutable.
 */
public record Batch(ModelSchema schema, List<Object[]> rows) {
    public Batch {
        rows = List.copyOf(rows);
    }

    public int size() {
        return rows.size();
    }

    /** The value of {@code feature} in row {@code row}, or {@code null} when missing. */
    public Object value(int row, String feature) {
        int i = schema.indexOf(feature);
        if (i < 0) {
            throw new IllegalArgumentException("unknown feature " + feature);
        }
        return rows.get(row)[i];
    }

    /** Builds a batch from records keyed by feature name; values must already have the right Java types. */
    public static Batch ofRecords(ModelSchema schema, List<Map<String, Object>> records) {
        List<Object[]> rows = new ArrayList<>(records.size());
        for (Map<String, Object> r : records) {
            Object[] row = new Object[schema.size()];
            for (int i = 0; i < row.length; i++) {
                row[i] = r.get(schema.inputs().get(i).name());
            }
            rows.add(row);
        }
        return new Batch(schema, rows);
    }
}
