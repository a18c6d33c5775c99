package dev.shepherd.monitor;

import dev.shepherd.schema.FeatureSpec;
import dev.shepherd.schema.FeatureType;
import dev.shepherd.schema.ModelSchema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which columns of a schema's rows are monitored, in slot order, with what the hot path needs
 * precomputed (declared category sets). Built once per series and schema; immutable.
 */
final class Layout {
    final ModelSchema schema;
    /** Schema input index of each slot. */
    final int[] columns;
    final FeatureSpec[] specs;
    /** Declared values of each category slot ({@code null} for other types or none declared). */
    final Set<String>[] declared;

    @SuppressWarnings("unchecked")
    Layout(ModelSchema schema, DeploymentState deployment) {
        this.schema = schema;
        List<Integer> cols = new ArrayList<>();
        for (int i = 0; i < schema.size(); i++) {
            if (deployment.admit(schema.inputs().get(i).name())) {
                cols.add(i);
            }
        }
        columns = cols.stream().mapToInt(Integer::intValue).toArray();
        specs = new FeatureSpec[columns.length];
        declared = new Set[columns.length];
        for (int s = 0; s < columns.length; s++) {
            specs[s] = schema.inputs().get(columns[s]);
            if (specs[s].type() == FeatureType.CATEGORY && !specs[s].values().isEmpty()) {
                declared[s] = Set.copyOf(new HashSet<>(specs[s].values()));
            }
        }
    }

    /** Whether this layout serves {@code other} (same instance, or an equal schema). */
    boolean serves(ModelSchema other) {
        return schema == other || schema.equals(other);
    }
}
