package dev.shepherd.runtime.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxMap;
import ai.onnxruntime.OnnxSequence;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.SequenceInfo;
import ai.onnxruntime.TensorInfo;
import dev.shepherd.error.ErrorCode;
import dev.shepherd.error.InvalidConfigException;
import dev.shepherd.error.ModelFailureException;
import dev.shepherd.schema.OutputSpec;
import dev.shepherd.schema.Prediction;
import dev.shepherd.schema.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which graph output answers, and how it becomes {@link Prediction}s, chosen once at load time.
 * <ul>
 *   <li>{@code class}: a float tensor {@code [N, C]} with {@code C} = the number of labels
 *       (Tribuo's exports, sklearn's {@code zipmap=False}); among several, the first whose name
 *       contains {@code prob}. Failing that, a sequence of maps (sklearn's ZipMap
 *       {@code output_probability}), whose keys are the labels or their indices. The label is
 *       the argmax; the values are taken as probabilities, not normalized.</li>
 *   <li>{@code score}: the first numeric output of shape {@code [N]} or {@code [N, 1]}.</li>
 *   <li>{@code tensor}: the first numeric tensor output, one slice per row.</li>
 * </ul>
 * A row whose values contain a NaN becomes a {@link Prediction.NullPrediction}. Immutable and
 * thread-safe.
 */
record OutputPlan(String name, Kind kind, List<String> labels, String datatype) {

    enum Kind { CLASS_TENSOR, CLASS_MAPS, SCORE, TENSOR }

    static OutputPlan of(OutputSpec spec, Map<String, NodeInfo> outputs) {
        String field = "spec.schema.output";
        switch (spec.kind()) {
            case CLASS -> {
                int c = spec.labels().size();
                OutputPlan best = null;
                for (NodeInfo n : outputs.values()) {
                    if (n.getInfo() instanceof TensorInfo t && OnnxTypes.isFloating(t) && t.getShape().length == 2
                            && (t.getShape()[1] == c || t.getShape()[1] < 0)) {
                        OutputPlan p = new OutputPlan(n.getName(), Kind.CLASS_TENSOR, spec.labels(), OnnxTypes.datatype(t));
                        if (best == null || (!hasProb(best.name) && hasProb(n.getName()))) {
                            best = p;
                        }
                    }
                }
                if (best != null) {
                    return best;
                }
                for (NodeInfo n : outputs.values()) {
                    if (n.getInfo() instanceof SequenceInfo s && s.isSequenceOfMaps()
                            && (s.mapInfo.keyType == OnnxJavaType.STRING || s.mapInfo.keyType == OnnxJavaType.INT64)) {
                        return new OutputPlan(n.getName(), Kind.CLASS_MAPS, spec.labels(), "FP32");
                    }
                }
                throw new InvalidConfigException(field, "the schema declares " + c + " class labels " + spec.labels()
                        + " but the model has no float output of shape [N, " + c + "] (nor a sequence of maps); outputs: "
                        + OnnxTypes.describe(outputs));
            }
            case SCORE -> {
                for (NodeInfo n : outputs.values()) {
                    if (n.getInfo() instanceof TensorInfo t && OnnxTypes.isNumeric(t) && (t.getShape().length == 1
                            || (t.getShape().length == 2 && (t.getShape()[1] == 1 || t.getShape()[1] < 0)))) {
                        return new OutputPlan(n.getName(), Kind.SCORE, List.of(), OnnxTypes.datatype(t));
                    }
                }
                throw new InvalidConfigException(field, "the schema declares a score but the model has no numeric "
                        + "output of shape [N] or [N, 1]; outputs: " + OnnxTypes.describe(outputs));
            }
            case TENSOR -> {
                for (NodeInfo n : outputs.values()) {
                    if (n.getInfo() instanceof TensorInfo t && OnnxTypes.isNumeric(t) && t.getShape().length >= 1) {
                        return new OutputPlan(n.getName(), Kind.TENSOR, List.of(), OnnxTypes.datatype(t));
                    }
                }
                throw new InvalidConfigException(field, "the schema declares a tensor but the model has no numeric "
                        + "tensor output; outputs: " + OnnxTypes.describe(outputs));
            }
            default -> throw new IllegalStateException("unknown output kind " + spec.kind());
        }
    }

    private static boolean hasProb(String name) {
        return name.toLowerCase(Locale.ROOT).contains("prob");
    }

