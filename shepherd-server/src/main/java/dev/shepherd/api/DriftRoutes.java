package dev.shepherd.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.config.Durations;
import dev.shepherd.drift.DriftHistory;
import dev.shepherd.drift.DriftJson;
import dev.shepherd.drift.FeatureProfile;
import dev.shepherd.drift.LiveDrift;
import dev.shepherd.drift.Profile;
import dev.shepherd.drift.ProfileCodec;
import dev.shepherd.drift.ReferenceStore;
import dev.shepherd.error.ErrorCode;
import dev.shepherd.error.InvalidInputException;
import dev.shepherd.error.ModelFailureException;
import dev.shepherd.error.NotFoundException;
import dev.shepherd.registry.ModelVersion;
import dev.shepherd.serving.DeploymentStatus;
import dev.shepherd.serving.Gateway;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Drift and reference profiles:
 *
 * <ul>
 *   <li>{@code GET /api/v1/deployments/{name}/drift?window=1h} (default 1 h, 1m..30d) → the
 *       deployment's traffic over the window compared with its reference now: {@code deployment,
 *       version, window, computed_at, reference, traffic} and the report of {@link DriftJson};
 *       404 on {@code reference} when there is none</li>
 *   <li>{@code GET /api/v1/deployments/{name}/drift/history?since=24h&limit=100} → past
 *       evaluations, oldest first</li>
 *   <li>{@code PUT /api/v1/models/{name}/versions/{version}/reference} with a profile (the JSON of
 *       {@code shepherd profile build}) → 201 (200 when replaced); {@code GET} the same → its
 *       summary</li>
 *   <li>{@code POST /api/v1/deployments/{name}/reference?window=1h} → the serving version's
 *       reference taken from that last window of live traffic (a baseline period), 201</li>
 * </ul>
 * A server without live drift answers 503. Thread-safe.
 */
final class DriftRoutes {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Duration MIN = Duration.ofMinutes(1);
    private static final Duration MAX = Duration.ofDays(30);

    private final Gateway gateway;
    private final LiveDrift drift;
    private final Bodies bodies;
    private final Clock clock;

    /** {@code drift} may be {@code null}: the endpoints then answer 503. */
    DriftRoutes(Gateway gateway, LiveDrift drift, Bodies bodies, Clock clock) {
        this.gateway = gateway;
        this.drift = drift;
        this.bodies = bodies;
        this.clock = clock;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/v1/deployments/{name}/drift", this::current);
        routes.get("/api/v1/deployments/{name}/drift/history", this::history);
        routes.post("/api/v1/deployments/{name}/reference", this::baseline);
        routes.put("/api/v1/models/{name}/versions/{version}/reference", this::upload);
        routes.get("/api/v1/models/{name}/versions/{version}/reference", this::show);
    }

    private void current(Context ctx) {
        LiveDrift d = drift();
        DeploymentStatus s = deployment(ctx);
        Duration window = window(ctx.queryParam("window"), "window", Duration.ofHours(1));
        LiveDrift.Result r = d.evaluate(s.deployment().name(), window).orElseThrow(() -> noReference(s));
        ObjectNode out = F.objectNode();
        out.put("deployment", r.deployment());
        out.put("version", r.version());
        out.put("window", Durations.format(r.window()));
        out.put("computed_at", r.at().toString());
        out.put("reference", r.reference());
        out.put("traffic", r.report() != null);
        if (r.report() != null) {
            out.setAll(DriftJson.report(r.report()));
        }
        Responses.json(ctx, 200, out);
    }

    private void history(Context ctx) {
        drift();
        DeploymentStatus s = deployment(ctx);
        Duration since = window(ctx.queryParam("since"), "since", Duration.ofHours(24));
        int limit = limit(ctx.queryParam("limit"));
        Instant now = clock.instant();
        List<DriftHistory.Entry> entries = gateway.store().driftHistory().list(s.deployment().name(), now.minus(since),
                now.plusMillis(1), limit);
        ObjectNode out = F.objectNode();
        ArrayNode arr = out.putArray("history");
        for (DriftHistory.Entry e : entries) {
            ObjectNode o = arr.addObject();
            o.put("at", e.at().toString());
            o.put("version", e.version());
            o.put("window", e.window());
            o.put("share", e.share());
            o.put("dataset_drift", e.detected());
            try {
                o.set("report", Bodies.JSON.readTree(e.reportJson()));
            } catch (IOException ex) {
                o.put("report", e.reportJson());
            }
        }
        Responses.json(ctx, 200, out);
    }

