package dev.shepherd.oip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.runtime.ModelInfo.TensorInfo;
import dev.shepherd.schema.Batch;
import dev.shepherd.schema.FeatureSpec;
import dev.shepherd.schema.FeatureType;
import dev.shepherd.schema.ModelSchema;
import dev.shepherd.schema.OutputSpec;
import dev.shepherd.schema.Prediction;
import java.util.ArrayList;
import java.util.List;

/**
 * Translates between Shepherd's typed values and the JSON of the Open Inference Protocol v2
 * (the KServe / Triton / MLServer REST protocol), in both directions: the server side
 * ({@link #decodeRequest}, {@link #encodeResponse}, {@link #modelMetadata}) used by the HTTP
 * adapter, and the client side ({@link #encodeRequest}, {@link #decodeResponse}) used by the
 * remote runtime. No HTTP here. Per-value type rules live in {@link dev.shepherd.schema.Values};
 * datatypes in {@link OipDatatype}. All methods are stateless and thread-safe.
 *
 * <p>Tensor layout on the wire: the first dimension is the batch ({@code N} rows). A scalar
 * feature is one tensor of shape {@code [N]} (or {@code [N, 1]}); a tensor feature is
 * {@code [N, ...declared shape]}. Data are row-major, flat or nested to the depth of the shape.
 *
 * <p>Outputs: a {@code class} model answers {@value #LABEL} ({@code BYTES}, {@code [N]}) and
 * {@value #PROBABILITIES} ({@code FP64}, {@code [N, C]}, one column per declared label, in
 * declared order); a {@code score} model {@value #SCORE} ({@code FP64}, {@code [N]}); a
 * {@code tensor} model {@value #OUTPUT} ({@code FP64}, {@code [N, ...]}).
 *
 * <p>Null rows (a Shepherd extension): when the model gives no usable answer for a row (a
 * {@link Prediction.NullPrediction}, or a NaN or infinite number), every output carries JSON
 * {@code null} in that row's elements and the response lists the row indexes, ascending and
 * 0-based, in {@code parameters.null_rows}, for example {@code "parameters": {"null_rows": [2]}}.
 * The key is absent when every row has an answer.
 */
public final class OipCodec {
    /** Output name of the predicted class label ({@code BYTES}, shape {@code [N]}). */
    public static final String LABEL = "label";
    /** Output name of the class probabilities ({@code FP64}, shape {@code [N, C]}). */
    public static final String PROBABILITIES = "probabilities";
    /** Output name of a score model's answer ({@code FP64}, shape {@code [N]}). */
    public static final String SCORE = "score";
    /** Output name of a tensor model's answer ({@code FP64}, shape {@code [N, ...]}). */
    public static final String OUTPUT = "output";
    /** Response parameter listing the 0-based indexes of rows answered with nulls. */
    public static final String NULL_ROWS = "null_rows";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private OipCodec() {
    }

    /**
     * Decodes an OIP v2 inference request body into a validated batch.
     *
     * <p>Each element of {@code inputs} names a feature of {@code schema}. Scalar features take
     * shape {@code [N]} or {@code [N, 1]}, tensor features {@code [N, ...declared shape]}
     * ({@code -1} in the declared shape matches any size); {@code data} is row-major, flat or
     * nested. The datatype must fit the feature type (see {@link OipDatatype#fits}); integer
     * datatypes are range-checked, {@code FP16}/{@code FP32} values must be within their range.
     * All inputs agree on {@code N}, and {@code 1 <= N <= maxBatch}. A JSON {@code null} element
     * of an optional feature is a missing value (for a tensor feature: a row whose elements are
     * all {@code null}); an optional feature may also be left out. The binary data extension is
     * not supported.
     *
     * <p>Dense convenience: a request with exactly one input whose name is not a feature, of shape
     * {@code [N, F]} where {@code F} is the number of schema inputs and every input is a
     * {@code number}, {@code integer} or {@code boolean}, is read column by column onto the
     * features in declared order (booleans as {@code 0}/{@code 1}, or {@code BOOL} when every
     * feature is boolean; integers must be integral).
     *
     * @param maxBatch largest accepted {@code N}, in rows
     * @throws dev.shepherd.error.InvalidInputException naming the offending field
     *         ({@code body}, {@code inputs}, {@code inputs[2].name}, {@code inputs[0].shape},
     *         {@code inputs[0].datatype}, {@code inputs[2].data[5]} or {@code inputs[2].data[1][0]})
     *         and, in the message, the feature and the value
     */
    public static Batch decodeRequest(ModelSchema schema, JsonNode body, int maxBatch) {
        return RequestDecoder.decode(schema, body, maxBatch);
    }

