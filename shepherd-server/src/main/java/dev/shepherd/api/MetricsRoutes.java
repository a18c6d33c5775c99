package dev.shepherd.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.error.ErrorCode;
import dev.shepherd.error.NotFoundException;
import dev.shepherd.error.ShepherdException;
import dev.shepherd.monitor.Monitoring;
import dev.shepherd.monitor.SeriesKey;
import dev.shepherd.monitor.SeriesStats;
import dev.shepherd.serving.Gateway;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The monitoring API of one deployment, in the {@link dev.shepherd.monitor.MetricNames}
 * vocabulary:
 *
 * <ul>
 *   <li>{@code GET /api/v1/deployments/{name}/metrics?window=1h&step=1m} → {@code {deployment,
 *       window, step, from, to, series: [{version, role, points: [{t, values}]}]}}: one point per
 *       step in which the series saw anything, {@code t} the ISO-8601 start of the step. Steps are
 *       aligned to multiples of the step since the epoch; the last one ends now.</li>
 *   <li>{@code GET /api/v1/deployments/{name}/metrics/summary?window=5m} → {@code {deployment,
 *       window, from, to, series: [{version, role, values, requests, errors_by_code, latency_ms,
 *       model_latency_ms, inputs, features: [...], outputs, feedback}]}} (see {@link MetricsViews}).</li>
 * </ul>
 *
 * Series are ordered by version, then role (primary, candidate, shadow). Parameters are checked by
 * {@link MetricsQuery} (400 naming the parameter); a deployment neither served nor monitored is a
 * 404; a server without monitoring answers 503 {@code unavailable}. Thread-safe.
 */
final class MetricsRoutes {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** By version (the series without one last), then role. */
    private static final Comparator<SeriesKey> ORDER = Comparator
            .comparing((SeriesKey k) -> !MonitoringMeters.hasVersion(k))
            .thenComparing(k -> k.version() == null ? "" : k.version())
            .thenComparing(SeriesKey::role, Comparator.nullsLast(Comparator.naturalOrder()));

    private final Gateway gateway;
    private final Monitoring monitoring;
    private final Clock clock;

    /** {@code monitoring} may be {@code null}: every call then answers 503. */
    MetricsRoutes(Gateway gateway, Monitoring monitoring, Clock clock) {
        this.gateway = gateway;
        this.monitoring = monitoring;
        this.clock = clock;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/v1/deployments/{name}/metrics", this::series);
        routes.get("/api/v1/deployments/{name}/metrics/summary", this::summary);
    }

    private void series(Context ctx) {
        String name = deployment(ctx);
        Duration bucket = monitoring.settings().bucket();
        MetricsQuery q = MetricsQuery.series(ctx.queryParam("window"), ctx.queryParam("step"), bucket);
        Instant now = clock.instant();
        long step = q.step().toMillis();
        long points = Math.ceilDiv(q.window().toMillis(), step);
        Instant from = Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), step) * step - (points - 1) * step);
        Map<SeriesKey, ArrayNode> byKey = new TreeMap<>(ORDER);
        for (Monitoring.StepStats st : monitoring.series(name, from, now, q.step())) {
            st.stats().forEach((key, stats) -> {
                ObjectNode point = byKey.computeIfAbsent(key, k -> F.arrayNode()).addObject();
                point.put("t", st.start().toString());
                point.set("values", MetricsViews.values(stats));
            });
        }
        ObjectNode out = header(name, q.window(), from, now);
        out.put("step", MetricsQuery.text(q.step()));
        ArrayNode series = out.putArray("series");
        byKey.forEach((key, list) -> {
            ObjectNode s = series.addObject();
            MetricsViews.key(s, key);
            s.set("points", list);
        });
        Responses.json(ctx, 200, out);
    }

    private void summary(Context ctx) {
        String name = deployment(ctx);
        Duration bucket = monitoring.settings().bucket();
        MetricsQuery q = MetricsQuery.summary(ctx.queryParam("window"), bucket);
        Instant now = clock.instant();
        Instant from = MonitoringMeters.alignUp(now.minus(q.window()), bucket);
        Map<SeriesKey, SeriesStats> stats = new TreeMap<>(ORDER);
        stats.putAll(monitoring.window(name, from, now));
        ObjectNode out = header(name, q.window(), from, now);
        ArrayNode series = out.putArray("series");
        stats.forEach((key, s) -> series.add(MetricsViews.summary(key, s)));
        Responses.json(ctx, 200, out);
    }

    /** The deployment named in the path, once monitoring and the name are known to be there. */
    private String deployment(Context ctx) {
        if (monitoring == null) {
            throw new ShepherdException(ErrorCode.UNAVAILABLE, "monitoring is not enabled on this server");
        }
        String name = ctx.pathParam("name");
        if (gateway.status(name).isEmpty() && !monitoring.deployments().contains(name)) {
            throw new NotFoundException("name", "deployment '" + name + "' does not exist");
        }
        return name;
    }

    private static ObjectNode header(String name, Duration window, Instant from, Instant to) {
        ObjectNode out = F.objectNode();
        out.put("deployment", name);
        out.put("window", MetricsQuery.text(window));
        out.put("from", from.toString());
        out.put("to", to.toString());
        return out;
    }
}
