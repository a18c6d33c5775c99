package dev.shepherd.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.registry.Deployment;
import dev.shepherd.registry.ModelVersion;
import dev.shepherd.registry.SchemaJson;
import dev.shepherd.serving.DeploymentStatus;
import java.time.Instant;
import java.util.TreeMap;

/**
 * The JSON views of the management API. Keys are snake_case; times are ISO-8601 UTC strings.
 *
 * <p>A model version: {@code {name, version, runtime, uri, sha256, schema, options, created_at,
 * provenance: {source, details}}} where {@code schema} is the stored schema form
 * ({@code {inputs: [{name, type, required, values, shape, media, impute}], output: {kind,
 * labels, shape}}}). A deployment: {@code {name, model, serving, ready, error, candidate, spec, updated_at}} where
 * {@code candidate} is {@code {version, weight, shadow_share}} during a rollout, else {@code null},
 * and {@code spec} is the declared spec. Stateless and thread-safe.
 */
final class Views {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Views() {
    }

    static ObjectNode version(ModelVersion v) {
        ObjectNode o = F.objectNode();
        o.put("name", v.name());
        o.put("version", v.version());
        o.put("runtime", v.runtime());
        o.put("uri", v.uri());
        o.put("sha256", v.sha256());
        o.set("schema", parse(SchemaJson.schemaToJson(v.schema())));
        ObjectNode options = o.putObject("options");
        new TreeMap<>(v.options()).forEach(options::put);
        o.put("created_at", time(v.createdAt()));
        ObjectNode prov = o.putObject("provenance");
        prov.put("source", v.provenance() == null ? null : v.provenance().source());
        ObjectNode details = prov.putObject("details");
        if (v.provenance() != null) {
            new TreeMap<>(v.provenance().details()).forEach(details::put);
        }
        return o;
    }

    static ObjectNode deployment(DeploymentStatus s) {
        Deployment d = s.deployment();
        ObjectNode o = F.objectNode();
        o.put("name", d.name());
        o.put("model", d.model());
        o.put("serving", d.serving());
        o.put("ready", s.ready());
        o.put("error", s.error());
        if (s.split() == null) {
            o.putNull("candidate");
        } else {
            o.putObject("candidate").put("version", s.split().candidate()).put("weight", s.split().weightPercent())
                    .put("shadow_share", s.split().shadowShare());
        }
        o.set("spec", d.specJson() == null ? F.objectNode() : parse(d.specJson()));
        o.put("updated_at", time(d.updatedAt()));
        return o;
    }

    private static String time(Instant t) {
        return t == null ? null : t.toString();
    }

    /** Parses JSON that Shepherd itself stored; a damaged record shows as its raw text. */
    private static JsonNode parse(String json) {
        if (json == null) {
            return F.nullNode();
        }
        try {
            return Bodies.JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return F.textNode(json);
        }
    }

    /** Puts {@code v} under {@code field}, or JSON {@code null} when it is not finite (NaN: no data). */
    static void number(ObjectNode o, String field, double v) {
        if (Double.isFinite(v)) {
            o.put(field, v);
        } else {
            o.putNull(field);
        }
    }
}