    /** The predictions of {@code rows} rows from the run's output value. */
    List<Prediction> read(OnnxValue value, int rows) throws OrtException {
        return switch (kind) {
            case CLASS_TENSOR -> classes(rowsOf((OnnxTensor) value, rows));
            case CLASS_MAPS -> classes(maps((OnnxSequence) value, rows));
            case SCORE -> scores(rowsOf((OnnxTensor) value, rows));
            case TENSOR -> tensors((OnnxTensor) value, rows);
        };
    }

    private List<Prediction> classes(double[][] probabilities) {
        List<Prediction> out = new ArrayList<>(probabilities.length);
        for (double[] p : probabilities) {
            if (p.length != labels.size()) {
                throw new ModelFailureException(ErrorCode.MODEL_ERROR, "model output '" + name + "' has "
                        + p.length + " classes, the schema declares " + labels.size());
            }
            if (hasNaN(p)) {
                out.add(new Prediction.NullPrediction("model output NaN"));
                continue;
            }
            int best = 0;
            for (int j = 1; j < p.length; j++) {
                if (p[j] > p[best]) {
                    best = j;
                }
            }
            out.add(new Prediction.ClassPrediction(labels.get(best), p));
        }
        return out;
    }

    private static List<Prediction> scores(double[][] values) {
        List<Prediction> out = new ArrayList<>(values.length);
        for (double[] v : values) {
            out.add(v.length != 1 || Double.isNaN(v[0])
                    ? new Prediction.NullPrediction(v.length != 1 ? "model output " + v.length + " values" : "model output NaN")
                    : new Prediction.ScorePrediction(v[0]));
        }
        return out;
    }

    private List<Prediction> tensors(OnnxTensor tensor, int rows) {
        long[] shape = tensor.getInfo().getShape();
        int[] instance = new int[shape.length - 1];
        for (int d = 1; d < shape.length; d++) {
            instance[d - 1] = Math.toIntExact(shape[d]);
        }
        double[][] slices = rowsOf(tensor, rows);
        List<Prediction> out = new ArrayList<>(rows);
        for (double[] s : slices) {
            out.add(hasNaN(s) ? new Prediction.NullPrediction("model output NaN")
                    : new Prediction.TensorPrediction(new Tensor(instance, s, datatype)));
        }
        return out;
    }

    /** The tensor split into {@code rows} equal row-major slices. */
    private double[][] rowsOf(OnnxTensor tensor, int rows) {
        long[] shape = tensor.getInfo().getShape();
        if (shape.length == 0 || shape[0] != rows) {
            throw new ModelFailureException(ErrorCode.MODEL_ERROR, "model output '" + name + "' has shape "
                    + Arrays.toString(shape) + " for " + rows + " rows");
        }
        double[] all = OnnxTypes.flatten(tensor);
        int width = rows == 0 ? 0 : all.length / rows;
        double[][] out = new double[rows][];
        for (int r = 0; r < rows; r++) {
            out[r] = Arrays.copyOfRange(all, r * width, (r + 1) * width);
        }
        return out;
    }

    private double[][] maps(OnnxSequence sequence, int rows) throws OrtException {
        List<? extends OnnxValue> items = sequence.getValue();
        if (items.size() != rows) {
            throw new ModelFailureException(ErrorCode.MODEL_ERROR, "model output '" + name + "' has "
                    + items.size() + " maps for " + rows + " rows");
        }
        double[][] out = new double[rows][labels.size()];
        for (int r = 0; r < rows; r++) {
            Map<?, ?> m;
            try (OnnxMap map = (OnnxMap) items.get(r)) {
                m = map.getValue();
            }
            for (Map.Entry<?, ?> e : m.entrySet()) {
                int j = e.getKey() instanceof Number k ? k.intValue() : labels.indexOf(e.getKey().toString());
                if (j < 0 || j >= labels.size()) {
                    throw new ModelFailureException(ErrorCode.MODEL_ERROR, "model output '" + name
                            + "' has class " + e.getKey() + ", not one of " + labels);
                }
                out[r][j] = ((Number) e.getValue()).doubleValue();
            }
        }
        return out;
    }

    private static boolean hasNaN(double[] values) {
        for (double v : values) {
            if (Double.isNaN(v)) {
                return true;
            }
        }
        return false;
    }
}
