package dev.shepherd.drift;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.config.DriftSpecReader;
import dev.shepherd.config.Durations;
import dev.shepherd.monitor.Role;
import dev.shepherd.monitor.SeriesKey;
import dev.shepherd.monitor.SeriesStats;
import dev.shepherd.registry.ModelVersion;
import dev.shepherd.serving.DeploymentStatus;
import dev.shepherd.serving.Gateway;
import dev.shepherd.store.Store;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live drift: each deployment's recent traffic (the serving version's primary series over each
 * window of its {@code spec.drift.windows}) compared with the reference profile of that version
 * (or, when it has none, the newest reference of its model) by the same {@link DriftCalculator}
 * as the batch report. {@link #tick()} (every minute in a server) evaluates every deployment and
 * window, appends the results to the {@link DriftHistory} (without the features' distributions,
 * which {@link #evaluate} has) and keeps the latest for
 * {@code /metrics}; {@link #evaluate} computes one on demand. Thread-safe.
 */
public final class LiveDrift {
    private static final Logger LOG = LoggerFactory.getLogger(LiveDrift.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where the windows come from ({@link dev.shepherd.monitor.Monitoring#window}). */
    @FunctionalInterface
    public interface Windows {
        Map<SeriesKey, SeriesStats> window(String deployment, Instant from, Instant to);
    }

    /**
     * One evaluation.
     *
     * @param deployment the deployment
     * @param version    the serving version
     * @param window     the window length
     * @param at         when it was computed
     * @param reference  where the reference came from ({@code model:version} and its source)
     * @param report     the verdict; {@code null} when the window had no traffic
     */
    public record Result(String deployment, String version, Duration window, Instant at, String reference,
                         DriftReport report) {
    }

    private final Gateway gateway;
    private final Store store;
    private final Windows windows;
    private final Clock clock;
    private final Map<String, Result> latest = new ConcurrentHashMap<>();
    /** Parsed references by model:version, with the stored time they were parsed from. */
    private final Map<String, Map.Entry<Instant, Profile>> references = new ConcurrentHashMap<>();

    public LiveDrift(Gateway gateway, Store store, Windows windows, Clock clock) {
        this.gateway = gateway;
        this.store = store;
        this.windows = windows;
        this.clock = clock;
    }

    /** The reference a deployment is compared with now, if any. */
    public Optional<ReferenceStore.Stored> reference(String deployment) {
        return gateway.status(deployment).flatMap(s -> s.serving() == null ? Optional.empty()
                : store.references().find(s.serving().name(), s.serving().version())
                        .or(() -> store.references().latest(s.serving().name())));
    }

    /**
     * Compares the last {@code window} of the deployment's traffic with its reference now.
     *
     * @return empty when the deployment has no reference (or does not exist)
     */
    public Optional<Result> evaluate(String deployment, Duration window) {
        Optional<DeploymentStatus> status = gateway.status(deployment);
        if (status.isEmpty() || status.get().serving() == null) {
            return Optional.empty();
        }
        Optional<ReferenceStore.Stored> ref = reference(deployment);
        if (ref.isEmpty()) {
            return Optional.empty();
        }
        ModelVersion mv = status.get().serving();
        DriftSpec spec = DriftSpecReader.ofSpec(status.get().deployment().specJson());
        Instant now = clock.instant();
        SeriesStats stats = windows.window(deployment, now.minus(window), now.plusMillis(1))
                .get(new SeriesKey(deployment, mv.version(), Role.PRIMARY));
        String source = ref.get().model() + ":" + ref.get().version() + " (" + ref.get().source() + ")";
        if (stats == null || stats.requests() == 0) {
            return Optional.of(new Result(deployment, mv.version(), window, now, source, null));
        }
        Profile reference = parsed(ref.get());
        Profile current = WindowProfiles.of(stats, mv.schema(), "window:" + Durations.format(window), now);
        DriftReport report = new DriftCalculator(spec.settings()).compare(reference, current);
        return Optional.of(new Result(deployment, mv.version(), window, now, source, report));
    }

    /** The reference's profile, parsed once per stored version of it. */
    private Profile parsed(ReferenceStore.Stored ref) {
        String key = ref.model() + ":" + ref.version();
        Map.Entry<Instant, Profile> held = references.get(key);
        if (held != null && held.getKey().equals(ref.createdAt())) {
            return held.getValue();
        }
        Profile p = ProfileCodec.read(ref.profile());
        references.put(key, Map.entry(ref.createdAt(), p));
        return p;
    }

    /** Evaluates every deployment's windows, records them in the history and as the latest. */
    public void tick() {
        for (DeploymentStatus s : gateway.statuses()) {
            DriftSpec spec = DriftSpecReader.ofSpec(s.deployment().specJson());
            if (!spec.enabled()) {
                continue;
            }
            for (Duration w : spec.windows()) {
                try {
                    evaluate(s.deployment().name(), w).filter(r -> r.report() != null).ifPresent(this::record);
                } catch (RuntimeException e) {
                    LOG.warn("drift of {} over {} failed: {}", s.deployment().name(), Durations.format(w), e.toString());
                }
            }
        }
        latest.keySet().removeIf(k -> gateway.status(k.substring(0, k.indexOf('\u0000'))).isEmpty());
    }

    private void record(Result r) {
        latest.put(r.deployment() + "\u0000" + Durations.format(r.window()), r);
        try {
            store.driftHistory().append(new DriftHistory.Entry(r.deployment(), r.version(), Durations.format(r.window()),
                    r.at(), r.report().share(), r.report().datasetDrift(), JSON.writeValueAsString(DriftJson.report(r.report(), false))));
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot record drift of {}: {}", r.deployment(), e.toString());
        }
    }

    /** The latest result of every deployment and window (for {@code /metrics}). */
    public Collection<Result> latest() {
        return List.copyOf(latest.values());
    }

    /**
     * A profile of the deployment's serving version from a window of its live traffic, to use as
     * the reference (a baseline period the operator trusts). Empty when the window had no traffic.
     */
    public Optional<Profile> baseline(String deployment, Instant from, Instant to) {
        Optional<DeploymentStatus> status = gateway.status(deployment);
        if (status.isEmpty() || status.get().serving() == null) {
            return Optional.empty();
        }
        ModelVersion mv = status.get().serving();
        SeriesStats stats = windows.window(deployment, from, to).get(new SeriesKey(deployment, mv.version(), Role.PRIMARY));
        if (stats == null || stats.requests() == 0) {
            return Optional.empty();
        }
        return Optional.of(WindowProfiles.of(stats, mv.schema(), "window:" + from + "/" + to, clock.instant()));
    }

}