    private void baseline(Context ctx) {
        LiveDrift d = drift();
        DeploymentStatus s = deployment(ctx);
        Duration window = window(ctx.queryParam("window"), "window", Duration.ofHours(1));
        Instant now = clock.instant();
        Profile p = d.baseline(s.deployment().name(), now.minus(window), now.plusMillis(1)).orElseThrow(() ->
                new NotFoundException("window", "window: deployment '" + s.deployment().name() + "' had no traffic in the last "
                        + Durations.format(window)));
        ModelVersion mv = s.serving();
        ReferenceStore.Stored stored = new ReferenceStore.Stored(mv.name(), mv.version(), ProfileCodec.write(p),
                "baseline window of " + s.deployment().name() + ", last " + Durations.format(window), now);
        gateway.store().references().put(stored);
        Responses.json(ctx, 201, summary(stored, p));
    }

    private void upload(Context ctx) {
        drift();
        ModelVersion mv = version(ctx);
        byte[] body = bodies.read(ctx);
        Profile p = ProfileCodec.read(body);
        boolean existed = gateway.store().references().find(mv.name(), mv.version()).isPresent();
        String source = p.source() == null || p.source().isBlank() ? "upload" : p.source();
        ReferenceStore.Stored stored = new ReferenceStore.Stored(mv.name(), mv.version(), body, source, clock.instant());
        gateway.store().references().put(stored);
        Responses.json(ctx, existed ? 200 : 201, summary(stored, p));
    }

    private void show(Context ctx) {
        ModelVersion mv = version(ctx);
        ReferenceStore.Stored stored = gateway.store().references().find(mv.name(), mv.version()).orElseThrow(() ->
                new NotFoundException("version", "model version " + mv.key() + " has no reference profile"));
        Responses.json(ctx, 200, summary(stored, ProfileCodec.read(stored.profile())));
    }

    private static ObjectNode summary(ReferenceStore.Stored s, Profile p) {
        ObjectNode o = F.objectNode();
        o.put("model", s.model());
        o.put("version", s.version());
        o.put("source", s.source());
        o.put("created_at", s.createdAt().toString());
        o.put("rows", p.rows());
        o.put("bytes", s.profile().length);
        ArrayNode features = o.putArray("features");
        for (FeatureProfile f : p.features().values()) {
            ObjectNode n = features.addObject();
            n.put("name", f.name());
            n.put("type", f instanceof FeatureProfile.Numeric ? "numeric" : "category");
            n.put("count", f.count());
            n.put("missing", f.missing());
            if (f instanceof FeatureProfile.Numeric num) {
                n.put("exact", num.sample().exact());
            } else {
                n.put("categories", ((FeatureProfile.Category) f).counts().size());
            }
        }
        return o;
    }

    private DeploymentStatus deployment(Context ctx) {
        String name = ctx.pathParam("name");
        DeploymentStatus s = gateway.status(name).orElseThrow(() ->
                new NotFoundException("name", "deployment '" + name + "' does not exist"));
        if (s.serving() == null) {
            throw new ModelFailureException(ErrorCode.UNAVAILABLE, "deployment '" + name + "' serves no loaded version");
        }
        return s;
    }

    private ModelVersion version(Context ctx) {
        String name = ctx.pathParam("name");
        String version = ctx.pathParam("version");
        return gateway.store().models().find(name, version).orElseThrow(() ->
                new NotFoundException("version", "model version " + name + ":" + version + " is not registered"));
    }

    private static NotFoundException noReference(DeploymentStatus s) {
        String key = s.serving().key();
        return new NotFoundException("reference", "reference: deployment '" + s.deployment().name() + "' has no reference "
                + "profile for " + key + ": upload one (PUT /api/v1/models/" + s.serving().name() + "/versions/"
                + s.serving().version() + "/reference), declare spec.reference in the Model, or take a baseline window "
                + "(POST /api/v1/deployments/" + s.deployment().name() + "/reference?window=1h)");
    }

    private static Duration window(String raw, String param, Duration fallback) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        Duration d = Durations.parse(raw);
        if (d == null || d.compareTo(MIN) < 0 || d.compareTo(MAX) > 0) {
            throw new InvalidInputException(param, param + ": must be a duration from 1m to 30d, was '" + raw + "'");
        }
        return d;
    }

    private static int limit(String raw) {
        if (raw == null || raw.isBlank()) {
            return 100;
        }
        try {
            int n = Integer.parseInt(raw.trim());
            if (n < 1 || n > 10_000) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new InvalidInputException("limit", "limit: a whole number in 1..10000, was '" + raw + "'");
        }
    }

    private LiveDrift drift() {
        if (drift == null) {
            throw new ModelFailureException(ErrorCode.UNAVAILABLE, "this server computes no drift");
        }
        return drift;
    }
}
