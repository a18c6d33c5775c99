package dev.shepherd.runtime.onnx;

import static dev.shepherd.runtime.onnx.OnnxGraphs.BOOL;
import static dev.shepherd.runtime.onnx.OnnxGraphs.FLOAT;
import static dev.shepherd.runtime.onnx.OnnxGraphs.INT64;
import static dev.shepherd.runtime.onnx.OnnxGraphs.intAttr;
import static dev.shepherd.runtime.onnx.OnnxGraphs.stringsAttr;
import static dev.shepherd.runtime.onnx.OnnxGraphs.tensor;

import dev.shepherd.registry.ModelVersion;
import dev.shepherd.registry.Provenance;
import dev.shepherd.schema.FeatureSpec;
import dev.shepherd.schema.FeatureType;
import dev.shepherd.schema.ModelSchema;
import dev.shepherd.schema.OutputSpec;
import dev.shepherd.schema.TensorMedia;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A hand-built classifier whose graph inputs are named like the schema's features:
 * {@code income} float {@code [N, 1]}, {@code age} int64 {@code [N, 1]} (optional, imputed as 40),
 * {@code has_collateral} bool {@code [N]}; logit(default) - logit(repaid) =
 * {@code -2e-5 income + 0.03 age - 0.8 collateral - 0.5}.
 */
final class HandBuiltModels {
    static final List<String> LABELS = List.of("repaid", "default");
    static final ModelSchema SCHEMA = new ModelSchema(List.of(
            FeatureSpec.of("income", FeatureType.NUMBER),
            new FeatureSpec("age", FeatureType.INTEGER, false, List.of(), List.of(), TensorMedia.NONE, 40),
            FeatureSpec.of("has_collateral", FeatureType.BOOLEAN)),
            OutputSpec.classes(LABELS));

    private HandBuiltModels() {
    }

    /** The expected probability of {@code default}. */
    static double defaultProbability(double income, Long age, boolean collateral) {
        double z = -2e-5 * income + 0.03 * (age == null ? 40 : age) - 0.8 * (collateral ? 1 : 0) - 0.5;
        return 1 / (1 + Math.exp(-z));
    }

    /** Writes the classifier; with {@code zipMap} its output is sklearn's sequence of maps instead of a tensor. */
    static Path classifier(Path file, boolean zipMap) {
        OnnxGraphs g = new OnnxGraphs()
                .input(tensor("income", FLOAT, null, 1L))
                .input(tensor("age", INT64, null, 1L))
                .input(tensor("has_collateral", BOOL, (Long) null));
        String age = g.node("Cast", List.of("age"), intAttr("to", FLOAT));
        String collateral = g.node("Cast", List.of("has_collateral"), intAttr("to", FLOAT));
        String collateral2d = g.node("Unsqueeze", List.of(collateral, g.longs(new long[] {1}, 1)));
        String x = g.node("Concat", List.of("income", age, collateral2d), intAttr("axis", 1));
        String w = g.floats(new long[] {3, 2}, 0f, -2e-5f, 0f, 0.03f, 0f, -0.8f);
        String b = g.floats(new long[] {2}, 0f, -0.5f);
        String logits = g.node("Add", List.of(g.node("MatMul", List.of(x, w)), b));
        if (zipMap) {
            String p = g.node("Softmax", List.of(logits), intAttr("axis", 1));
            g.node("ZipMap", "ai.onnx.ml", List.of(p), "output_probability", stringsAttr("classlabels_strings", "repaid", "default"));
            g.output(OnnxGraphs.zipMap("output_probability"));
        } else {
            g.node("Softmax", null, List.of(logits), "probabilities", intAttr("axis", 1));
            g.node("Identity", null, List.of(logits), "logits");
            g.output(tensor("logits", FLOAT, null, 2L));
            g.output(tensor("probabilities", FLOAT, null, 2L));
        }
        return write(g, file);
    }

    static Path write(OnnxGraphs g, Path file) {
        try {
            return g.write(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ModelVersion version(Path file, ModelSchema schema) {
        return new ModelVersion("hand", "v1", "onnx", file.toString(), null, schema, Map.of(), Instant.EPOCH,
                Provenance.of("test"));
    }
}
