package dev.shepherd.api;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Meters whose set changes at run time, such as one series per deployment, version, role and
 * feature. Each {@link #update} hands the complete list of samples: new ones are registered,
 * known ones take the new value, and ones missing from the list are removed from the registry, so
 * a deleted deployment leaves no stale series behind. Values are plain cells set at refresh time;
 * the registry reads them when it scrapes.
 *
 * <p>Not thread-safe: the caller serializes {@link #update} with the scrape (see
 * {@link PrometheusEndpoint}).
 */
final class DynamicMeters {
    /** Counters must only grow; gauges may go anywhere. */
    enum Kind { COUNTER, GAUGE }

    /**
     * One metric family as Micrometer names it ({@code shepherd.requests}); the Prometheus
     * registry adds the unit suffix and, for counters, {@code _total}.
     *
     * @param baseUnit {@code seconds}, {@code bytes}, {@code ratio} or {@code null} for plain counts
     */
    record Family(String name, Kind kind, String baseUnit, String description) {
    }

    /** One value of a family under one set of tags. */
    record Sample(Family family, Tags tags, double value) {
    }

    private record Key(String name, Tags tags) {
    }

    /** The value a meter reports; written at refresh, read at scrape. */
    private static final class Cell {
        volatile double value;
    }

    private record Registered(Cell cell, Meter meter) {
    }

    private final MeterRegistry registry;
    private final Map<Key, Registered> meters = new HashMap<>();

    DynamicMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Makes the registry hold exactly these samples (of the families this instance manages). */
    void update(Iterable<Sample> samples) {
        Set<Key> seen = new HashSet<>();
        for (Sample s : samples) {
            Key key = new Key(s.family().name(), s.tags());
            if (!seen.add(key)) {
                continue;
            }
            Registered r = meters.get(key);
            if (r == null) {
                Cell cell = new Cell();
                r = new Registered(cell, register(s.family(), s.tags(), cell));
                meters.put(key, r);
            }
            r.cell().value = s.value();
        }
        for (Iterator<Map.Entry<Key, Registered>> it = meters.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Key, Registered> e = it.next();
            if (!seen.contains(e.getKey())) {
                registry.remove(e.getValue().meter());
                it.remove();
            }
        }
    }

    /** Number of meters currently registered by this instance. */
    int size() {
        return meters.size();
    }

    private Meter register(Family f, Tags tags, Cell cell) {
        return switch (f.kind()) {
            case COUNTER -> FunctionCounter.builder(f.name(), cell, c -> c.value)
                    .description(f.description()).baseUnit(f.baseUnit()).tags(tags).register(registry);
            case GAUGE -> Gauge.builder(f.name(), cell, c -> c.value)
                    .description(f.description()).baseUnit(f.baseUnit()).tags(tags).strongReference(true)
                    .register(registry);
        };
    }
}
