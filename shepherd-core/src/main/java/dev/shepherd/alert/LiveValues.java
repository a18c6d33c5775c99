package dev.shepherd.alert;

import dev.shepherd.drift.FeatureDrift;
import dev.shepherd.drift.LiveDrift;
import dev.shepherd.monitor.MetricNames;
import dev.shepherd.monitor.Role;
import dev.shepherd.monitor.SeriesKey;
import dev.shepherd.monitor.SeriesStats;
import dev.shepherd.serving.DeploymentStatus;
import dev.shepherd.serving.Gateway;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;

/**
 * Metric values for alert rules, from what the server knows now: monitoring windows of the
 * deployment's primary, candidate or shadow series; live drift ({@code drift_share},
 * {@code drift_score{feature}}, from the latest evaluation over the deployment's shortest window);
 * and the process ({@code cpu_load}: one-minute load average per CPU; {@code heap_used_fraction}).
 * A series without traffic in the window has a request rate of 0 (so absence alerts fire); any
 * other metric without data is {@code NaN}, which no comparison satisfies. Windows are read once
 * per second and shared by the rules evaluated in it. Thread-safe.
 */
public final class LiveValues implements AlertEvaluator.Values {
    /** Where windows come from ({@link dev.shepherd.monitor.Monitoring#window}). */
    @FunctionalInterface
    public interface Windows {
        Map<SeriesKey, SeriesStats> window(String deployment, Instant from, Instant to);
    }

    private final Gateway gateway;
    private final Windows windows;
    private final LiveDrift drift;
    private final Clock clock;
    private final dev.shepherd.automation.ReviewStats reviews;
    private final Map<String, Map<SeriesKey, SeriesStats>> cache = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile Instant cachedAt;

    /** {@code drift} may be {@code null} (drift metrics are then absent). */
    public LiveValues(Gateway gateway, Windows windows, LiveDrift drift, Clock clock) {
        this(gateway, windows, drift, clock, null);
    }

    /**
     * {@code drift} and {@code reviews} may be {@code null} (their metrics are then absent). From
     * {@code reviews}: {@code review_queue_length} and {@code review_queue_age_seconds} now, and
     * {@code review_agreement} over the rule's window.
     */
    public LiveValues(Gateway gateway, Windows windows, LiveDrift drift, Clock clock,
                      dev.shepherd.automation.ReviewStats reviews) {
        this.gateway = gateway;
        this.windows = windows;
        this.drift = drift;
        this.clock = clock;
        this.reviews = reviews;
    }

    @Override
    public double value(String deployment, Expr.Metric metric, Duration window) {
        return switch (metric.name()) {
            case MetricNames.CPU_LOAD -> {
                double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
                yield load < 0 ? Double.NaN : load / Runtime.getRuntime().availableProcessors();
            }
            case MetricNames.HEAP_USED_FRACTION -> {
                MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
                yield heap.getMax() > 0 ? (double) heap.getUsed() / heap.getMax() : Double.NaN;
            }
            case MetricNames.DRIFT_SHARE, MetricNames.DRIFT_SCORE -> driftValue(deployment, metric);
            case MetricNames.REVIEW_QUEUE_LENGTH -> reviews == null ? Double.NaN : reviews.backlog(deployment).open();
            case MetricNames.REVIEW_QUEUE_AGE_SECONDS ->
                    reviews == null ? Double.NaN : reviews.backlog(deployment).oldestAgeSeconds();
            case MetricNames.REVIEW_AGREEMENT -> reviews == null ? Double.NaN : reviews.window(deployment, window).agreement();
            default -> series(deployment, metric, window);
        };
    }

    private double series(String deployment, Expr.Metric metric, Duration window) {
        Optional<DeploymentStatus> status = gateway.status(deployment);
        if (status.isEmpty() || status.get().serving() == null) {
            return Double.NaN;
        }
        Role role = switch (metric.roleOrPrimary()) {
            case "candidate" -> Role.CANDIDATE;
            case "shadow" -> Role.SHADOW;
            default -> Role.PRIMARY;
        };
        String version = role == Role.PRIMARY ? status.get().serving().version()
                : status.get().split() == null ? null : status.get().split().candidate();
        if (version == null) {
            return Double.NaN;
        }
        SeriesStats stats = window(deployment, window).get(new SeriesKey(deployment, version, role));
        if (stats == null) {
            return role == Role.PRIMARY && (metric.name().equals(MetricNames.REQUEST_RATE)
                    || metric.name().equals(MetricNames.REQUESTS)) ? 0 : Double.NaN;
        }
        Double v = stats.values().get(metric.key());
        if (v != null) {
            return v;
        }
        return switch (metric.name()) {
            case MetricNames.ERRORS, MetricNames.FEEDBACK_EVENTS, MetricNames.FEEDBACK_RATE -> stats.requests() > 0 ? 0 : Double.NaN;
            default -> Double.NaN;
        };
    }

    /**
     * The deployment's series over the trailing {@code window}, read once per second: the rules
     * of one evaluation share their windows instead of merging the same buckets again.
     */
    private Map<SeriesKey, SeriesStats> window(String deployment, Duration window) {
        Instant now = clock.instant();
        Instant second = now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        if (!second.equals(cachedAt)) {
            cache.clear();
            cachedAt = second;
        }
        return cache.computeIfAbsent(deployment + "\u0000" + window,
                k -> windows.window(deployment, now.minus(window), now.plusMillis(1)));
    }

    private double driftValue(String deployment, Expr.Metric metric) {
        if (drift == null) {
            return Double.NaN;
        }
        Optional<LiveDrift.Result> latest = drift.latest().stream()
                .filter(r -> r.deployment().equals(deployment) && r.report() != null)
                .min(Comparator.comparing(LiveDrift.Result::window));
        if (latest.isEmpty()) {
            return Double.NaN;
        }
        if (metric.name().equals(MetricNames.DRIFT_SHARE)) {
            return latest.get().report().share();
        }
        return latest.get().report().features().stream().filter(f -> f.feature().equals(metric.value()) && f.evaluated())
                .mapToDouble(FeatureDrift::score).findFirst().orElse(Double.NaN);
    }
}
