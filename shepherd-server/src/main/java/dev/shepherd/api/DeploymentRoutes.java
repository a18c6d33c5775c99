package dev.shepherd.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.config.ConfigBundle;
import dev.shepherd.config.ConfigParser;
import dev.shepherd.error.InvalidConfigException;
import dev.shepherd.error.NotFoundException;
import dev.shepherd.registry.Deployment;
import dev.shepherd.registry.ModelVersion;
import dev.shepherd.rollout.RolloutController;
import dev.shepherd.serving.DeploymentStatus;
import dev.shepherd.serving.Gateway;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.file.Path;
import java.util.List;

/**
 * Deployment management and the all-or-nothing {@code apply}:
 *
 * <ul>
 *   <li>{@code GET /api/v1/deployments} → {@code {"deployments": [deployment…]}}, ordered by name</li>
 *   <li>{@code GET /api/v1/deployments/{name}} → the deployment, or 404</li>
 *   <li>{@code PUT /api/v1/deployments/{name}} with a Deployment document (JSON or YAML) or just its
 *       {@code spec} → 201 when created, 200 when replaced; a {@code metadata.name} other than the
 *       URL's is a 400 {@code invalid_config} on {@code metadata.name}; an unregistered
 *       {@code spec.serving} version is a 404 on {@code spec.serving}</li>
 *   <li>{@code DELETE /api/v1/deployments/{name}} → 204, or 404</li>
 *   <li>{@code POST /api/v1/apply} with one or more YAML documents → 200
 *       {@code {"models": [version…], "deployments": [deployment…]}}; an invalid set is a 400
 *       {@code invalid_config} listing every error, and nothing is applied</li>
 * </ul>
 *
 * The deployment view is described on {@link Views}. Relative artifact paths resolve against the
 * server's configuration directory. Thread-safe: the gateway serializes changes.
 */
final class DeploymentRoutes {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final Gateway gateway;
    private final ConfigParser parser;
    private final Bodies bodies;
    private final Path baseDir;
    private final RolloutController rollouts;

    /** {@code rollouts} may be {@code null}: declared {@code spec.rollout}s are then stored but not run. */
    DeploymentRoutes(Gateway gateway, ConfigParser parser, Bodies bodies, Path baseDir, RolloutController rollouts) {
        this.gateway = gateway;
        this.rollouts = rollouts;
        this.parser = parser;
        this.bodies = bodies;
        this.baseDir = baseDir;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/v1/deployments", this::list);
        routes.get("/api/v1/deployments/{name}", ctx -> Responses.json(ctx, 200, Views.deployment(find(ctx.pathParam("name")))));
        routes.put("/api/v1/deployments/{name}", this::put);
        routes.delete("/api/v1/deployments/{name}", this::delete);
        routes.post("/api/v1/apply", this::apply);
    }

    private void list(Context ctx) {
        ObjectNode out = F.objectNode();
        ArrayNode arr = out.putArray("deployments");
        gateway.statuses().forEach(s -> arr.add(Views.deployment(s)));
        Responses.json(ctx, 200, out);
    }

    private void put(Context ctx) {
        String name = ctx.pathParam("name");
        ObjectNode doc = asDeploymentDocument(name, SingleDocument.of(bodies.documents(ctx), "Deployment"));
        ConfigBundle bundle = SingleDocument.parse(parser, doc, baseDir, "api");
        if (bundle.deployments().size() != 1) {
            throw new InvalidConfigException("kind", "expected a Deployment document");
        }
        boolean existed = gateway.status(name).isPresent();
        Deployment declared = bundle.deployments().getFirst();
        Deployment stored = gateway.putDeployment(rollouts == null ? declared : rollouts.declared(declared));
        if (rollouts != null) {
            rollouts.reconcile(stored);
        }
        Responses.json(ctx, existed ? 200 : 201, Views.deployment(find(stored.name())));
    }

    /** Wraps a bare spec into a document and checks that a full document names this deployment. */
    private static ObjectNode asDeploymentDocument(String name, ObjectNode body) {
        boolean full = body.has("kind") || body.has("apiVersion") || body.has("metadata");
        if (!full) {
            ObjectNode doc = F.objectNode();
            doc.put("apiVersion", ConfigParser.API_VERSION);
            doc.put("kind", "Deployment");
            doc.putObject("metadata").put("name", name);
            doc.set("spec", body);
            return doc;
        }
        JsonNode kind = body.get("kind");
        if (kind != null && !"Deployment".equals(kind.asText())) {
            throw new InvalidConfigException("kind", "must be Deployment, was " + kind.asText());
        }
        JsonNode meta = body.get("metadata");
        if (meta == null || meta.isNull()) {
            body.putObject("metadata").put("name", name);
        } else if (meta.isObject()) {
            JsonNode bodyName = meta.get("name");
            if (bodyName == null || bodyName.isNull()) {
                ((ObjectNode) meta).put("name", name);
            } else if (!name.equals(bodyName.asText())) {
                throw new InvalidConfigException("metadata.name", "must match the deployment name in the URL '"
                        + name + "', was '" + bodyName.asText() + "'");
            }
        }
        return body;
    }

    private void delete(Context ctx) {
        String name = ctx.pathParam("name");
        if (!gateway.deleteDeployment(name)) {
            throw notFound(name);
        }
        ctx.status(204);
    }

    private void apply(Context ctx) {
        List<JsonNode> docs = bodies.documents(ctx);
        ConfigBundle parsed = parser.parseDocuments(docs, baseDir, "api");
        ConfigBundle bundle = rollouts == null ? parsed
                : parsed.withDeployments(parsed.deployments().stream().map(rollouts::declared).toList());
        List<Deployment> applied = gateway.apply(bundle);
        if (rollouts != null) {
            applied.forEach(rollouts::reconcile);
        }
        ObjectNode out = F.objectNode();
        ArrayNode models = out.putArray("models");
        for (ModelVersion mv : bundle.models()) {
            models.add(Views.version(gateway.store().models().find(mv.name(), mv.version()).orElse(mv)));
        }
        ArrayNode deployments = out.putArray("deployments");
        for (Deployment d : applied) {
            gateway.status(d.name()).ifPresent(s -> deployments.add(Views.deployment(s)));
        }
        Responses.json(ctx, 200, out);
    }

    private DeploymentStatus find(String name) {
        return gateway.status(name).orElseThrow(() -> notFound(name));
    }

    private static NotFoundException notFound(String name) {
        return new NotFoundException("name", "deployment '" + name + "' does not exist");
    }
}
