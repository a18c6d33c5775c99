package dev.shepherd.oip;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.error.InvalidInputException;
import dev.shepherd.runtime.ModelInfo.TensorInfo;
import dev.shepherd.schema.Batch;
import dev.shepherd.schema.FeatureSpec;
import dev.shepherd.schema.FeatureType;
import dev.shepherd.schema.ModelSchema;
import dev.shepherd.schema.Tensor;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes a {@link Batch} as an OIP v2 inference request, the client direction used by the remote
 * runtime; the rules are documented on {@link OipCodec#encodeRequest(ModelSchema, Batch, String, List)}.
 * Stateless and thread-safe.
 */
final class RequestEncoder {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private RequestEncoder() {
    }

    static ObjectNode encode(ModelSchema schema, Batch batch, String id, List<TensorInfo> upstream) {
        ObjectNode body = JSON.objectNode();
        if (id != null) {
            body.put("id", id);
        }
        ArrayNode inputs = body.putArray("inputs");
        TensorInfo dense = denseInput(schema, upstream);
        if (dense != null) {
            inputs.add(dense(schema, batch, dense));
            return body;
        }
        Map<String, TensorInfo> byName = new HashMap<>();
        for (TensorInfo t : upstream) {
            byName.put(t.name(), t);
        }
        for (int j = 0; j < schema.size(); j++) {
            FeatureSpec f = schema.inputs().get(j);
            if (allMissing(batch, j)) {
                continue;
            }
            TensorInfo info = byName.get(f.name());
            ObjectNode t = f.type() == FeatureType.TENSOR ? tensor(f, batch, j, info) : scalar(f, batch, j, info);
            inputs.add(t);
        }
        return body;
    }

    /** The upstream's single dense input, when its metadata shows one that our tabular schema maps onto. */
    private static TensorInfo denseInput(ModelSchema schema, List<TensorInfo> upstream) {
        if (upstream.size() != 1 || schema.size() == 0) {
            return null;
        }
        TensorInfo t = upstream.getFirst();
        OipDatatype dt = OipDatatype.fromWire(t.datatype());
        boolean tabular = schema.inputs().stream().allMatch(f -> f.type() == FeatureType.NUMBER
                || f.type() == FeatureType.INTEGER || f.type() == FeatureType.BOOLEAN);
        boolean fits = t.shape().size() == 2 && (t.shape().get(1) == schema.size() || t.shape().get(1) < 0);
        return schema.indexOf(t.name()) < 0 && tabular && fits && dt != null && dt.isNumeric() ? t : null;
    }

    private static ObjectNode dense(ModelSchema schema, Batch batch, TensorInfo info) {
        OipDatatype dt = OipDatatype.fromWire(info.datatype());
        ObjectNode t = header(info.name(), dt, batch.size(), schema.size());
        ArrayNode data = t.putArray("data");
        for (Object[] row : batch.rows()) {
            for (int j = 0; j < row.length; j++) {
                Object v = row[j];
                double d = v == null ? schema.inputs().get(j).impute()
                        : v instanceof Boolean b ? (b ? 1 : 0) : ((Number) v).doubleValue();
                add(data, dt, d);
            }
        }
        return t;
    }

    private static ObjectNode scalar(FeatureSpec f, Batch batch, int j, TensorInfo info) {
        OipDatatype dt = datatype(f, info, null);
        boolean column = info != null && info.shape().size() == 2;
        ObjectNode t = column ? header(f.name(), dt, batch.size(), 1) : header(f.name(), dt, batch.size());
        ArrayNode data = t.putArray("data");
        for (Object[] row : batch.rows()) {
            switch (row[j]) {
                case null -> data.addNull();
                case Boolean b -> data.add(b);
                case String s -> data.add(s);
                case Number n when dt.isInteger() -> data.add(n.longValue());
                case Number n -> add(data, dt, n.doubleValue());
                default -> throw new IllegalArgumentException("feature " + f.name() + " holds a "
                        + row[j].getClass().getSimpleName());
            }
        }
        return t;
    }

    private static ObjectNode tensor(FeatureSpec f, Batch batch, int j, TensorInfo info) {
        int[] shape = null;
        int shapeRow = -1;
        String common = null;
        for (int r = 0; r < batch.size(); r++) {
            if (batch.rows().get(r)[j] instanceof Tensor x) {
                if (shape == null) {
                    shape = x.shape();
                    shapeRow = r;
                    common = x.datatype();
                } else if (!Arrays.equals(shape, x.shape())) {
                    throw new InvalidInputException(f.name(), f.name() + ": rows " + shapeRow + " and " + r
                            + " have tensor shapes " + Arrays.toString(shape) + " and " + Arrays.toString(x.shape())
                            + "; an OIP request carries one shape per input, send them in separate requests");
                } else if (common != null && !common.equals(x.datatype())) {
                    common = null;
                }
            }
        }
        OipDatatype dt = datatype(f, info, common);
        int[] full = new int[shape.length + 1];
        full[0] = batch.size();
        System.arraycopy(shape, 0, full, 1, shape.length);
        ObjectNode t = header(f.name(), dt, full);
        ArrayNode data = t.putArray("data");
        int volume = Math.toIntExact(Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b));
        for (Object[] row : batch.rows()) {
            if (row[j] instanceof Tensor x) {
                for (double d : x.data()) {
                    add(data, dt, d);
                }
            } else {
                for (int k = 0; k < volume; k++) {
                    data.addNull();
                }
            }
        }
        return t;
    }

    /**
     * The upstream's declared datatype when it fits the feature (for {@code number}, only a
     * floating-point one), else the tensors' own common datatype, else {@link OipDatatype#of}.
     */
    private static OipDatatype datatype(FeatureSpec f, TensorInfo info, String tensorsDatatype) {
        OipDatatype declared = info == null ? null : OipDatatype.fromWire(info.datatype());
        if (declared != null && declared.fits(f.type()) && (f.type() != FeatureType.NUMBER || declared.isFloatingPoint())) {
            return declared;
        }
        OipDatatype own = OipDatatype.fromWire(tensorsDatatype);
        return own != null && own.isNumeric() ? own : OipDatatype.of(f);
    }

    private static void add(ArrayNode data, OipDatatype dt, double d) {
        if (dt.isInteger() && d == Math.rint(d) && Math.abs(d) < 0x1p63) {
            data.add((long) d);
        } else if (dt == OipDatatype.FP32 || dt == OipDatatype.FP16) {
            data.add((float) d);
        } else {
            data.add(d);
        }
    }

    static ObjectNode header(String name, OipDatatype dt, int... shape) {
        ObjectNode t = JSON.objectNode();
        t.put("name", name);
        t.put("datatype", dt.wireName());
        ArrayNode s = t.putArray("shape");
        for (int d : shape) {
            s.add(d);
        }
        return t;
    }

    private static boolean allMissing(Batch batch, int j) {
        for (Object[] row : batch.rows()) {
            if (row[j] != null) {
                return false;
            }
        }
        return true;
    }
}
