package dev.shepherd.runtime.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import dev.shepherd.error.InvalidConfigException;
import dev.shepherd.schema.Batch;
import dev.shepherd.schema.DenseEncoding;
import dev.shepherd.schema.ModelSchema;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * Feeds the whole row as the schema's {@link DenseEncoding} in one float tensor
 * {@code [N, width]}, the layout of models made by Shepherd's trainer. Immutable and thread-safe.
 */
record DenseInput(String name, DenseEncoding encoding, boolean batchDimensionFree) implements InputPlan {

    static DenseInput of(ModelSchema schema, String name, TensorInfo info) {
        DenseEncoding encoding = InputPlan.denseEncoding(schema);
        long features = info.getShape()[1];
        if (features >= 0 && features != encoding.width()) {
            throw new InvalidConfigException("spec.schema.inputs", "the model's input '" + name + "' takes "
                    + features + " columns but the schema's dense encoding has " + encoding.width() + " "
                    + encoding.columnNames());
        }
        return new DenseInput(name, encoding, InputPlan.batchDimensionFree("spec.schema.inputs", name, info.getShape()));
    }

    @Override
    public Map<String, OnnxTensor> tensors(OrtEnvironment env, Batch batch) throws OrtException {
        float[] data = encoding.encode(batch);
        return Map.of(name, OnnxTensor.createTensor(env, FloatBuffer.wrap(data), new long[] {batch.size(), encoding.width()}));
    }

    /** Nothing to check: the dense encoding takes every decoded row (numbers, integers, booleans, categories). */
    @Override
    public void check(Batch batch) {
    }

    @Override
    public boolean batchable(Batch batch) {
        return batchDimensionFree;
    }
}
