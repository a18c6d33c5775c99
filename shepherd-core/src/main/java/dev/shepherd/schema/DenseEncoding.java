package dev.shepherd.schema;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one documented mapping from a schema's tabular inputs to a dense {@code float} vector, shared
 * by the built-in trainer and by the ONNX runtime so a model trained on the vector is fed the same
 * vector when serving. Immutable and thread-safe.
 *
 * <p>Columns follow the declared input order:
 * <ul>
 *   <li>{@code number} and {@code integer}: one column holding the value as a {@code float};
 *       a missing value is {@link FeatureSpec#impute()}. Column name: the feature name.</li>
 *   <li>{@code boolean}: one column, {@code 1} for true and {@code 0} for false; a missing value
 *       is {@link FeatureSpec#impute()}. Column name: the feature name.</li>
 *   <li>{@code category}: one-hot over {@link FeatureSpec#values()} in their declared order; a
 *       missing or unseen category is all zeros. Column names: {@code feature=value}, for example
 *       {@code employment=salaried}.</li>
 * </ul>
 * {@code text} and {@code tensor} inputs have no dense encoding; {@link #of} rejects schemas that
 * declare them (see {@link #supports}). Values are not scaled: a model that needs standardized
 * inputs must do so itself.
 */
public final class DenseEncoding {
    private final ModelSchema schema;
    private final int[] offsets;
    private final List<Map<String, Integer>> categoryIndex;
    private final List<String> columnNames;

    private DenseEncoding(ModelSchema schema) {
        this.schema = schema;
        this.offsets = new int[schema.size()];
        List<Map<String, Integer>> index = new ArrayList<>(schema.size());
        List<String> names = new ArrayList<>();
        for (int i = 0; i < schema.size(); i++) {
            FeatureSpec f = schema.inputs().get(i);
            offsets[i] = names.size();
            if (f.type() == FeatureType.CATEGORY) {
                Map<String, Integer> m = new HashMap<>();
                for (String v : f.values()) {
                    if (m.putIfAbsent(v, m.size()) != null) {
                        throw new IllegalArgumentException("category " + f.name() + " declares value '" + v + "' twice");
                    }
                    names.add(f.name() + "=" + v);
                }
                index.add(Map.copyOf(m));
            } else {
                names.add(f.name());
                index.add(Map.of());
            }
        }
        this.categoryIndex = List.copyOf(index);
        this.columnNames = List.copyOf(names);
    }

    /**
     * The encoding of {@code schema}.
     *
     * @throws IllegalArgumentException when an input is {@code text} or {@code tensor}, or a
     *                                  category declares a value twice
     */
    public static DenseEncoding of(ModelSchema schema) {
        for (FeatureSpec f : schema.inputs()) {
            if (!isTabular(f.type())) {
                throw new IllegalArgumentException("feature " + f.name() + " of type " + f.type().wireName()
                        + " has no dense encoding (only number, integer, boolean and category do)");
            }
        }
        return new DenseEncoding(schema);
    }

    /** Whether every input of {@code schema} is tabular, so {@link #of} accepts it. */
    public static boolean supports(ModelSchema schema) {
        return schema.inputs().stream().allMatch(f -> isTabular(f.type()));
    }

    private static boolean isTabular(FeatureType t) {
        return t == FeatureType.NUMBER || t == FeatureType.INTEGER || t == FeatureType.BOOLEAN
                || t == FeatureType.CATEGORY;
    }

    public ModelSchema schema() {
        return schema;
    }

    /** Number of columns of one encoded row. */
    public int width() {
        return columnNames.size();
    }

    /** The column names in column order: {@code income}, {@code employment=salaried}, … */
    public List<String> columnNames() {
        return columnNames;
    }

    /** The first column of input {@code feature} (its index in {@link ModelSchema#inputs()}). */
    public int offset(int feature) {
        return offsets[feature];
    }

    /**
     * Writes the {@link #width()} columns of {@code row} into {@code out[offset .. offset+width)}.
     * {@code row} is aligned to the schema's inputs with the Java types of {@link FeatureType}
     * ({@code null} = missing); any {@link Number} is accepted for numeric features.
     *
     * @throws IllegalArgumentException when the row has the wrong length or a value the wrong type
     */
    public void encode(Object[] row, float[] out, int offset) {
        if (row.length != offsets.length) {
            throw new IllegalArgumentException("row has " + row.length + " values, schema has " + offsets.length + " inputs");
        }
        for (int i = 0; i < row.length; i++) {
            FeatureSpec f = schema.inputs().get(i);
            int at = offset + offsets[i];
            Object v = row[i];
            switch (f.type()) {
                case NUMBER, INTEGER -> {
                    if (v == null) {
                        out[at] = (float) f.impute();
                    } else if (v instanceof Number n) {
                        out[at] = (float) n.doubleValue();
                    } else {
                        throw wrongType(f, v);
                    }
                }
                case BOOLEAN -> {
                    if (v == null) {
                        out[at] = (float) f.impute();
                    } else if (v instanceof Boolean b) {
                        out[at] = b ? 1f : 0f;
                    } else {
                        throw wrongType(f, v);
                    }
                }
                case CATEGORY -> {
                    int n = f.values().size();
                    Arrays.fill(out, at, at + n, 0f);
                    if (v != null) {
                        Integer k = categoryIndex.get(i).get(v.toString());
                        if (k != null) {
                            out[at + k] = 1f;
                        }
                    }
                }
                default -> throw new IllegalStateException("not tabular: " + f.type());
            }
        }
    }

    /** One row encoded into a new array of {@link #width()} columns. */
    public float[] encode(Object[] row) {
        float[] out = new float[width()];
        encode(row, out, 0);
        return out;
    }

    /** Every row of {@code batch}, row-major: {@code batch.size() * width()} floats. */
    public float[] encode(Batch batch) {
        int w = width();
        float[] out = new float[batch.size() * w];
        for (int r = 0; r < batch.size(); r++) {
            encode(batch.rows().get(r), out, r * w);
        }
        return out;
    }

    private static IllegalArgumentException wrongType(FeatureSpec f, Object v) {
        return new IllegalArgumentException("feature " + f.name() + " (" + f.type().wireName()
                + ") cannot encode a " + v.getClass().getSimpleName() + ": " + v);
    }
}
