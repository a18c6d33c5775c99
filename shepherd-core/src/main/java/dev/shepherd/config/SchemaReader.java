package dev.shepherd.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shepherd.schema.FeatureSpec;
import dev.shepherd.schema.FeatureType;
import dev.shepherd.schema.ModelSchema;
import dev.shepherd.schema.OutputKind;
import dev.shepherd.schema.OutputSpec;
import dev.shepherd.schema.TensorMedia;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Reads and validates {@code spec.schema}: typed inputs and one output. */
final class SchemaReader {
    private SchemaReader() {
    }

    static ModelSchema read(Fields spec, String field) {
        Fields s = spec.object(field, true);
        if (s == null) {
            return null;
        }
        JsonNode inputs = s.node.get("inputs");
        List<FeatureSpec> features = new ArrayList<>();
        if (inputs == null || !inputs.isArray() || inputs.isEmpty()) {
            s.error("inputs", "must be a non-empty list of {name, type}");
        } else {
            Set<String> names = new HashSet<>();
            for (int i = 0; i < inputs.size(); i++) {
                Fields in = new Fields(inputs.get(i), s.path + ".inputs[" + i + "]", errorsOf(s));
                if (!inputs.get(i).isObject()) {
                    in.error("", "must be a mapping {name, type}");
                    continue;
                }
                String name = inputs.get(i).path("name").asText(null);
                if (name != null && !names.add(name)) {
                    in.error("name", "duplicate feature '" + name + "'");
                    continue;
                }
                FeatureSpec f = feature(in);
                if (f != null) {
                    features.add(f);
                }
            }
        }
        OutputSpec output = output(s.object("output", true));
        if (output == null || features.isEmpty() || s.failed()) {
            return null;
        }
        return new ModelSchema(features, output);
    }

    private static FeatureSpec feature(Fields in) {
        String name = in.text("name", true);
        String typeText = in.text("type", true);
        FeatureType type = FeatureType.fromWire(typeText);
        if (typeText != null && type == null) {
            in.error("type", "must be one of number, integer, boolean, category, text, tensor; was " + typeText);
        }
        Boolean required = in.bool("required");
        Double impute = in.number("impute");
        List<String> values = strings(in, "values");
        List<Integer> shape = ints(in, "shape");
        TensorMedia media = TensorMedia.NONE;
        String mediaText = in.text("media", false);
        if (mediaText != null) {
            try {
                media = TensorMedia.valueOf(mediaText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                in.error("media", "must be image, audio or none; was " + mediaText);
            }
        }
        if (type == FeatureType.CATEGORY && values.isEmpty()) {
            in.error("values", "a category needs its list of values");
        }
        if (type == FeatureType.TENSOR && shape.isEmpty()) {
            in.error("shape", "a tensor needs its shape (use -1 for a free dimension)");
        }
        if (type != FeatureType.TENSOR && media != TensorMedia.NONE) {
            in.error("media", "only a tensor can be an image or audio");
        }
        if (name == null || type == null) {
            return null;
        }
        return new FeatureSpec(name, type, required == null || required, values, shape, media,
                impute == null ? 0 : impute);
    }

    private static OutputSpec output(Fields out) {
        if (out == null) {
            return null;
        }
        String typeText = out.text("type", true);
        OutputKind kind = OutputKind.fromWire(typeText);
        if (typeText != null && kind == null) {
            out.error("type", "must be class, score or tensor; was " + typeText);
        }
        List<String> labels = strings(out, "labels");
        List<Integer> shape = ints(out, "shape");
        if (kind == OutputKind.CLASS && labels.size() < 2) {
            out.error("labels", "a class output needs at least two labels");
        }
        if (kind == OutputKind.CLASS && new HashSet<>(labels).size() != labels.size()) {
            out.error("labels", "labels must be distinct");
        }
        return kind == null ? null : new OutputSpec(kind, labels, shape);
    }

    private static List<String> strings(Fields f, String field) {
        JsonNode v = f.node.get(field);
        List<String> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isArray()) {
            f.error(field, "must be a list");
            return out;
        }
        for (JsonNode e : v) {
            if (!e.isValueNode() || e.isNull()) {
                f.error(field, "must hold only strings, found " + e);
            } else {
                out.add(e.asText());
            }
        }
        return out;
    }

    private static List<Integer> ints(Fields f, String field) {
        JsonNode v = f.node.get(field);
        List<Integer> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isArray()) {
            f.error(field, "must be a list of integers");
            return out;
        }
        for (JsonNode e : v) {
            if (!e.isInt() || (e.intValue() < 1 && e.intValue() != -1)) {
                f.error(field, "dimensions must be positive integers or -1, found " + e);
            } else {
                out.add(e.intValue());
            }
        }
        return out;
    }

    private static List<dev.shepherd.error.ConfigError> errorsOf(Fields f) {
        return f.errors();
    }
}
