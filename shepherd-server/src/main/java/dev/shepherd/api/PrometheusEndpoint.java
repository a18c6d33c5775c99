package dev.shepherd.api;

import dev.shepherd.predictionlog.PredictionLog;
import dev.shepherd.serving.Gateway;
import dev.shepherd.serving.ShadowStats;
import dev.shepherd.serving.StickyHash;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * {@code GET /metrics} in the Prometheus text format (version 0.0.4), from one Micrometer
 * {@link PrometheusMeterRegistry} owned by this server (no global registry).
 *
 * <p>Three groups of families: the process and JVM ("server load": {@code jvm_memory_*},
 * {@code jvm_gc_*}, {@code jvm_threads_*}, {@code jvm_classes_*}, {@code process_cpu_usage},
 * {@code process_cpu_seconds_total}, {@code system_cpu_usage}, {@code system_cpus},
 * {@code system_load_average_1m}, {@code process_uptime_seconds}) from Micrometer's binders; the
 * gateway ({@code shepherd_in_flight_requests}, {@code shepherd_deployment_ready},
 * {@code shepherd_prediction_log_*_total}); and the monitored
 * series from {@link MonitoringMeters} when the server has monitoring. The sets of deployments,
 * versions, features and events change at run time, so those meters are refreshed just before
 * each scrape; refresh and scrape hold one lock, so concurrent scrapes see consistent values.
 */
final class PrometheusEndpoint implements AutoCloseable {
    /** The Prometheus text exposition format. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /** Produces the current samples of meters that come and go. */
    @FunctionalInterface
    interface SampleSource {
        void collect(List<DynamicMeters.Sample> into);
    }

    private static final DynamicMeters.Family DEPLOYMENT_READY = new DynamicMeters.Family("shepherd.deployment.ready",
            DynamicMeters.Kind.GAUGE, null, "1 when the deployment's serving version is loaded and can answer, else 0");

    private static final DynamicMeters.Family CANDIDATE_SHARE = new DynamicMeters.Family("shepherd.rollout.candidate.share",
            DynamicMeters.Kind.GAUGE, "ratio", "Share of requests the rollout candidate answers (1 after a blue-green "
            + "switch); present while a rollout holds a candidate");
    private static final DynamicMeters.Family SHADOW_SHARE = new DynamicMeters.Family("shepherd.rollout.shadow.share",
            DynamicMeters.Kind.GAUGE, "ratio", "Share of primary requests copied to the shadow candidate");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final DynamicMeters dynamic = new DynamicMeters(registry);
    private final List<SampleSource> sources = new ArrayList<>();

    PrometheusEndpoint(Gateway gateway, PredictionLog log, SampleSource monitoring) {
        this(gateway, log, monitoring, null);
    }

    /** {@code monitoring} and {@code drift} may be {@code null}. */
    PrometheusEndpoint(Gateway gateway, PredictionLog log, SampleSource monitoring, SampleSource drift) {
        lintCleanNames();
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            FunctionCounter.builder("process.cpu", os, o -> Math.max(0, o.getProcessCpuTime()) / 1e9)
                    .baseUnit("seconds").description("CPU time used by the Shepherd process").register(registry);
        }

        Gauge.builder("shepherd.in.flight.requests", gateway, Gateway::inFlight)
                .description("Inference requests inside the gateway right now, across deployments")
                .strongReference(true).register(registry);
        logCounter(log, "accepted", "Prediction log events queued for writing", PredictionLog.Stats::accepted);
        logCounter(log, "dropped", "Prediction log events dropped because the queue was full",
                PredictionLog.Stats::dropped);
        logCounter(log, "written", "Prediction log events written to the store", PredictionLog.Stats::written);
        logCounter(log, "failed", "Prediction log events lost because the store failed", PredictionLog.Stats::failed);

        shadowCounter(gateway, "submitted", "Shadow and comparison copies handed to the shadow executor",
                ShadowStats::submitted);
        shadowCounter(gateway, "dropped", "Shadow copies dropped because the shadow queue was full",
                ShadowStats::dropped);
        shadowCounter(gateway, "failed", "Shadow copies whose candidate failed, timed out or was unloading",
                ShadowStats::failed);

        sources.add(into -> gateway.statuses().forEach(s -> into.add(new DynamicMeters.Sample(DEPLOYMENT_READY,
                Tags.of("deployment", s.deployment().name()), s.ready() ? 1 : 0))));
        sources.add(into -> gateway.statuses().forEach(s -> gateway.split(s.deployment().name()).ifPresent(t -> {
            Tags tags = Tags.of("deployment", s.deployment().name(), "candidate", t.candidate());
            into.add(new DynamicMeters.Sample(CANDIDATE_SHARE, tags, t.candidateBasisPoints() / (double) StickyHash.BUCKETS));
            into.add(new DynamicMeters.Sample(SHADOW_SHARE, tags, t.shadowShare()));
        })));
        if (monitoring != null) {
            sources.add(monitoring);
        }
        if (drift != null) {
            sources.add(drift);
        }
    }

    /** {@code monitoring}, {@code drift} and {@code automation} may be {@code null}. */
    PrometheusEndpoint(Gateway gateway, PredictionLog log, SampleSource monitoring, SampleSource drift,
                       SampleSource automation) {
        this(gateway, log, monitoring, drift);
        if (automation != null) {
            sources.add(automation);
        }
    }

    /**
     * Two of Micrometer's processor meters fail {@code promtool check metrics}: the nanosecond
     * counter {@code process_cpu_time_ns_total} (replaced by {@code process_cpu_seconds_total}) and
     * the gauge {@code system_cpu_count} (a {@code _count} suffix outside a summary; renamed
     * {@code system_cpus}).
     */
    private void lintCleanNames() {
        registry.config().meterFilter(MeterFilter.deny(id -> id.getName().equals("process.cpu.time")));
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                return id.getName().equals("system.cpu.count") ? id.withName("system.cpus") : id;
            }
        });
    }

    private void shadowCounter(Gateway gateway, String what, String help, ToDoubleFunction<ShadowStats> f) {
        FunctionCounter.builder("shepherd.shadow.copies." + what, gateway, g -> f.applyAsDouble(g.shadowStats()))
                .description(help).register(registry);
    }

    private void logCounter(PredictionLog log, String what, String help, ToDoubleFunction<PredictionLog.Stats> f) {
        FunctionCounter.builder("shepherd.prediction.log." + what, log, l -> f.applyAsDouble(l.stats()))
                .description(help).register(registry);
    }

    void register(RoutesConfig routes) {
        routes.get("/metrics", this::scrape);
    }

    private void scrape(Context ctx) {
        ctx.status(200).contentType(CONTENT_TYPE).result(scrape());
    }

    /** Refreshes the dynamic meters and renders every family. */
    synchronized String scrape() {
        List<DynamicMeters.Sample> samples = new ArrayList<>();
        for (SampleSource s : sources) {
            s.collect(samples);
        }
        dynamic.update(samples);
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
