package dev.shepherd.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.shepherd.error.ConfigError;
import dev.shepherd.error.InvalidConfigException;
import dev.shepherd.registry.Artifacts;
import dev.shepherd.registry.Deployment;
import dev.shepherd.registry.ModelVersion;
import dev.shepherd.registry.Provenance;
import dev.shepherd.schema.ModelSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads Kubernetes-style documents ({@code apiVersion: shepherd/v1}, {@code kind: Model |
 * Deployment}, {@code metadata}, {@code spec}; several per YAML file, or one JSON object) and
 * validates them completely: every problem is collected with its path
 * ({@code documents[1].spec.uri}) and reported together in one
 * {@link InvalidConfigException}. Nothing is returned unless everything is valid. Thread-safe.
 *
 * <p>Relative artifact paths resolve against {@code baseDir} (the config file's directory).
 */
public final class ConfigParser {
    /** The only {@code apiVersion} understood. */
    public static final String API_VERSION = "shepherd/v1";
    /** Runtimes whose {@code uri} is a local file that must exist and is hashed. */
    private static final Set<String> FILE_RUNTIMES = Set.of("onnx");
    private static final String NAME_PATTERN = "[a-z0-9]([a-z0-9._-]{0,61}[a-z0-9])?";

    private final ObjectMapper yaml;
    private final Clock clock;

    public ConfigParser(Clock clock) {
        YAMLFactory factory = YAMLFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
                .build();
        this.yaml = new YAMLMapper(factory);
        this.clock = clock;
    }

    /** Parses a YAML (or JSON) text holding one or more documents. */
    public ConfigBundle parse(String text, Path baseDir, String source) {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = yaml.readerFor(JsonNode.class).readValues(text)) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                boolean blank = doc == null || doc.isNull() || doc.isMissingNode()
                        || (doc.isTextual() && doc.textValue().isBlank());
                if (!blank) {
                    docs.add(doc);
                }
            }
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr();
            throw new InvalidConfigException("documents", "not valid YAML" + where + ": " + e.getOriginalMessage());
        } catch (IOException | RuntimeException e) {
            throw new InvalidConfigException("documents", "not valid YAML: " + e.getMessage());
        }
        return parseDocuments(docs, baseDir, source);
    }

    /**
     * Reads a schema file: a Model document (its {@code spec.schema}), a mapping with a
     * {@code schema} key, or a bare schema ({@code inputs} and {@code output}). Every problem is
     * reported with its path in one {@link InvalidConfigException}.
     */
    public ModelSchema schema(String text, String source) {
        JsonNode doc;
        try {
            doc = yaml.readTree(text);
        } catch (IOException e) {
            throw new InvalidConfigException(source, "not valid YAML: " + e.getMessage());
        }
        if (doc == null || !doc.isObject()) {
            throw new InvalidConfigException(source, "expected a Model document or a schema with inputs and output");
        }
        List<ConfigError> errors = new ArrayList<>();
        Fields holder;
        if (doc.has("spec")) {
            holder = new Fields(doc.get("spec"), source + ".spec", errors);
        } else if (doc.has("schema")) {
            holder = new Fields(doc, source, errors);
        } else {
            com.fasterxml.jackson.databind.node.ObjectNode wrap = yaml.createObjectNode();
            wrap.set("schema", doc);
            holder = new Fields(wrap, source, errors);
        }
        ModelSchema schema = SchemaReader.read(holder, "schema");
        if (!errors.isEmpty() || schema == null) {
            throw new InvalidConfigException(errors.isEmpty() ? List.of(new ConfigError(source, "no schema found")) : errors);
        }
        return schema;
    }

    /** Validates already-parsed documents. */
    public ConfigBundle parseDocuments(List<JsonNode> docs, Path baseDir, String source) {
        List<ConfigError> errors = new ArrayList<>();
        if (docs.isEmpty()) {
            errors.add(new ConfigError("documents", "no documents found"));
        }
        List<ModelVersion> models = new ArrayList<>();
        List<Deployment> deployments = new ArrayList<>();
        Map<String, byte[]> references = new LinkedHashMap<>();
        Map<String, String> seen = new LinkedHashMap<>();
        for (int i = 0; i < docs.size(); i++) {
            Fields f = new Fields(docs.get(i), "documents[" + i + "]", errors);
            if (!docs.get(i).isObject()) {
                f.error("", "expected a mapping with apiVersion, kind, metadata and spec");
                continue;
            }
            String api = f.text("apiVersion", true);
            if (api != null && !API_VERSION.equals(api)) {
                f.error("apiVersion", "must be " + API_VERSION + ", was " + api);
            }
            String kind = f.text("kind", true);
            Fields meta = f.object("metadata", true);
            Fields spec = f.object("spec", true);
            if (kind == null || meta == null || spec == null) {
                continue;
            }
            String name = meta.text("name", true);
            if (name != null && !name.matches(NAME_PATTERN)) {
                meta.error("name", "must be lower-case letters, digits, '.', '_' or '-' (at most 63), was '" + name + "'");
            }
            switch (kind) {
                case "Model" -> {
                    ModelVersion mv = model(name, meta, spec, baseDir, source);
                    if (mv != null && seen.put("Model " + mv.key(), f.path) != null) {
                        f.error("metadata", "Model " + mv.key() + " is declared twice");
                    } else if (mv != null) {
                        models.add(mv);
                        byte[] ref = reference(spec, baseDir);
                        if (ref != null) {
                            references.put(mv.key(), ref);
                        }
                    }
                }
                case "Deployment" -> {
                    Deployment d = deployment(name, spec);
                    if (d != null && seen.put("Deployment " + d.name(), f.path) != null) {
                        f.error("metadata.name", "Deployment " + d.name() + " is declared twice");
                    } else if (d != null) {
                        deployments.add(d);
                    }
                }
                default -> f.error("kind", "must be Model or Deployment, was " + kind);
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidConfigException(errors);
        }
        return new ConfigBundle(models, deployments, references);
    }

    /** {@code spec.reference}: a profile file (relative to the document), read and checked; null when absent. */
    private static byte[] reference(Fields spec, Path baseDir) {
        String ref = spec.text("reference", false);
        if (ref == null) {
            return null;
        }
        Path p = baseDir.resolve(ref).normalize().toAbsolutePath();
        try {
            byte[] bytes = Files.readAllBytes(p);
            dev.shepherd.drift.ProfileCodec.read(bytes);
            return bytes;
        } catch (IOException e) {
            spec.error("reference", "cannot read the reference profile " + p + ": " + e.getMessage());
        } catch (dev.shepherd.error.ShepherdException e) {
            spec.error("reference", "not a reference profile (" + p + "): " + e.getMessage());
        }
        return null;
    }

    private ModelVersion model(String name, Fields meta, Fields spec, Path baseDir, String source) {
        String version = meta.text("version", true);
        if (version != null && !version.matches("[A-Za-z0-9._-]{1,64}")) {
            meta.error("version", "must be 1..64 letters, digits, '.', '_' or '-', was '" + version + "'");
        }
        String runtime = spec.text("runtime", true);
        String uri = spec.text("uri", true);
        Map<String, String> options = spec.stringMap("options");
        ModelSchema schema = SchemaReader.read(spec, "schema");
        Map<String, String> provDetails = spec.stringMap("provenance");
        String sha = null;
        boolean localFile = runtime != null && uri != null
                && (FILE_RUNTIMES.contains(runtime) || ("java".equals(runtime) && !uri.startsWith("classpath:")));
        if (localFile) {
            Path p = baseDir.resolve(uri).normalize().toAbsolutePath();
            if (!Files.isRegularFile(p)) {
                spec.error("uri", ("java".equals(runtime) ? "jar" : "file") + " not found: " + p);
            } else {
                uri = p.toString();
                try {
                    sha = Artifacts.sha256(p, spec.path + ".uri");
                } catch (InvalidConfigException e) {
                    spec.error("uri", e.getMessage());
                }
            }
        } else if ("remote".equals(runtime) && uri != null && !uri.matches("https?://.+")) {
            spec.error("uri", "must be an http(s) URL of an Open Inference Protocol server, was " + uri);
        }
        if ("java".equals(runtime) && !options.containsKey("className")) {
            spec.error("options.className", "required for the java runtime");
        }
        if (name == null || version == null || runtime == null || uri == null || schema == null || spec.failed()) {
            return null;
        }
        String provSource = provDetails.getOrDefault("source", source);
        Map<String, String> details = new LinkedHashMap<>(provDetails);
        details.remove("source");
        return new ModelVersion(name, version, runtime, uri, sha, schema, options, clock.instant(),
                new Provenance(provSource, details));
    }

    private Deployment deployment(String name, Fields spec) {
        String model = spec.text("model", false);
        String serving = spec.text("serving", true);
        JsonNode alerts = spec.node.get("alerts");
        if (alerts != null && !alerts.isNull()) {
            AlertRulesReader.read(name == null ? "?" : name, alerts, spec.path + ".alerts", spec.errors());
        }
        JsonNode drift = spec.node.get("drift");
        if (drift != null && !drift.isNull()) {
            DriftSpecReader.read(drift, spec.path + ".drift", spec.errors());
        }
        JsonNode automation = spec.node.get("automation");
        if (automation != null && !automation.isNull()) {
            AutomationSpecReader.read(automation, spec.path + ".automation", spec.errors());
        }
        JsonNode rollout = spec.node.get("rollout");
        if (rollout != null && !rollout.isNull()) {
            RolloutSpecReader.read(rollout, spec.path + ".rollout", spec.errors());
        }
        if (name == null || serving == null || spec.failed()) {
            return null;
        }
        return new Deployment(name, model == null ? name : model, serving, spec.node.toString(), clock.instant());
    }
}
