package dev.shepherd.rollout;

import dev.shepherd.monitor.SeriesKey;
import dev.shepherd.monitor.SeriesStats;
import java.time.Instant;
import java.util.Map;

/** Where the controller reads windows of metrics ({@link dev.shepherd.monitor.Monitoring#window}). */
@FunctionalInterface
public interface MetricsWindow {
    /** Stats per series of {@code deployment} over buckets starting in {@code [from, to)}. */
    Map<SeriesKey, SeriesStats> window(String deployment, Instant from, Instant to);
}
