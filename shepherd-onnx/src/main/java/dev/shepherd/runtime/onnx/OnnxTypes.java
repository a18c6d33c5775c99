package dev.shepherd.runtime.onnx;

import ai.onnxruntime.MapInfo;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.SequenceInfo;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.ValueInfo;
import dev.shepherd.error.ErrorCode;
import dev.shepherd.error.ModelFailureException;
import dev.shepherd.runtime.ModelInfo;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** ONNX Runtime types seen through OIP eyes: datatype names, tensor descriptions, and reading tensors as doubles. */
final class OnnxTypes {
    private OnnxTypes() {
    }

    /** The OIP datatype of an ONNX tensor element type ({@code FP32}, {@code INT64}, {@code BYTES}…). */
    static String datatype(TensorInfo t) {
        return switch (t.onnxType) {
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT -> "FP32";
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE -> "FP64";
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT16 -> "FP16";
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_BFLOAT16 -> "BF16";
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT8 -> "INT8";
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT16 -> "INT16";
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32 -> "INT32";
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64 -> "INT64";
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT8 -> "UINT8";
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT16 -> "UINT16";
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT32 -> "UINT32";
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT64 -> "UINT64";
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_BOOL -> "BOOL";
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_STRING -> "BYTES";
            default -> t.onnxType.name().replace("ONNX_TENSOR_ELEMENT_DATA_TYPE_", "");
        };
    }

    /**
     * One OIP tensor description per node, in the model's order. Symbolic dimensions become
     * {@code -1}. A sequence of maps (a ZipMap classifier output) is described as the
     * {@code [-1, -1]} tensor of its values, a plain sequence or map as {@code BYTES [-1]}.
     */
    static List<ModelInfo.TensorInfo> describe(Map<String, NodeInfo> nodes) {
        List<ModelInfo.TensorInfo> out = new ArrayList<>(nodes.size());
        for (NodeInfo n : nodes.values()) {
            ValueInfo v = n.getInfo();
            if (v instanceof TensorInfo t) {
                List<Long> shape = new ArrayList<>();
                for (long d : t.getShape()) {
                    shape.add(d < 0 ? -1L : d);
                }
                out.add(new ModelInfo.TensorInfo(n.getName(), datatype(t), shape));
            } else if (v instanceof SequenceInfo s && s.isSequenceOfMaps()) {
                out.add(new ModelInfo.TensorInfo(n.getName(), javaDatatype(s.mapInfo.valueType), List.of(-1L, -1L)));
            } else if (v instanceof MapInfo || v instanceof SequenceInfo) {
                out.add(new ModelInfo.TensorInfo(n.getName(), "BYTES", List.of(-1L)));
            }
        }
        return out;
    }

    private static String javaDatatype(OnnxJavaType t) {
        return switch (t) {
            case FLOAT -> "FP32";
            case DOUBLE -> "FP64";
            case INT64 -> "INT64";
            case INT32 -> "INT32";
            case STRING -> "BYTES";
            default -> t.name();
        };
    }

    /** Whether the tensor holds floating-point numbers (FP32 or FP64). */
    static boolean isFloating(TensorInfo t) {
        return t.type == OnnxJavaType.FLOAT || t.type == OnnxJavaType.DOUBLE;
    }

    /** Whether the tensor holds numbers Shepherd can read as doubles. */
    static boolean isNumeric(TensorInfo t) {
        return switch (t.type) {
            case FLOAT, DOUBLE, INT8, INT16, INT32, INT64, UINT8, BOOL -> true;
            default -> false;
        };
    }

    /** Every element of a numeric tensor, row-major, as doubles. */
    static double[] flatten(OnnxTensor tensor) {
        TensorInfo info = tensor.getInfo();
        int n = Math.toIntExact(info.getNumElements());
        double[] out = new double[n];
        switch (info.type) {
            case FLOAT -> {
                FloatBuffer b = tensor.getFloatBuffer();
                for (int i = 0; i < n; i++) {
                    out[i] = b.get(i);
                }
            }
            case DOUBLE -> {
                DoubleBuffer b = tensor.getDoubleBuffer();
                b.get(0, out);
            }
            case INT64 -> {
                LongBuffer b = tensor.getLongBuffer();
                for (int i = 0; i < n; i++) {
                    out[i] = b.get(i);
                }
            }
            case INT32 -> {
                IntBuffer b = tensor.getIntBuffer();
                for (int i = 0; i < n; i++) {
                    out[i] = b.get(i);
                }
            }
            case INT16 -> {
                ShortBuffer b = tensor.getShortBuffer();
                for (int i = 0; i < n; i++) {
                    out[i] = b.get(i);
                }
            }
            case INT8, BOOL -> {
                ByteBuffer b = tensor.getByteBuffer();
                for (int i = 0; i < n; i++) {
                    out[i] = b.get(i);
                }
            }
            case UINT8 -> {
                ByteBuffer b = tensor.getByteBuffer();
                for (int i = 0; i < n; i++) {
                    out[i] = b.get(i) & 0xFF;
                }
            }
            default -> throw new ModelFailureException(ErrorCode.MODEL_ERROR,
                    "cannot read an output tensor of type " + info.type);
        }
        return out;
    }
}
