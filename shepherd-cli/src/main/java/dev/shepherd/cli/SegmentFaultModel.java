package dev.shepherd.cli;

import dev.shepherd.registry.ModelVersion;
import dev.shepherd.registry.Provenance;
import dev.shepherd.runtime.JavaModel;
import dev.shepherd.runtime.Model;
import dev.shepherd.runtime.onnx.OnnxModelLoader;
import dev.shepherd.schema.Batch;
import dev.shepherd.schema.FeatureSpec;
import dev.shepherd.schema.ModelSchema;
import dev.shepherd.schema.Prediction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The demo's deliberately bad version: an ONNX model ({@code options.delegate}, a file path) that
 * answers null for one segment of users, those whose {@code options.faultyFeature} (default
 * {@code region}) equals {@code options.faultyValue}. A regression that hides in a segment,
 * for the canary to catch. Thread-safe once opened.
 */
public final class SegmentFaultModel implements JavaModel {
    private Model delegate;
    private int column;
    private String value;

    @Override
    public void open(ModelSchema schema, Map<String, String> options) {
        String path = options.get("delegate");
        if (path == null) {
            throw new IllegalArgumentException("options.delegate (an ONNX file) is required");
        }
        String feature = options.getOrDefault("faultyFeature", "region");
        List<FeatureSpec> inputs = schema.inputs();
        column = -1;
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.get(i).name().equals(feature)) {
                column = i;
            }
        }
        if (column < 0) {
            throw new IllegalArgumentException("options.faultyFeature: no input named " + feature);
        }
        value = options.getOrDefault("faultyValue", "south");
        delegate = new OnnxModelLoader().load(new ModelVersion("delegate", "onnx", "onnx", path, null, schema, Map.of(),
                Instant.EPOCH, Provenance.of("demo")));
    }

    @Override
    public List<Prediction> predict(Batch batch) {
        List<Prediction> answers = delegate.predict(batch);
        List<Prediction> out = new ArrayList<>(answers.size());
        for (int i = 0; i < answers.size(); i++) {
            boolean faulty = value.equals(batch.rows().get(i)[column]);
            out.add(faulty ? new Prediction.NullPrediction("injected fault for " + value) : answers.get(i));
        }
        return out;
    }

    @Override
    public void close() {
        if (delegate != null) {
            delegate.close();
        }
    }
}
