package dev.shepherd.runtime;

import java.util.List;

/**
 * Metadata a runtime reads from its artifact: the platform ({@code onnxruntime}, {@code java},
 * {@code remote}) and the raw tensors the artifact declares. Used for OIP model metadata.
 */
public record ModelInfo(String platform, List<TensorInfo> inputs, List<TensorInfo> outputs) {
    public ModelInfo {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /** One tensor: name, OIP datatype ({@code FP32}, {@code INT64}, {@code BYTES}…), shape with -1 for free dims. */
    public record TensorInfo(String name, String datatype, List<Long> shape) {
        public TensorInfo {
            shape = List.copyOf(shape);
        }
    }
}