    /**
     * Encodes predictions as an OIP v2 inference response: {@code model_name},
     * {@code model_version}, {@code id} (left out when {@code requestId} is {@code null}),
     * optional {@code parameters.null_rows} (see the class comment) and {@code outputs}.
     *
     * @param predictions      one per row, in row order
     * @param requestedOutputs the request's {@code outputs} array, or {@code null}: when it names
     *                         outputs, only those are returned, in the requested order (their
     *                         {@code parameters}, such as {@code binary_data}, are ignored: data
     *                         are always JSON)
     * @throws dev.shepherd.error.InvalidInputException on {@code outputs} (not an array) or
     *         {@code outputs[i].name} (missing or unknown output)
     * @throws dev.shepherd.error.ModelFailureException ({@code model_error}) when a prediction
     *         does not fit the declared output (wrong kind, probability count, ragged tensors)
     */
    public static ObjectNode encodeResponse(ModelSchema schema, String modelName, String modelVersion,
                                            String requestId, List<Prediction> predictions, JsonNode requestedOutputs) {
        return ResponseEncoder.encode(schema, modelName, modelVersion, requestId, predictions, requestedOutputs);
    }

    /**
     * Checks a request's {@code outputs} array against the outputs {@code schema} produces, with
     * the rules of {@link #encodeResponse}, so a bad name is rejected before the model runs.
     * {@code null}, a missing node or an empty array (every output) pass.
     *
     * @throws dev.shepherd.error.InvalidInputException on {@code outputs} (not an array) or
     *         {@code outputs[i].name} (missing or unknown output)
     */
    public static void checkRequestedOutputs(ModelSchema schema, JsonNode requestedOutputs) {
        // encoding zero rows applies exactly the selection rules of a real response and nothing else
        ResponseEncoder.encode(schema, "", "", null, List.of(), requestedOutputs);
    }

    /**
     * Encodes {@code batch} as an OIP v2 inference request with Shepherd's own layout: one input
     * per feature, named after it, with {@link OipDatatype#of} (a tensor feature keeps its values'
     * datatype when all rows agree), shape {@code [N]} for scalars. Missing values are JSON
     * {@code null}; a feature missing in every row is left out. {@code id} is left out when
     * {@code null}. Equivalent to {@code encodeRequest(schema, batch, id, List.of())}.
     */
    public static ObjectNode encodeRequest(ModelSchema schema, Batch batch, String id) {
        return RequestEncoder.encode(schema, batch, id, List.of());
    }

    /**
     * Encodes {@code batch} for an upstream server whose model metadata declared
     * {@code upstreamInputs}, so servers that check datatypes and shapes strictly (Triton) accept
     * it:
     * <ul>
     *   <li>when the upstream declares a single input that is not a feature, of shape
     *       {@code [-1, F]} (or {@code [-1, -1]}), with a numeric datatype, and every feature is a
     *       number, integer or boolean, the batch is sent as that one dense tensor (booleans as
     *       {@code 1}/{@code 0}, a missing value as {@link FeatureSpec#impute()});</li>
     *   <li>otherwise each feature uses the upstream's datatype for its name when it fits
     *       (for a {@code number}, only a floating-point one), and a scalar is sent as
     *       {@code [N, 1]} when the upstream declares rank 2.</li>
     * </ul>
     * An empty list gives Shepherd's own layout.
     *
     * @throws dev.shepherd.error.InvalidInputException when rows of a tensor feature differ in
     *         shape (one OIP tensor has one shape); the field is the feature name
     */
    public static ObjectNode encodeRequest(ModelSchema schema, Batch batch, String id, List<TensorInfo> upstreamInputs) {
        return RequestEncoder.encode(schema, batch, id, upstreamInputs);
    }

