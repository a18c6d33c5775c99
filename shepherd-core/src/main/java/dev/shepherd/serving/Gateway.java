package dev.shepherd.serving;

import dev.shepherd.config.ConfigBundle;
import dev.shepherd.error.ConfigError;
import dev.shepherd.error.ErrorCode;
import dev.shepherd.error.InvalidConfigException;
import dev.shepherd.error.ModelFailureException;
import dev.shepherd.error.NotFoundException;
import dev.shepherd.error.ShepherdException;
import dev.shepherd.monitor.RequestObservation;
import dev.shepherd.monitor.Role;
import dev.shepherd.monitor.SeriesKey;
import dev.shepherd.predictionlog.PredictionEvent;
import dev.shepherd.predictionlog.PredictionLog;
import dev.shepherd.registry.Deployment;
import dev.shepherd.registry.ModelVersion;
import dev.shepherd.registry.VersionConflicts;
import dev.shepherd.runtime.Model;
import dev.shepherd.runtime.Runtimes;
import dev.shepherd.schema.Batch;
import dev.shepherd.schema.Prediction;
import dev.shepherd.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serving core: it keeps every deployment's serving version loaded, routes inference
 * requests to it, and records each request in the prediction log. Management operations
 * (register, apply, delete) are serialized and all-or-nothing; the request path takes no lock,
 * never touches the store and never waits on the prediction log.
 *
 * <p>Thread-safe. Composition: one per process, built at the composition root from a
 * {@link Store}, the {@link Runtimes} table, a {@link PredictionLog} and a {@link Clock}.
 */
