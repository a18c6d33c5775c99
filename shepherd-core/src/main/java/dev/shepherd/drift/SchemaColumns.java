package dev.shepherd.drift;

import dev.shepherd.schema.FeatureSpec;
import dev.shepherd.schema.ModelSchema;
import java.util.ArrayList;
import java.util.List;

/**
 * The columns a schema's inputs give a profile: numbers and integers are numeric; categories and
 * booleans are categories. Text and tensors are not profiled for drift (their length, brightness
 * or level are monitored instead). Stateless.
 */
public final class SchemaColumns {
    private SchemaColumns() {
    }

    public static List<ProfileBuilder.Column> of(ModelSchema schema) {
        List<ProfileBuilder.Column> out = new ArrayList<>();
        for (FeatureSpec f : schema.inputs()) {
            switch (f.type()) {
                case NUMBER, INTEGER -> out.add(new ProfileBuilder.Column(f.name(), ProfileBuilder.Kind.NUMERIC));
                case CATEGORY, BOOLEAN -> out.add(new ProfileBuilder.Column(f.name(), ProfileBuilder.Kind.CATEGORY));
                case TEXT, TENSOR -> { }
            }
        }
        return out;
    }
}
