package dev.shepherd.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.error.ErrorCode;
import dev.shepherd.error.ShepherdException;
import dev.shepherd.monitor.SystemSampler;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;

/**
 * The server's own load over time, from a {@link SystemSampler}:
 * {@code GET /api/v1/system?window=1h&step=1m} → {@code {window, step, from, to, cpus, points:
 * [{t, process_cpu, system_cpu, load_per_cpu, heap_used_bytes, heap_max_bytes}]}}. Each point is
 * the mean of the samples (one per 10 s) in its step, {@code t} the ISO-8601 start of the step;
 * steps are aligned to multiples of the step since the epoch, the last one holds now, and steps
 * without samples are left out. CPU figures are shares of all CPUs (0..1), a figure the platform
 * does not report is {@code null}. Parameters are checked by {@link MetricsQuery#system} (400
 * naming the parameter); a server without a sampler answers 503. Thread-safe.
 */
final class SystemRoutes {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final SystemSampler sampler;
    private final Clock clock;

    /** {@code sampler} may be {@code null}: the endpoint then answers 503. */
    SystemRoutes(SystemSampler sampler, Clock clock) {
        this.sampler = sampler;
        this.clock = clock;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/v1/system", this::history);
    }

    private void history(Context ctx) {
        if (sampler == null) {
            throw new ShepherdException(ErrorCode.UNAVAILABLE, "server load sampling is not enabled on this server");
        }
        MetricsQuery q = MetricsQuery.system(ctx.queryParam("window"), ctx.queryParam("step"), SystemSampler.INTERVAL);
        Instant now = clock.instant();
        long step = q.step().toMillis();
        long points = Math.ceilDiv(q.window().toMillis(), step);
        Instant from = Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), step) * step - (points - 1) * step);
        ObjectNode out = F.objectNode();
        out.put("window", MetricsQuery.text(q.window()));
        out.put("step", MetricsQuery.text(q.step()));
        out.put("from", from.toString());
        out.put("to", now.toString());
        out.put("cpus", sampler.cpus());
        ArrayNode list = out.putArray("points");
        for (SystemSampler.Point p : sampler.series(from, now, q.step())) {
            ObjectNode o = list.addObject();
            o.put("t", p.start().toString());
            ratio(o, "process_cpu", p.processCpu());
            ratio(o, "system_cpu", p.systemCpu());
            ratio(o, "load_per_cpu", p.loadPerCpu());
            bytes(o, "heap_used_bytes", p.heapUsedBytes());
            bytes(o, "heap_max_bytes", p.heapMaxBytes());
        }
        Responses.json(ctx, 200, out);
    }

    private static void ratio(ObjectNode o, String field, double v) {
        if (Double.isNaN(v)) {
            o.putNull(field);
        } else {
            o.put(field, v);
        }
    }

    private static void bytes(ObjectNode o, String field, double v) {
        if (Double.isNaN(v)) {
            o.putNull(field);
        } else {
            o.put(field, Math.round(v));
        }
    }
}
