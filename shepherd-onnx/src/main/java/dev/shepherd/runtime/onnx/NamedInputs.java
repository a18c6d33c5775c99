package dev.shepherd.runtime.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import dev.shepherd.error.ConfigError;
import dev.shepherd.error.ErrorCode;
import dev.shepherd.error.InvalidConfigException;
import dev.shepherd.error.InvalidInputException;
import dev.shepherd.error.ModelFailureException;
import dev.shepherd.schema.Batch;
import dev.shepherd.schema.FeatureSpec;
import dev.shepherd.schema.FeatureType;
import dev.shepherd.schema.ModelSchema;
import dev.shepherd.schema.Tensor;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Feeds each schema feature as the graph input of the same name: a scalar feature as {@code [N]}
 * or {@code [N, 1]} (whichever rank the graph declares), a tensor feature as
 * {@code [N, ...shape]}, categories and text as string tensors. A missing number, integer or
 * boolean is {@link FeatureSpec#impute()}, a missing string is {@code ""}, a missing tensor of
 * fixed shape (declared, or fixed by the graph) is zeros. Immutable and thread-safe.
 *
 * <p>Binding at load time accepts a declared dimension of {@code -1} against a fixed graph
 * dimension; {@link #check} then holds every row to the graph's fixed dimensions, and every value
 * to the range of the graph input's element type, before ONNX Runtime sees the batch, so a request
 * that does not fit is invalid input naming the feature rather than a model error.
 */
record NamedInputs(List<Feed> feeds, boolean batchDimensionFree) implements InputPlan {

    /**
     * One feature bound to one graph input.
     *
     * @param shape the graph input's shape, batch dimension first, {@code -1} for free dimensions
     */
    record Feed(int index, FeatureSpec spec, String name, OnnxJavaType type, long[] shape) {
        /** The shape of one instance the graph takes: {@code shape} without the batch dimension. */
        long[] instance() {
            return Arrays.copyOfRange(shape, 1, shape.length);
        }
    }

    private static final Map<FeatureType, Set<OnnxJavaType>> ACCEPTED = Map.of(
            FeatureType.NUMBER, Set.of(OnnxJavaType.FLOAT, OnnxJavaType.DOUBLE),
            FeatureType.INTEGER, Set.of(OnnxJavaType.FLOAT, OnnxJavaType.DOUBLE, OnnxJavaType.INT64, OnnxJavaType.INT32),
            FeatureType.BOOLEAN, Set.of(OnnxJavaType.BOOL, OnnxJavaType.FLOAT, OnnxJavaType.DOUBLE, OnnxJavaType.INT64,
                    OnnxJavaType.INT32),
            FeatureType.CATEGORY, Set.of(OnnxJavaType.STRING),
            FeatureType.TEXT, Set.of(OnnxJavaType.STRING),
            FeatureType.TENSOR, Set.of(OnnxJavaType.FLOAT, OnnxJavaType.DOUBLE, OnnxJavaType.INT64, OnnxJavaType.INT32,
                    OnnxJavaType.INT8, OnnxJavaType.UINT8));

    static NamedInputs of(ModelSchema schema, Map<String, NodeInfo> inputs) {
        List<ConfigError> errors = new ArrayList<>();
        List<Feed> feeds = new ArrayList<>();
        boolean free = true;
        for (int i = 0; i < schema.size(); i++) {
            FeatureSpec f = schema.inputs().get(i);
            String field = "spec.schema.inputs[" + i + "]";
            if (!(inputs.get(f.name()).getInfo() instanceof TensorInfo t)) {
                errors.add(new ConfigError(field, "model input '" + f.name() + "' is not a tensor"));
                continue;
            }
            long[] shape = t.getShape();
            if (!ACCEPTED.get(f.type()).contains(t.type)) {
                errors.add(new ConfigError(field + ".type", "feature " + f.name() + " (" + f.type().wireName()
                        + ") cannot feed model input of type " + OnnxTypes.datatype(t)));
            }
            String shapeProblem = f.type() == FeatureType.TENSOR ? tensorShapeProblem(f, shape) : scalarShapeProblem(shape);
            if (shapeProblem != null) {
                errors.add(new ConfigError(field, "feature " + f.name() + ": " + shapeProblem));
            }
            boolean imputed = f.type() == FeatureType.NUMBER || f.type() == FeatureType.INTEGER
                    || f.type() == FeatureType.BOOLEAN;
            if (imputed && !ValueRange.of(t.type).holds(f.impute())) {
                errors.add(new ConfigError(field + ".impute", "feature " + f.name() + ": impute value "
                        + ValueRange.format(f.impute()) + " does not fit the model input's " + OnnxTypes.datatype(t)
                        + " " + ValueRange.of(t.type)));
            }
            try {
                free &= InputPlan.batchDimensionFree(field, f.name(), shape);
            } catch (InvalidConfigException e) {
                errors.addAll(e.errors());
            }
            feeds.add(new Feed(i, f, f.name(), t.type, shape));
        }
        if (!errors.isEmpty()) {
            throw new InvalidConfigException(errors);
        }
        return new NamedInputs(List.copyOf(feeds), free);
    }

    private static String scalarShapeProblem(long[] shape) {
        if (shape.length == 1 || (shape.length == 2 && (shape[1] == 1 || shape[1] < 0))) {
            return null;
        }
        return "a scalar feature needs a model input of shape [N] or [N, 1], the model declares " + Arrays.toString(shape);
    }

    /**
     * Why a tensor feature cannot feed a graph input of {@code shape}, or {@code null}. The ranks
     * must agree and fixed dimensions must be equal; a free dimension on either side is accepted
     * here and held to the other side's fixed size per request by {@link #check}.
     */
    private static String tensorShapeProblem(FeatureSpec f, long[] shape) {
        List<Integer> declared = f.shape();
        if (declared.isEmpty()) {
            return shape.length >= 2 ? null : "a tensor feature needs a model input of rank 2 or more ([N, ...]), "
                    + "the model declares " + Arrays.toString(shape);
        }
        if (shape.length != declared.size() + 1) {
            return "declared shape " + declared + " needs a model input of rank " + (declared.size() + 1)
                    + ", the model declares " + Arrays.toString(shape);
        }
        for (int d = 0; d < declared.size(); d++) {
            long model = shape[d + 1];
            if (model >= 0 && declared.get(d) >= 0 && model != declared.get(d)) {
                return "declared shape " + declared + " does not fit the model input's " + Arrays.toString(shape);
            }
        }
        return null;
    }

    /**
     * Rejects, before ONNX Runtime runs, a row whose tensor does not have the graph input's rank
     * and fixed dimensions, or a value outside the range of the graph input's element type
     * ({@code INT8}, {@code UINT8}, {@code INT32}, {@code INT64} after rounding, {@code FLOAT}).
     *
     * @throws InvalidInputException whose field is the feature name
     */
    @Override
    public void check(Batch batch) {
        for (Feed feed : feeds) {
            ValueRange range = ValueRange.of(feed.type());
            List<Object[]> rows = batch.rows();
            for (int r = 0; r < rows.size(); r++) {
                Object v = rows.get(r)[feed.index()];
                if (v instanceof Tensor t) {
                    checkShape(feed, t, r);
                    double[] data = t.data();
                    for (int k = 0; range != ValueRange.ANY && k < data.length; k++) {
                        if (!range.holds(data[k])) {
                            throw outOfRange(feed, range, ValueRange.format(data[k]), "element " + k + " of row " + r);
                        }
                    }
                } else if (v instanceof Long l && !range.holds(l)) {
                    throw outOfRange(feed, range, Long.toString(l), "row " + r);
                } else if (v instanceof Number n && !(v instanceof Long) && !range.holds(n.doubleValue())) {
                    throw outOfRange(feed, range, ValueRange.format(n.doubleValue()), "row " + r);
                }
            }
        }
    }

    private static void checkShape(Feed feed, Tensor t, int row) {
        long[] expected = feed.instance();
        int[] actual = t.shape();
        boolean fits = actual.length == expected.length;
        for (int d = 0; fits && d < actual.length; d++) {
            fits = expected[d] < 0 || expected[d] == actual[d];
        }
        if (!fits) {
            throw new InvalidInputException(feed.name(), "feature '" + feed.name() + "': row " + row + " has shape "
                    + Arrays.toString(actual) + ", the model input '" + feed.name() + "' takes "
                    + Arrays.toString(expected) + " per row (-1: any size; model input shape "
                    + Arrays.toString(feed.shape()) + ")");
        }
    }

    private static InvalidInputException outOfRange(Feed feed, ValueRange range, String value, String where) {
        return new InvalidInputException(feed.name(), "feature '" + feed.name() + "': value " + value
                + " in " + where + " does not fit the model input's " + range.datatype() + " " + range);
    }

    @Override
    public boolean batchable(Batch batch) {
        if (!batchDimensionFree) {
            return batch.size() <= 1;
        }
        for (Feed feed : feeds) {
            if (feed.spec().type() != FeatureType.TENSOR) {
                continue;
            }
            int[] first = null;
            for (Object[] row : batch.rows()) {
                int[] s = instanceShape(feed, (Tensor) row[feed.index()]);
                if (first == null) {
                    first = s;
                } else if (!Arrays.equals(first, s)) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public Map<String, OnnxTensor> tensors(OrtEnvironment env, Batch batch) throws OrtException {
        Map<String, OnnxTensor> out = new HashMap<>();
        try {
            for (Feed feed : feeds) {
                out.put(feed.name(), tensor(env, feed, batch));
            }
        } catch (OrtException | RuntimeException e) {
            out.values().forEach(OnnxTensor::close);
            throw e;
        }
        return out;
    }

    private static OnnxTensor tensor(OrtEnvironment env, Feed feed, Batch batch) throws OrtException {
        int n = batch.size();
        long[] shape;
        int volume;
        if (feed.spec().type() == FeatureType.TENSOR) {
            int[] instance = instanceShape(feed, n == 0 ? null : (Tensor) batch.rows().getFirst()[feed.index()]);
            if (instance.length + 1 != feed.shape().length) {
                throw new ModelFailureException(ErrorCode.MODEL_ERROR, "feature " + feed.name() + " has shape "
                        + Arrays.toString(instance) + ", the model input " + Arrays.toString(feed.shape()));
            }
            shape = new long[instance.length + 1];
            shape[0] = n;
            volume = 1;
            for (int d = 0; d < instance.length; d++) {
                shape[d + 1] = instance[d];
                volume *= instance[d];
            }
        } else {
            shape = feed.shape().length == 1 ? new long[] {n} : new long[] {n, 1};
            volume = 1;
        }
        if (feed.type() == OnnxJavaType.STRING) {
            String[] values = new String[n];
            for (int r = 0; r < n; r++) {
                Object v = batch.rows().get(r)[feed.index()];
                values[r] = v == null ? "" : v.toString();
            }
            return OnnxTensor.createTensor(env, values, shape);
        }
        double[] values = new double[n * volume];
        for (int r = 0; r < n; r++) {
            Object v = batch.rows().get(r)[feed.index()];
            if (v instanceof Tensor t) {
                System.arraycopy(t.data(), 0, values, r * volume, volume);
            } else if (feed.spec().type() != FeatureType.TENSOR) {
                values[r] = scalar(feed.spec(), v);
            }
            // a missing tensor of fixed shape stays zeros
        }
        return numericTensor(env, feed.type(), values, shape);
    }

    private static double scalar(FeatureSpec spec, Object v) {
        if (v == null) {
            return spec.impute();
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        return ((Number) v).doubleValue();
    }

    /** The tensor's shape, or for a missing tensor the shape to fill with zeros: declared, else the graph's. */
    private static int[] instanceShape(Feed feed, Tensor t) {
        if (t != null) {
            return t.shape();
        }
        long[] graph = feed.instance();
        List<Integer> declared = feed.spec().shape();
        int[] fill = new int[graph.length];
        for (int d = 0; d < fill.length; d++) {
            long size = d < declared.size() && declared.get(d) >= 0 ? declared.get(d) : graph[d];
            if (size < 0) {
                throw new ModelFailureException(ErrorCode.MODEL_ERROR, "feature " + feed.name()
                        + " is missing and has no fixed shape to fill with zeros");
            }
            fill[d] = (int) size;
        }
        return fill;
    }

    private static OnnxTensor numericTensor(OrtEnvironment env, OnnxJavaType type, double[] v, long[] shape)
            throws OrtException {
        return switch (type) {
            case FLOAT -> {
                float[] f = new float[v.length];
                for (int i = 0; i < v.length; i++) {
                    f[i] = (float) v[i];
                }
                yield OnnxTensor.createTensor(env, FloatBuffer.wrap(f), shape);
            }
            case DOUBLE -> OnnxTensor.createTensor(env, DoubleBuffer.wrap(v), shape);
            case INT64 -> {
                long[] l = new long[v.length];
                for (int i = 0; i < v.length; i++) {
                    l[i] = Math.round(v[i]);
                }
                yield OnnxTensor.createTensor(env, LongBuffer.wrap(l), shape);
            }
            case INT32 -> {
                int[] l = new int[v.length];
                for (int i = 0; i < v.length; i++) {
                    l[i] = (int) Math.round(v[i]);
                }
                yield OnnxTensor.createTensor(env, IntBuffer.wrap(l), shape);
            }
            case BOOL, INT8, UINT8 -> {
                ByteBuffer b = ByteBuffer.allocateDirect(v.length);
                for (int i = 0; i < v.length; i++) {
                    b.put(i, type == OnnxJavaType.BOOL ? (byte) (v[i] != 0 ? 1 : 0) : (byte) Math.round(v[i]));
                }
                yield OnnxTensor.createTensor(env, b, shape, type);
            }
            default -> throw new ModelFailureException(ErrorCode.MODEL_ERROR, "unsupported input type " + type);
        };
    }
}
