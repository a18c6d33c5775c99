package dev.shepherd.training;

import dev.shepherd.schema.Batch;
import dev.shepherd.schema.ModelSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Labelled tabular examples: rows aligned to {@code schema.inputs()} (Java types as in
 * {@link dev.shepherd.schema.FeatureType}, {@code null} = missing) and one class label per row.
 * Rows are not copied: treat them as immutable. Thread-safe once built.
 *
 * @param schema      the inputs and the class output; every label is one of its labels
 * @param rows        the feature values, one array per example
 * @param labels      the true label of each row
 * @param description where the data came from, recorded in the model's provenance
 */
public record LabelledData(ModelSchema schema, List<Object[]> rows, List<String> labels, String description) {
    public LabelledData {
        rows = List.copyOf(rows);
        labels = List.copyOf(labels);
        if (rows.size() != labels.size()) {
            throw new IllegalArgumentException(rows.size() + " rows but " + labels.size() + " labels");
        }
        List<String> known = schema.output().labels();
        for (int i = 0; i < labels.size(); i++) {
            if (!known.contains(labels.get(i))) {
                throw new IllegalArgumentException("label '" + labels.get(i) + "' of row " + i
                        + " is not one of " + known);
            }
        }
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).length != schema.size()) {
                throw new IllegalArgumentException("row " + i + " has " + rows.get(i).length
                        + " values, schema has " + schema.size() + " inputs");
            }
        }
        description = description == null ? "" : description;
    }

    /**
     * Builds labelled data from records keyed by feature name (values already of the right Java
     * types), reading each record's label from {@code labelKey}.
     */
    public static LabelledData fromRecords(ModelSchema schema, List<Map<String, Object>> records, String labelKey,
                                           String description) {
        List<String> labels = new ArrayList<>(records.size());
        for (Map<String, Object> r : records) {
            labels.add(String.valueOf(r.get(labelKey)));
        }
        return new LabelledData(schema, Batch.ofRecords(schema, records).rows(), labels, description);
    }

    public int size() {
        return rows.size();
    }

    /** The rows as an unlabelled batch, ready for {@link dev.shepherd.runtime.Model#predict}. */
    public Batch batch() {
        return new Batch(schema, rows);
    }

    /** The rows as records keyed by feature name, plus the label under {@code labelKey}; missing values are left out. */
    public List<Map<String, Object>> records(String labelKey) {
        List<Map<String, Object>> out = new ArrayList<>(rows.size());
        for (int r = 0; r < rows.size(); r++) {
            Map<String, Object> m = new LinkedHashMap<>();
            Object[] row = rows.get(r);
            for (int i = 0; i < row.length; i++) {
                if (row[i] != null) {
                    m.put(schema.inputs().get(i).name(), row[i]);
                }
            }
            m.put(labelKey, labels.get(r));
            out.add(m);
        }
        return out;
    }

    /** How many rows carry each label, ordered by label. */
    public Map<String, Integer> labelCounts() {
        Map<String, Integer> counts = new TreeMap<>();
        labels.forEach(l -> counts.merge(l, 1, Integer::sum));
        return counts;
    }

    /** These rows followed by {@code other}'s (same schema), described as {@code newDescription}. */
    public LabelledData concat(LabelledData other, String newDescription) {
        if (!other.schema.equals(schema)) {
            throw new IllegalArgumentException("cannot concatenate data of different schemas");
        }
        List<Object[]> allRows = new ArrayList<>(rows);
        allRows.addAll(other.rows);
        List<String> allLabels = new ArrayList<>(labels);
        allLabels.addAll(other.labels);
        return new LabelledData(schema, allRows, allLabels, newDescription);
    }

    /** Rows {@code [from, to)} as new labelled data. */
    public LabelledData slice(int from, int to) {
        return new LabelledData(schema, rows.subList(from, to), labels.subList(from, to), description);
    }
}
