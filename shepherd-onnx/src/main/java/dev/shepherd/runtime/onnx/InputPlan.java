package dev.shepherd.runtime.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import dev.shepherd.error.InvalidConfigException;
import dev.shepherd.schema.Batch;
import dev.shepherd.schema.DenseEncoding;
import dev.shepherd.schema.FeatureSpec;
import dev.shepherd.schema.ModelSchema;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a {@link Batch} becomes the input tensors of one ONNX graph, chosen once at load time:
 * {@link NamedInputs} when the graph's inputs are named like the schema's features, else
 * {@link DenseInput} when the graph has a single float {@code [N, F]} input.
 */
sealed interface InputPlan permits DenseInput, NamedInputs {

    /** The input tensors for every row of {@code batch}; the caller closes them after the run. */
    Map<String, OnnxTensor> tensors(OrtEnvironment env, Batch batch) throws OrtException;

    /**
     * Rejects rows the graph cannot take, before any of them reaches ONNX Runtime: tensors whose
     * shape does not fit the graph input's fixed dimensions, values outside the range of its
     * element type.
     *
     * @throws dev.shepherd.error.InvalidInputException whose field is the feature name
     */
    void check(Batch batch);

    /**
     * Whether {@code batch} can be fed in one run. False when the graph fixes the batch dimension
     * to 1 or the rows' tensors differ in shape; the model then runs the rows one by one.
     */
    boolean batchable(Batch batch);

    /**
     * The plan for {@code schema} and the graph's {@code inputs}, or an
     * {@link InvalidConfigException} on {@code spec.schema.inputs} when neither rule applies.
     */
    static InputPlan of(ModelSchema schema, Map<String, NodeInfo> inputs) {
        Set<String> features = new HashSet<>();
        schema.inputs().forEach(f -> features.add(f.name()));
        if (features.equals(inputs.keySet())) {
            return NamedInputs.of(schema, inputs);
        }
        if (inputs.size() == 1 && inputs.values().iterator().next().getInfo() instanceof TensorInfo t
                && t.type == OnnxJavaType.FLOAT && t.getShape().length == 2) {
            return DenseInput.of(schema, inputs.keySet().iterator().next(), t);
        }
        throw new InvalidConfigException("spec.schema.inputs", "the model's inputs " + describe(inputs)
                + " match neither the schema's features " + schema.inputs().stream().map(FeatureSpec::name).toList()
                + " by name nor a single float [N, F] input for the dense encoding");
    }

    /** The batch-dimension rule shared by both plans: free ({@code -1}) or 1 (then rows run one by one). */
    static boolean batchDimensionFree(String field, String input, long[] shape) {
        if (shape.length == 0 || shape[0] < 0) {
            return true;
        }
        if (shape[0] == 1) {
            return false;
        }
        throw new InvalidConfigException(field, "model input '" + input + "' fixes the batch dimension to "
                + shape[0] + "; only a free dimension or 1 is supported");
    }

    private static List<String> describe(Map<String, NodeInfo> inputs) {
        return inputs.values().stream().map(n -> n.getName() + (n.getInfo() instanceof TensorInfo t
                ? " " + OnnxTypes.datatype(t) + Arrays.toString(t.getShape()) : "")).toList();
    }

    /** The schema's dense encoding, fed as one float tensor. */
    static DenseEncoding denseEncoding(ModelSchema schema) {
        if (!DenseEncoding.supports(schema)) {
            throw new InvalidConfigException("spec.schema.inputs", "the model has a single float [N, F] input, "
                    + "which takes the dense encoding, but the schema declares text or tensor features");
        }
        return DenseEncoding.of(schema);
    }
}
