package dev.shepherd.runtime.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.error.ConfigError;
import dev.shepherd.error.InvalidConfigException;
import dev.shepherd.registry.Artifacts;
import dev.shepherd.registry.ModelVersion;
import dev.shepherd.runtime.Model;
import dev.shepherd.runtime.ModelInfo;
import dev.shepherd.runtime.ModelLoader;
import dev.shepherd.schema.ModelSchema;
import dev.shepherd.schema.OutputKind;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code onnx} runtime: loads {@code spec.uri} (a file path or {@code file:} URI) into an
 * ONNX Runtime CPU session, one session per model version, all sharing the process-wide
 * {@link OrtEnvironment}. The schema is bound to the graph at load time (see {@link InputPlan} and
 * {@link OutputPlan}), so a mismatch fails here, never at request time; what only a request can
 * show (a declared {@code -1} dimension against a fixed graph dimension, a value outside the range
 * of an integer input) is invalid input, checked before the graph runs. Thread-safe.
 *
 * <p>Options ({@code spec.options}): {@code intraOpThreads} (threads one run may use, default 1,
 * since the gateway already runs many requests in parallel) and {@code interOpThreads} (default 1).
 * When the version carries a {@code sha256}, the file must still have it.
 *
 * <p>Models exported by Shepherd's trainer carry {@code shepherd.columns} and
 * {@code shepherd.labels} metadata; when present they must equal the schema's dense-encoding
 * columns and class labels.
 */
public final class OnnxModelLoader implements ModelLoader {
    /** The runtime name, as written in {@code spec.runtime}. */
    public static final String RUNTIME = "onnx";
    /** The platform reported in model metadata. */
    public static final String PLATFORM = "onnxruntime";

    private static final Logger LOG = LoggerFactory.getLogger(OnnxModelLoader.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OrtEnvironment env;

    /** A loader on the process-wide ONNX Runtime environment. */
    public OnnxModelLoader() {
        this(OrtEnvironment.getEnvironment());
    }

    public OnnxModelLoader(OrtEnvironment env) {
        this.env = env;
    }

    @Override
    public String runtime() {
        return RUNTIME;
    }

    /**
     * Opens a session on the artifact and binds it to the schema.
     *
     * @throws InvalidConfigException on {@code spec.uri} (missing, unreadable, changed or not an
     *                                ONNX model), {@code spec.options.*} (bad thread counts), or
     *                                {@code spec.schema...} (inputs or output that do not fit the graph)
     */
    @Override
    public Model load(ModelVersion version) {
        Path file = path(version.uri());
        if (version.sha256() != null && !version.sha256().isBlank()) {
            String actual = Artifacts.sha256(file, "spec.uri");
            if (!actual.equalsIgnoreCase(version.sha256())) {
                throw new InvalidConfigException("spec.uri", "artifact " + file + " has sha256 " + actual
                        + " but version " + version.key() + " was registered with " + version.sha256());
            }
        }
        OrtSession session;
        try (OrtSession.SessionOptions options = sessionOptions(version.options())) {
            session = env.createSession(file.toString(), options);
        } catch (OrtException e) {
            throw new InvalidConfigException("spec.uri", file + " is not a loadable ONNX model: " + e.getMessage());
        }
        try {
            Map<String, NodeInfo> in = session.getInputInfo();
            Map<String, NodeInfo> out = session.getOutputInfo();
            ModelSchema schema = version.schema();
            InputPlan inputs = InputPlan.of(schema, in);
            OutputPlan output = OutputPlan.of(schema.output(), out);
            checkMetadata(session.getMetadata().getCustomMetadata(), inputs, schema);
            ModelInfo info = new ModelInfo(PLATFORM, OnnxTypes.describe(in), OnnxTypes.describe(out));
            LOG.debug("loaded {} from {}: inputs {}, output {}", version.key(), file, info.inputs(), output.name());
            return new OnnxModel(version.key(), schema, info, env, session, inputs, output);
        } catch (OrtException e) {
            closeQuietly(session);
            throw new InvalidConfigException("spec.uri", "cannot read the graph of " + file + ": " + e.getMessage());
        } catch (RuntimeException e) {
            closeQuietly(session);
            throw e;
        }
    }

    private static Path path(String uri) {
        if (uri == null || uri.isBlank()) {
            throw new InvalidConfigException("spec.uri", "the onnx runtime needs spec.uri naming a .onnx file");
        }
        Path file;
        try {
            file = uri.startsWith("file:") ? Path.of(URI.create(uri)) : Path.of(uri);
        } catch (RuntimeException e) {
            throw new InvalidConfigException("spec.uri", "'" + uri + "' is not a file path: " + e.getMessage());
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new InvalidConfigException("spec.uri", "ONNX file " + file + " does not exist or is not readable");
        }
        return file;
    }

    private static OrtSession.SessionOptions sessionOptions(Map<String, String> options) throws OrtException {
        int intra = threads(options, "intraOpThreads");
        int inter = threads(options, "interOpThreads");
        OrtSession.SessionOptions o = new OrtSession.SessionOptions();
        o.setIntraOpNumThreads(intra);
        o.setInterOpNumThreads(inter);
        return o;
    }

    private static int threads(Map<String, String> options, String key) {
        String v = options.get(key);
        if (v == null) {
            return 1;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= 1 && n <= 256) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidConfigException("spec.options." + key, key + " must be an integer in 1..256, was '" + v + "'");
    }

    private static void checkMetadata(Map<String, String> metadata, InputPlan inputs, ModelSchema schema) {
        List<ConfigError> errors = new ArrayList<>();
        String columns = metadata.get("shepherd.columns");
        if (columns != null && inputs instanceof DenseInput dense) {
            List<String> expected = dense.encoding().columnNames();
            List<String> actual = list(columns);
            if (!expected.equals(actual)) {
                errors.add(new ConfigError("spec.schema.inputs", "the model was trained on columns " + actual
                        + " but the schema encodes " + expected));
            }
        }
        String labels = metadata.get("shepherd.labels");
        if (labels != null && schema.output().kind() == OutputKind.CLASS && !list(labels).equals(schema.output().labels())) {
            errors.add(new ConfigError("spec.schema.output.labels", "the model was trained on labels " + list(labels)
                    + " but the schema declares " + schema.output().labels()));
        }
        if (!errors.isEmpty()) {
            throw new InvalidConfigException(errors);
        }
    }

    private static List<String> list(String json) {
        try {
            return JSON.readValue(json, new TypeReference<List<String>>() { });
        } catch (JsonProcessingException e) {
            return List.of(json);
        }
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException e) {
            LOG.warn("closing an ONNX session failed", e);
        }
    }
}