    /**
     * Decodes an upstream's OIP v2 inference response into exactly {@code expectedRows}
     * predictions. The outputs are found by the names {@link #encodeResponse} uses; when the
     * upstream answers a single output under another name, that output is taken (for a
     * {@code class} model it must be the probabilities; the label is then the argmax). A row with
     * {@code null} elements, or listed in {@code parameters.null_rows}, becomes a
     * {@link Prediction.NullPrediction}.
     *
     * @throws dev.shepherd.error.ModelFailureException with code {@code upstream_error} when the
     *         body is not an object, outputs are missing, the row count or a shape is wrong, a
     *         datatype does not fit, a value is not a finite number or a label is not declared
     */
    public static List<Prediction> decodeResponse(ModelSchema schema, JsonNode body, int expectedRows) {
        return ResponseDecoder.decode(schema, body, expectedRows);
    }

    /**
     * OIP v2 model metadata: {@code name}, {@code versions}, {@code platform}, {@code inputs}
     * and {@code outputs}, each {@code {name, datatype, shape}} with {@code -1} for the batch
     * dimension and free dimensions (see {@link #inputTensors} and {@link #outputTensors}).
     */
    public static ObjectNode modelMetadata(String name, List<String> versions, String platform, ModelSchema schema) {
        ObjectNode body = JSON.objectNode();
        body.put("name", name);
        ArrayNode v = body.putArray("versions");
        versions.forEach(v::add);
        body.put("platform", platform);
        body.set("inputs", tensorArray(inputTensors(schema)));
        body.set("outputs", tensorArray(outputTensors(schema)));
        return body;
    }

    /** The OIP datatype Shepherd uses for {@code feature}; see {@link OipDatatype#of}. */
    public static String datatypeOf(FeatureSpec feature) {
        return OipDatatype.of(feature).wireName();
    }

    /** Whether wire datatype {@code datatype} may carry values of {@code feature}; {@code false} when unknown. */
    public static boolean accepts(FeatureSpec feature, String datatype) {
        OipDatatype d = OipDatatype.fromWire(datatype);
        return d != null && d.fits(feature.type());
    }

    /** The input tensors of {@code schema} as OIP metadata describes them: {@code [-1]} for scalars, {@code [-1, ...shape]} for tensors. */
    public static List<TensorInfo> inputTensors(ModelSchema schema) {
        List<TensorInfo> out = new ArrayList<>(schema.size());
        for (FeatureSpec f : schema.inputs()) {
            List<Long> shape = new ArrayList<>();
            shape.add(-1L);
            if (f.type() == FeatureType.TENSOR) {
                f.shape().forEach(d -> shape.add((long) d));
            }
            out.add(new TensorInfo(f.name(), datatypeOf(f), shape));
        }
        return out;
    }

    /** The output tensors {@link #encodeResponse} produces for {@code schema}'s output kind. */
    public static List<TensorInfo> outputTensors(ModelSchema schema) {
        OutputSpec out = schema.output();
        return switch (out.kind()) {
            case CLASS -> List.of(new TensorInfo(LABEL, OipDatatype.BYTES.wireName(), List.of(-1L)),
                    new TensorInfo(PROBABILITIES, OipDatatype.FP64.wireName(),
                            List.of(-1L, out.labels().isEmpty() ? -1L : out.labels().size())));
            case SCORE -> List.of(new TensorInfo(SCORE, OipDatatype.FP64.wireName(), List.of(-1L)));
            case TENSOR -> {
                List<Long> shape = new ArrayList<>();
                shape.add(-1L);
                out.shape().forEach(d -> shape.add((long) d));
                yield List.of(new TensorInfo(OUTPUT, OipDatatype.FP64.wireName(), shape));
            }
        };
    }

    /** The output names of {@code out}'s kind, in response order. */
    static List<String> outputNames(OutputSpec out) {
        return switch (out.kind()) {
            case CLASS -> List.of(LABEL, PROBABILITIES);
            case SCORE -> List.of(SCORE);
            case TENSOR -> List.of(OUTPUT);
        };
    }

    private static ArrayNode tensorArray(List<TensorInfo> tensors) {
        ArrayNode a = JSON.arrayNode();
        for (TensorInfo t : tensors) {
            ObjectNode o = a.addObject();
            o.put("name", t.name());
            o.put("datatype", t.datatype());
            ArrayNode s = o.putArray("shape");
            t.shape().forEach(s::add);
        }
        return a;
    }
}
