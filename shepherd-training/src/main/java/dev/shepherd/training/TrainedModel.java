package dev.shepherd.training;

import dev.shepherd.registry.ModelVersion;
import dev.shepherd.registry.Provenance;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * The result of {@link TabularTrainer#train}: an ONNX artifact on disk plus what is known of its
 * quality and origin.
 *
 * @param path             the ONNX file
 * @param sha256           hex SHA-256 of the file
 * @param accuracy         fraction of held-out rows classified correctly, in [0, 1]
 * @param baselineAccuracy accuracy on the same rows of always answering the training set's
 *                         majority label, the bar the model must clear
 * @param trainingRows     rows the model was fitted on
 * @param holdoutRows      rows held out to measure {@code accuracy}
 * @param details          provenance details: trainer, hyper-parameters, seed, data, rows, accuracy
 * @param classifier       the trained model in memory (Tribuo), for comparisons and tests
 */
public record TrainedModel(Path path, String sha256, double accuracy, double baselineAccuracy,
                           int trainingRows, int holdoutRows, Map<String, String> details,
                           TabularClassifier classifier) {
    /** The runtime name the artifact is served with. */
    public static final String RUNTIME = "onnx";

    public TrainedModel {
        details = Map.copyOf(details);
    }

    /** The provenance to register: {@code source} (for example {@code demo-trainer}) plus {@link #details()}. */
    public Provenance provenance(String source) {
        return new Provenance(source, details);
    }

    /**
     * A {@link ModelVersion} ready to register: runtime {@code onnx}, the absolute artifact path as
     * {@code uri}, its hash, the classifier's schema and no options.
     */
    public ModelVersion toVersion(String name, String version, String source, Instant createdAt) {
        return new ModelVersion(name, version, RUNTIME, path.toAbsolutePath().toString(), sha256,
                classifier.schema(), Map.of(), createdAt, provenance(source));
    }
}
