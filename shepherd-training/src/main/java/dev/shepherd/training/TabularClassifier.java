package dev.shepherd.training;

import ai.onnx.proto.OnnxMl;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.schema.DenseEncoding;
import dev.shepherd.schema.ModelSchema;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.tribuo.Model;
import org.tribuo.ONNXExportable;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXInitializer;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;

/**
 * A trained tabular classifier in memory: the schema's {@link DenseEncoding}, a per-column
 * z-score standardization learned from the training rows, and the Tribuo model trained on the
 * standardized columns. {@link #writeOnnx} exports the whole chain as one ONNX graph, so the
 * artifact takes the raw dense vector and answers the probabilities in the schema's label order.
 * Immutable and thread-safe.
 *
 * <p>The exported graph: input {@code input} float {@code [batch, width]} (the raw
 * {@link DenseEncoding} vector) → {@code Sub(mean)} → {@code Mul(1/std)} → Tribuo's linear layer and
 * softmax → {@code Gather} reordering Tribuo's label ids into schema order → output
 * {@code probabilities} float {@code [batch, labels]}. Metadata props: {@code shepherd.encoding}
 * ({@value #ENCODING}), {@code shepherd.columns} and {@code shepherd.labels} (JSON arrays). The
 * file holds no timestamps, so the same data, seed and hyper-parameters give the same bytes.
 */
public final class TabularClassifier {
    /** Name of the encoding in the ONNX metadata. */
    public static final String ENCODING = "shepherd-dense-v1";
    /** Name of the ONNX graph's input. */
    public static final String INPUT = "input";
    /** Name of the ONNX graph's probability output. */
    public static final String OUTPUT = "probabilities";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final StandardizedColumns columns;
    private final DenseEncoding encoding;
    private final Model<Label> model;
    private final List<String> labels;
    private final int[] tribuoIds;

    TabularClassifier(StandardizedColumns columns, Model<Label> model) {
        this.columns = columns;
        this.encoding = columns.encoding;
        this.model = model;
        this.labels = encoding.schema().output().labels();
        this.tribuoIds = new int[labels.size()];
        for (int j = 0; j < labels.size(); j++) {
            tribuoIds[j] = model.getOutputIDInfo().getID(new Label(labels.get(j)));
            if (tribuoIds[j] < 0) {
                throw new IllegalStateException("label " + labels.get(j) + " is unknown to the trained model");
            }
        }
    }

    public ModelSchema schema() {
        return encoding.schema();
    }

    public DenseEncoding encoding() {
        return encoding;
    }

    /** The underlying Tribuo model (trained on standardized columns named {@code f000}, {@code f001}, …). */
    public Model<Label> tribuoModel() {
        return model;
    }

    /** The probability of each schema label for {@code row} (aligned to the schema's inputs), computed by Tribuo. */
    public double[] probabilities(Object[] row) {
        Prediction<Label> p = model.predict(columns.example(row, null));
        Map<String, Label> scores = p.getOutputScores();
        double[] out = new double[labels.size()];
        for (int j = 0; j < out.length; j++) {
            Label l = scores.get(labels.get(j));
            out[j] = l == null ? 0 : l.getScore();
        }
        return out;
    }

    /** The most probable schema label for {@code row}. */
    public String predict(Object[] row) {
        double[] p = probabilities(row);
        int best = 0;
        for (int j = 1; j < p.length; j++) {
            if (p[j] > p[best]) {
                best = j;
            }
        }
        return labels.get(best);
    }

    /**
     * Writes the ONNX graph described in the class comment to {@code file}.
     *
     * @param modelVersion the ONNX {@code model_version} field
     * @param docString    a free description stored in the file (keep it free of timestamps for
     *                     reproducible bytes)
     */
    public void writeOnnx(Path file, long modelVersion, String docString) {
        ONNXContext onnx = new ONNXContext();
        onnx.setName("shepherd_tabular_classifier");
        ONNXPlaceholder input = onnx.floatInput(INPUT, encoding.width());
        ONNXPlaceholder output = onnx.floatOutput(OUTPUT, labels.size());
        ONNXInitializer meanInit = onnx.array("shepherd_mean", columns.mean);
        ONNXInitializer scaleInit = onnx.array("shepherd_scale", columns.scale);
        ONNXNode standardized = input.apply(ONNXOperators.SUB, meanInit).apply(ONNXOperators.MUL, scaleInit);
        ONNXNode tribuoProbabilities = ((ONNXExportable) model).writeONNXGraph(standardized);
        long[] order = new long[tribuoIds.length];
        for (int j = 0; j < order.length; j++) {
            order[j] = tribuoIds[j];
        }
        ONNXInitializer orderInit = onnx.array("shepherd_label_order", order);
        tribuoProbabilities.apply(ONNXOperators.GATHER, orderInit, Map.of("axis", 1)).assignTo(output);
        OnnxMl.ModelProto proto = OnnxMl.ModelProto.newBuilder()
                .setGraph(onnx.buildGraph())
                .setDomain("dev.shepherd")
                .setProducerName("shepherd-training")
                .setProducerVersion("tribuo-" + org.tribuo.Tribuo.VERSION)
                .setModelVersion(modelVersion)
                .addOpsetImport(ONNXOperators.getOpsetProto())
                .setIrVersion(6)
                .setDocString(docString == null ? "" : docString)
                .addMetadataProps(meta("shepherd.encoding", ENCODING))
                .addMetadataProps(meta("shepherd.columns", json(encoding.columnNames())))
                .addMetadataProps(meta("shepherd.labels", json(labels)))
                .build();
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (OutputStream out = Files.newOutputStream(file)) {
                proto.writeTo(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write ONNX model to " + file, e);
        }
    }

    private static OnnxMl.StringStringEntryProto meta(String key, String value) {
        return OnnxMl.StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }

    private static String json(List<String> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