public final class Gateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final Store store;
    private final Runtimes runtimes;
    private final PredictionLog log;
    private final Clock clock;
    private final ServingLimits limits;
    private final ArtifactLocations locations;
    private volatile InferenceObserver observer = InferenceObserver.none();
    private final RecentRequests recent = new RecentRequests(1 << 16);
    private volatile ComparisonSink comparisons = ComparisonSink.none();
    /** Versions kept loaded after they stopped serving, until the instant given (blue-green rollback); guarded by {@code this}. */
    private final Map<String, Instant> retained = new HashMap<>();
    private final java.util.concurrent.atomic.AtomicLong inFlight = new java.util.concurrent.atomic.AtomicLong();
    private final ModelCalls calls;
    private final ShadowCopies copies;
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    /** Loaded versions by key; guarded by {@code this}. */
    private final Map<String, LoadedModel> loaded = new HashMap<>();

    public Gateway(Store store, Runtimes runtimes, PredictionLog log, Clock clock, ServingLimits limits) {
        this.store = store;
        this.runtimes = runtimes;
        this.log = log;
        this.clock = clock;
        this.limits = limits;
        this.locations = new ArtifactLocations(store.dataDir());
        this.calls = new ModelCalls(limits);
        this.copies = new ShadowCopies(calls, limits, this::observe, () -> comparisons);
    }

    /** The request limits this gateway enforces. */
    public ServingLimits limits() {
        return limits;
    }

    /** Sets who observes answered requests (monitoring); {@link InferenceObserver#none()} by default. */
    public void observeWith(InferenceObserver o) {
        this.observer = o;
    }

    /** Sets who receives primary/candidate answer pairs (rollout comparisons); none by default. */
    public void compareWith(ComparisonSink sink) {
        this.comparisons = sink;
    }

    /** Shadow work counters since start. */
    public ShadowStats shadowStats() {
        return copies.stats();
    }

    /**
     * The last 65,536 requests this gateway logged, by id, for joining feedback before the
     * prediction log has flushed them.
     */
    public dev.shepherd.feedback.RecentPredictions recentPredictions() {
        return new dev.shepherd.feedback.RecentPredictions() {
            @Override
            public Optional<PredictionEvent> find(String requestId) {
                return recent.find(requestId);
            }

            @Override
            public List<PredictionEvent> counterparts(String requestId) {
                return copies.answers().find(requestId).map(List::of).orElse(List.of());
            }
        };
    }

    /** Requests inside {@link #infer} right now, across deployments. */
    public long inFlight() {
        return inFlight.get();
    }

    /** The store behind the registry and deployments. */
    public Store store() {
        return store;
    }

    /**
     * Loads the serving version of every stored deployment. A version that fails to load leaves
     * its deployment not ready (reported by {@link #status}) instead of stopping the server.
     */
    public synchronized void start() {
        for (Deployment d : store.deployments().list()) {
            Optional<ModelVersion> v = store.models().find(d.model(), d.serving());
            if (v.isEmpty()) {
                routes.put(d.name(), new Route(d, null, null, "version " + d.model() + ":" + d.serving() + " is not registered"));
                continue;
            }
            try {
                routes.put(d.name(), new Route(d, v.get(), acquireLoaded(v.get()), null));
            } catch (RuntimeException e) {
                LOG.error("deployment {}: cannot load {}: {}", d.name(), v.get().key(), e.getMessage());
                routes.put(d.name(), new Route(d, v.get(), null, e.getMessage()));
            }
        }
        LOG.info("gateway started with {} deployment(s)", routes.size());
    }

    /**
     * Registers a model version after checking that its runtime can load it (the artifact fits
     * the schema). Re-registering an identical version is a no-op; a different one under the same
     * name and version is a conflict.
     */
    public synchronized ModelVersion register(ModelVersion registered) {
        ModelVersion version = locations.portable(registered);
        Optional<ModelVersion> existing = store.models().find(version.name(), version.version());
        if (existing.isEmpty()) {
            verifyLoads(version, "spec");
        }
        return store.models().register(version);
    }

    /**
     * Applies a validated bundle all-or-nothing: every model version is checked (registry
     * conflicts, runtime, artifact loads), every deployment must name a version registered or in
     * the bundle; only when all of that holds is anything written and switched.
     */
    public synchronized List<Deployment> apply(ConfigBundle bundle) {
        List<ConfigError> errors = new ArrayList<>();
        Map<String, ModelVersion> incoming = new HashMap<>();
        Map<String, Model> staged = new HashMap<>();
        try {
            List<ModelVersion> models = bundle.models().stream().map(locations::portable).toList();
            for (ModelVersion mv : models) {
                incoming.put(mv.key(), mv);
                Optional<ModelVersion> existing = store.models().find(mv.name(), mv.version());
                if (existing.isPresent()) {
                    if (!VersionConflicts.sameContent(existing.get(), mv)) {
                        errors.add(new ConfigError("Model " + mv.key(), "version already registered with a different "
                                + "artifact, runtime, options or schema; versions are immutable, register a new version"));
                    }
                    continue;
                }
                stage(mv, "Model " + mv.key() + " ", staged, errors);
            }
            for (Deployment d : bundle.deployments()) {
                String candidate = DeploymentSpecs.rolloutCandidate(d.specJson());
                for (String version : candidate == null ? List.of(d.serving()) : List.of(d.serving(), candidate)) {
                    String key = d.model() + ":" + version;
                    String field = version.equals(d.serving()) ? "spec.serving" : "spec.rollout.candidate";
                    ModelVersion target = incoming.containsKey(key) ? incoming.get(key)
                            : store.models().find(d.model(), version).orElse(null);
                    if (target == null) {
                        errors.add(new ConfigError("Deployment " + d.name() + " " + field,
                                "model version " + key + " is not registered and not in this file"));
                    } else if (!staged.containsKey(key) && !loaded.containsKey(key)) {
                        // A registered version whose artifact no longer loads must fail the whole apply too.
                        stage(target, "Deployment " + d.name() + " (" + key + ") ", staged, errors);
                    }
                }
            }
            if (!errors.isEmpty()) {
                throw new InvalidConfigException(errors);
            }
            for (ModelVersion mv : models) {
                store.models().register(mv);
            }
            for (Deployment d : bundle.deployments()) {
                String key = d.model() + ":" + d.serving();
                Model m = staged.remove(key);
                if (m != null && !loaded.containsKey(key)) {
                    ModelVersion v = incoming.containsKey(key) ? incoming.get(key) : store.models().find(d.model(), d.serving()).orElseThrow();
                    loaded.put(key, new LoadedModel(v, m, limits.maxInFlightPerModel()));
                }
            }
            for (Map.Entry<String, byte[]> ref : bundle.references().entrySet()) {
                ModelVersion mv = incoming.get(ref.getKey());
                store.references().put(new dev.shepherd.drift.ReferenceStore.Stored(mv.name(), mv.version(), ref.getValue(),
                        "spec.reference of " + mv.key(), clock.instant()));
            }
            List<Deployment> applied = new ArrayList<>();
            for (Deployment d : bundle.deployments()) {
                applied.add(putDeployment(d));
            }
            return applied;
        } finally {
            staged.values().forEach(Model::close);
        }
    }

    /** Loads {@code mv} into {@code staged}, or records why it cannot be loaded. */
    private void stage(ModelVersion mv, String prefix, Map<String, Model> staged, List<ConfigError> errors) {
        if (!runtimes.supports(mv.runtime())) {
            errors.add(new ConfigError(prefix + "spec.runtime", "unknown runtime '" + mv.runtime()
                    + "', expected one of " + runtimes.names()));
            return;
        }
        try {
            staged.put(mv.key(), runtimes.load(locations.located(mv)));
        } catch (InvalidConfigException e) {
            e.errors().forEach(err -> errors.add(new ConfigError(prefix + err.path(), err.message())));
        } catch (RuntimeException e) {
            errors.add(new ConfigError(prefix + "spec.uri", "cannot load model: " + e.getMessage()));
        }
    }

    /**
     * Creates or replaces a deployment and switches its traffic to the named version atomically.
     * The version must be registered ({@link NotFoundException} on {@code spec.serving} if not).
     */
    public synchronized Deployment putDeployment(Deployment deployment) {
        ModelVersion v = store.models().find(deployment.model(), deployment.serving())
                .orElseThrow(() -> new NotFoundException("spec.serving", "model version "
                        + deployment.model() + ":" + deployment.serving() + " is not registered"));
        LoadedModel lm = acquireLoaded(v);
        Deployment stored = new Deployment(deployment.name(), deployment.model(), deployment.serving(),
                deployment.specJson(), clock.instant());
        store.deployments().put(stored);
        Route old = routes.get(stored.name());
        Route route = new Route(stored, v, lm, null);
        if (old != null && old.split() != null && old.version() != null && old.version().key().equals(v.key())
                && !old.candidateVersion().key().equals(v.key())) {
            route = route.withSplit(old.split(), old.candidateVersion(), old.candidate()); // a rollout keeps going
        }
        routes.put(stored.name(), route);
        retireUnused();
        LOG.info("deployment {} now serves {}", stored.name(), v.key());
        return stored;
    }

    /**
     * Deletes a deployment and unloads versions nobody serves any more; false if unknown. Its
     * automation setting goes too (a deployment created again under the name starts from its spec);
     * its review items and their tickets stay.
     */
    public synchronized boolean deleteDeployment(String name) {
        boolean existed = store.deployments().delete(name);
        store.automation().delete(name);
        existed |= routes.remove(name) != null;
        retireUnused();
        return existed;
    }

    /** The deployment's current status, or empty when it does not exist. */
    public Optional<DeploymentStatus> status(String name) {
        Route r = routes.get(name);
        return r == null ? Optional.empty()
                : Optional.of(new DeploymentStatus(r.deployment(), r.version(), r.canAnswer(), r.errorText(), r.split()));
    }

    /** Every deployment's status, ordered by name; a consistent snapshot per deployment. */
    public List<DeploymentStatus> statuses() {
        return routes.values().stream().sorted(java.util.Comparator.comparing(r -> r.deployment().name()))
                .map(r -> new DeploymentStatus(r.deployment(), r.version(), r.canAnswer(), r.errorText(), r.split())).toList();
    }

    /** The deployment's traffic split with a candidate, empty when no rollout holds one. */
    public Optional<TrafficSplit> split(String deployment) {
        Route r = routes.get(deployment);
        return r == null ? Optional.empty() : Optional.ofNullable(r.split());
    }

    /**
     * Installs (or changes, or with {@code null} removes) the deployment's candidate and traffic
     * split atomically. The candidate must be registered under the deployment's model; it is
     * loaded first, so a version that cannot load changes nothing. Requests in flight finish on the
     * version they started on; a removed candidate unloads once its last call returns.
     *
     * @throws NotFoundException the deployment or candidate version does not exist
     */
    public synchronized void split(String deployment, TrafficSplit split) {
        Route r = routes.get(deployment);
        if (r == null) {
            throw new NotFoundException("deployment", "deployment '" + deployment + "' does not exist");
        }
        if (split == null) {
            routes.put(deployment, r.withSplit(null, null, null));
        } else {
            ModelVersion cv = store.models().find(r.deployment().model(), split.candidate())
                    .orElseThrow(() -> new NotFoundException("candidate", "model version " + r.deployment().model()
                            + ":" + split.candidate() + " is not registered"));
            routes.put(deployment, r.withSplit(split, cv, acquireLoaded(cv)));
        }
        retireUnused();
    }

    /**
     * Makes {@code version} the deployment's serving version (promotion or switch-back), keeping
     * the version it replaces loaded for {@code retainPrevious} so switching back is instant.
     * Removes any traffic split. Requests in flight finish on the version they started on.
     */
    public synchronized Deployment promote(String deployment, String version, java.time.Duration retainPrevious) {
        Route r = routes.get(deployment);
        if (r == null) {
            throw new NotFoundException("deployment", "deployment '" + deployment + "' does not exist");
        }
        if (r.version() != null && !retainPrevious.isZero() && !retainPrevious.isNegative()) {
            retained.put(r.version().key(), clock.instant().plus(retainPrevious));
        }
        Deployment d = r.deployment();
        routes.put(deployment, r.withSplit(null, null, null));
        return putDeployment(new Deployment(d.name(), d.model(), version, d.specJson(), d.updatedAt()));
    }

    /** Unloads retained versions whose retention has passed (called by the rollout controller's tick). */
    public synchronized void expireRetained() {
        Instant now = clock.instant();
        if (retained.values().removeIf(until -> !now.isBefore(until))) {
            retireUnused();
        }
    }

    /** Whether {@code model:version} is loaded in memory right now. */
    public synchronized boolean isLoaded(String model, String version) {
        return loaded.containsKey(model + ":" + version);
    }

    /**
     * Sends up to {@code requests} requests to the deployment's candidate off the serving path, to
     * warm it up: inputs of recent answered requests where they were logged, else synthetic ones
     * from the schema. Nothing is returned to anyone or recorded. Returns how many ran.
     */
    public int warm(String deployment, int requests) {
        Route r = routes.get(deployment);
        if (r == null || r.candidate() == null || requests <= 0) {
            return 0;
        }
        return Warmup.run(r, recent.latestWithInputs(deployment, requests), calls, requests, limits.maxBatch());
    }

    /** What the runtime read from the serving version's artifact, when it is loaded. */
    public Optional<dev.shepherd.runtime.ModelInfo> modelInfo(String deployment) {
        Route r = routes.get(deployment);
        return r == null || r.model() == null ? Optional.empty() : Optional.of(r.model().model.info());
    }

    /** Whether every deployment can answer (loaded, and its upstream reachable for remote models). */
    public boolean ready() {
        return routes.values().stream().allMatch(Route::canAnswer);
    }

    /**
     * Answers one request on {@code deployment}. {@code version} may be {@code null} (the serving
     * version) or name the version explicitly, which must be one the deployment serves.
     * Decoding errors, model failures and timeouts are thrown as {@link ShepherdException}s;
     * every outcome is offered to the prediction log.
     */
    public InferenceResult infer(String deployment, String version, BatchDecoder decoder, String requestId) {
        return infer(deployment, version, decoder, requestId, 0);
    }

    /**
     * As {@link #infer(String, String, BatchDecoder, String)}, recording {@code payloadBytes} (the
     * request body size) for monitoring.
     */
    public InferenceResult infer(String deployment, String version, BatchDecoder decoder, String requestId,
                                 long payloadBytes) {
        return infer(deployment, version, decoder, requestId, payloadBytes, null);
    }

    /**
     * As {@link #infer(String, String, BatchDecoder, String, long)}, with the request's sticky key
     * ({@code X-Shepherd-Key}; {@code null} for none): during a canary the same key always reaches
     * the same version. {@code version} may also name the deployment's candidate.
     */
    public InferenceResult infer(String deployment, String version, BatchDecoder decoder, String requestId,
                                 long payloadBytes, String routingKey) {
        inFlight.incrementAndGet();
        try {
            // A version switch between reading the route and holding its model retries on the new route.
            for (int attempt = 0; ; attempt++) {
                try {
                    return route(deployment, version, decoder, requestId, payloadBytes, routingKey, attempt < 3);
                } catch (Retired e) {
                    Thread.onSpinWait();
                }
            }
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** The model picked was retired by a switch between reading the route and holding it. */
    private static final class Retired extends RuntimeException {
        Retired() {
            super(null, null, false, false);
        }
    }

    private InferenceResult route(String deployment, String version, BatchDecoder decoder, String requestId,
                                  long payloadBytes, String routingKey, boolean mayRetry) {
        long start = System.nanoTime();
        Instant at = clock.instant();
        Route r = routes.get(deployment);
        if (r == null) {
            throw new NotFoundException("deployment", "deployment '" + deployment + "' does not exist");
        }
        Boolean pick = r.toCandidate(version, routingKey);
        Batch batch = null;
        if (pick == null) { // sticky by a feature: decode with the primary's schema to read it
            try {
                batch = decoder.decode(r.version().schema(), limits.maxBatch());
            } catch (ShepherdException e) {
                long latency = System.nanoTime() - start;
                record(requestId, at, deployment, r.version(), Role.PRIMARY, latency, e.code().wireName(), null, null);
                observe(r, r.version(), Role.PRIMARY, new RequestObservation(null, null, e.code().wireName(), latency, 0, payloadBytes));
                throw e;
            }
            Object key = batch.value(0, r.split().stickyFeature());
            pick = key == null
                    ? r.randomlyToCandidate()
                    : StickyHash.bucket(deployment, key.toString()) < r.split().candidateBasisPoints();
        }
        boolean candidate = pick;
        ModelVersion mv = candidate ? r.candidateVersion() : r.version();
        LoadedModel lm = candidate ? r.candidate() : r.model();
        Role role = candidate ? Role.CANDIDATE : Role.PRIMARY;
        if (lm == null) {
            ModelFailureException e = new ModelFailureException(ErrorCode.UNAVAILABLE,
                    "deployment '" + deployment + "' is not ready: " + r.error());
            if (mv != null) { // an outage must show in monitoring as errors, not as silence
                observe(r, mv, role, new RequestObservation(null, null, e.code().wireName(), System.nanoTime() - start, 0, payloadBytes));
            }
            throw e;
        }
        // Hold the model before calling it, so a version switch meanwhile cannot close it under us.
        if (!lm.acquire()) {
            if (mayRetry && routes.get(deployment) != r) {
                throw new Retired();
            }
            ModelFailureException e = LoadedModel.unavailable(mv.key());
            observe(r, mv, role, new RequestObservation(null, null, e.code().wireName(), System.nanoTime() - start, 0, payloadBytes));
            throw e;
        }
        ModelCalls.Call call = calls.call(lm);
        try {
            if (batch == null || !batch.schema().equals(mv.schema())) {
                batch = decoder.decode(mv.schema(), limits.maxBatch());
            }
            List<Prediction> predictions = call.run(batch, mv.key());
            long latency = System.nanoTime() - start;
            record(requestId, at, deployment, mv, role, latency, "ok", batch, predictions);
            observe(r, mv, role, new RequestObservation(batch, predictions, "ok", latency, call.modelNanos, payloadBytes));
            if (version == null) {
                copies.offer(r, candidate, batch, decoder, predictions, requestId, at, payloadBytes);
            }
            return new InferenceResult(requestId, deployment, mv.name(), mv.version(), mv.schema(), predictions, latency, role,
                    batch);
        } catch (ShepherdException e) {
            long latency = System.nanoTime() - start;
            record(requestId, at, deployment, mv, role, latency, e.code().wireName(), batch, null);
            observe(r, mv, role, new RequestObservation(batch, null, e.code().wireName(), latency, 0, payloadBytes));
            throw e;
        } finally {
            call.releaseUnlessHandedOff();
        }
    }

    /**
     * Counts a request that people answer without the model (the {@code human} automation level)
     * in monitoring, under the serving version as primary: its inputs and latency, no outputs,
     * so traffic, input metrics and input drift stay visible. Not logged as a prediction.
     */
    public void observeWithoutModel(String deployment, Batch batch, long latencyNanos, long payloadBytes) {
        Route r = routes.get(deployment);
        if (r != null && r.version() != null) {
            observe(r, r.version(), Role.PRIMARY, new RequestObservation(batch, null, "ok", latencyNanos, 0, payloadBytes));
        }
    }

    /** Hands {@code o} to the observer under the route and role the request took (unless its monitoring is off). */
    private void observe(Route r, ModelVersion mv, Role role, RequestObservation o) {
        if (!r.monitored()) {
            return;
        }
        String deployment = r.deployment().name();
        try {
            observer.observed(new SeriesKey(deployment, mv.version(), role), mv.schema(), o);
        } catch (RuntimeException e) {
            LOG.warn("monitoring failed for {}: {}", deployment, e.toString());
        }
    }

    private void record(String requestId, Instant at, String deployment, ModelVersion mv, Role role, long latency,
                        String outcome, Batch batch, List<Prediction> predictions) {
        // Outputs are always kept (labels arriving later are joined to them); inputs are sampled.
        String in = batch != null && log.samplePayload() ? PayloadJson.inputs(batch) : null;
        String out = predictions == null ? null : PayloadJson.outputs(predictions, mv.schema());
        PredictionEvent event = new PredictionEvent(requestId, at, deployment, mv.name(), mv.version(), latency, outcome,
                batch == null ? 0 : batch.size(), in, out, role.wireName());
        recent.add(event);
        log.offer(event);
    }

    private void verifyLoads(ModelVersion version, String pathPrefix) {
        if (!runtimes.supports(version.runtime())) {
            throw new InvalidConfigException(pathPrefix + ".runtime", "unknown runtime '" + version.runtime()
                    + "', expected one of " + runtimes.names());
        }
        if (loaded.containsKey(version.key())) {
            return;
        }
        try (Model m = runtimes.load(locations.located(version))) {
            LOG.debug("verified {} loads", version.key());
        } catch (InvalidConfigException e) {
            throw e;
        } catch (ShepherdException e) {
            throw new InvalidConfigException(pathPrefix + ".uri", e.getMessage());
        } catch (RuntimeException e) {
            throw new InvalidConfigException(pathPrefix + ".uri", "cannot load model: " + e);
        }
    }

    private LoadedModel acquireLoaded(ModelVersion v) {
        return loaded.computeIfAbsent(v.key(), k -> new LoadedModel(v, runtimes.load(locations.located(v)), limits.maxInFlightPerModel()));
    }

    private void retireUnused() {
        Set<String> used = new HashSet<>(retained.keySet());
        for (Route r : routes.values()) {
            if (r.version() != null) {
                used.add(r.version().key());
            }
            if (r.candidateVersion() != null) {
                used.add(r.candidateVersion().key());
            }
        }
        loaded.entrySet().removeIf(e -> {
            if (!used.contains(e.getKey())) {
                e.getValue().retire();
                LOG.info("unloaded {}", e.getKey());
                return true;
            }
            return false;
        });
    }

    /** Unloads every model. The store and prediction log are closed by their owner. */
    @Override
    public synchronized void close() {
        routes.clear();
        loaded.values().forEach(LoadedModel::retire);
        loaded.clear();
        calls.close();
        copies.close();
    }
}
