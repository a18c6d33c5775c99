package dev.shepherd.schema;

import java.util.List;

/**
 * One declared model input.
 *
 * @param name     feature name, unique within a schema
 * @param type     value type
 * @param required whether a request must carry it; a missing optional feature is {@code null}
 *                 (and is counted by monitoring). Default {@code true}.
 * @param values   for {@code CATEGORY}: the known categories (order matters for one-hot
 *                 encoding); empty for other types
 * @param shape    for {@code TENSOR}: the shape of one instance, {@code -1} for a free
 *                 dimension; empty for scalars
 * @param media    for {@code TENSOR}: image, audio or none
 * @param impute   value a missing number, integer or boolean is encoded as by dense
 *                 encodings (default 0)
 */
public record FeatureSpec(String name, FeatureType type, boolean required, List<String> values,
                          List<Integer> shape, TensorMedia media, double impute) {
    public FeatureSpec {
        values = values == null ? List.of() : List.copyOf(values);
        shape = shape == null ? List.of() : List.copyOf(shape);
        media = media == null ? TensorMedia.NONE : media;
    }

    /** A required feature of a scalar type, imputed as 0. */
    public static FeatureSpec of(String name, FeatureType type) {
        return new FeatureSpec(name, type, true, List.of(), List.of(), TensorMedia.NONE, 0);
    }

    /** An optional feature of a scalar type, imputed as 0. */
    public static FeatureSpec optional(String name, FeatureType type) {
        return new FeatureSpec(name, type, false, List.of(), List.of(), TensorMedia.NONE, 0);
    }

    /** A required category with its known values (their order is the one-hot order). */
    public static FeatureSpec category(String name, List<String> values) {
        return new FeatureSpec(name, FeatureType.CATEGORY, true, values, List.of(), TensorMedia.NONE, 0);
    }

    /** A required tensor of the given per-instance shape ({@code -1} for a free dimension). */
    public static FeatureSpec tensor(String name, List<Integer> shape) {
        return new FeatureSpec(name, FeatureType.TENSOR, true, List.of(), shape, TensorMedia.NONE, 0);
    }

    /** The same feature, required or optional. */
    public FeatureSpec withRequired(boolean isRequired) {
        return new FeatureSpec(name, type, isRequired, values, shape, media, impute);
    }

    /** Number of elements in one instance of a fixed-shape tensor, or -1 if a dimension is free. */
    public int fixedVolume() {
        int v = 1;
        for (int d : shape) {
            if (d < 0) {
                return -1;
            }
            v *= d;
        }
        return v;
    }
}
