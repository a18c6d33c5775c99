package dev.shepherd.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shepherd.config.Durations;
import dev.shepherd.config.RolloutSpecReader;
import dev.shepherd.error.ConflictException;
import dev.shepherd.error.InvalidInputException;
import dev.shepherd.error.NotFoundException;
import dev.shepherd.registry.Deployment;
import dev.shepherd.serving.DeploymentStatus;
import dev.shepherd.serving.Gateway;
import dev.shepherd.serving.TrafficSplit;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives every deployment's rollout: the persisted state machine of shadow, canary and blue-green
 * described in the README ("Rollouts"). Operators act through {@link #start} and {@link #act};
 * {@link #tick()} (every second in a server, by hand in tests) accrues bake time, evaluates gates
 * on the candidate's metrics and moves the rollout on, or rolls it back the moment a gate fails.
 *
 * <p>Every transition is written to the {@link RolloutStore} before it takes effect in the
 * gateway, and bake time is checkpointed on each tick, so a restarted server
 * ({@link #resumeAll()}) continues at the same step with the bake time already spent; time while
 * the server was down or the rollout was paused does not count.
 *
 * <p>Thread-safe: operations and ticks are serialized on this object; the request path never
 * touches it (it reads the gateway's traffic split).
 */
public final class RolloutController {
    /** The actor of automatic transitions. */
    public static final String CONTROLLER = "controller";

    private static final Logger LOG = LoggerFactory.getLogger(RolloutController.class);

    private final Gateway gateway;
    private final RolloutStore store;
    private final RolloutAnalyst analyst;
    private final Comparisons comparisons;
    private final Clock clock;
    private volatile Consumer<RolloutEvent> listener = e -> { };
    /** Active rollouts by deployment; guarded by {@code this}. */
    private final Map<String, Live> live = new HashMap<>();

    /** An active rollout and what the controller knows of it beyond the store. */
    private static final class Live {
        Rollout rollout;
        Instant checkpoint;
        StepAnalysis analysis = StepAnalysis.NONE;

        Live(Rollout rollout, Instant checkpoint) {
            this.rollout = rollout;
            this.checkpoint = checkpoint;
        }
    }

    public RolloutController(Gateway gateway, RolloutStore store, MetricsWindow metrics, Comparisons comparisons,
                             Clock clock) {
        this.gateway = gateway;
        this.store = store;
        this.analyst = new RolloutAnalyst(gateway, metrics, comparisons);
        this.comparisons = comparisons;
        this.clock = clock;
    }

    /** Receives every transition after it took effect (the demo prints them); must not block. */
    public void onEvent(Consumer<RolloutEvent> l) {
        this.listener = l;
    }

    /**
     * Restores the active rollouts found in the store after a restart: reinstalls their traffic
     * split and records a {@code restart} transition. A rollout whose deployment is gone or no
     * longer serves the rollout's baseline is aborted.
     */
    public synchronized void resumeAll() {
        Instant now = clock.instant();
        finishInterruptedSwitches();
        for (Rollout r : store.active()) {
            Optional<DeploymentStatus> d = gateway.status(r.deployment());
            if (d.isEmpty() || !r.baseline().equals(d.get().deployment().serving())) {
                Rollout ended = r.with(Phase.DONE, Status.ABORTED, r.step(), 0, r.stepStartedAt(), r.baked(), now,
                        "deployment changed while the server was stopped");
                store.save(ended, event(ended, CONTROLLER, "abort", List.of()));
                continue;
            }
            Live l = new Live(r, now);
            live.put(r.deployment(), l);
            Rollout resumed = r.with(r.phase(), r.status(), r.step(), r.weight(), r.stepStartedAt(), r.baked(), now,
                    "resumed after restart at " + where(r) + " with " + Durations.human(r.baked()) + " baked");
            commit(l, resumed, CONTROLLER, "restart", List.of());
        }
    }

    /**
     * A promotion or a switch-back is written before the deployment changes; when the server
     * stopped between the two, the deployment still serves the old version although nobody changed
     * it since. Finish the switch the store recorded.
     */
    private void finishInterruptedSwitches() {
        for (DeploymentStatus s : gateway.statuses()) {
            Deployment d = s.deployment();
            Rollout last = store.forDeployment(d.name()).stream().findFirst().orElse(null);
            if (last == null || d.updatedAt() == null || !d.updatedAt().isBefore(last.updatedAt().truncatedTo(
                    java.time.temporal.ChronoUnit.MILLIS))) {
                continue;
            }
            String target = last.status() == Status.SUCCEEDED && d.serving().equals(last.baseline()) ? last.candidate()
                    : last.status() == Status.ROLLED_BACK && d.serving().equals(last.candidate()) ? last.baseline() : null;
            if (target != null) {
                LOG.warn("rollout {} of {}: finishing the switch to {} recorded before the server stopped", last.id(),
                        d.name(), target);
                safely(() -> gateway.promote(d.name(), target, Duration.ZERO));
            }
        }
    }

    /**
     * Starts a rollout of {@code spec.candidate()} on {@code deployment}.
     *
     * @param specJson the spec as declared (JSON text), kept with the rollout
     * @throws NotFoundException    unknown deployment or candidate version
     * @throws ConflictException    a rollout is already active on the deployment
     * @throws InvalidInputException the candidate is the version already serving
     */
    public synchronized Rollout start(String deployment, RolloutSpec spec, String specJson, String actor) {
        DeploymentStatus d = gateway.status(deployment).orElseThrow(() ->
                new NotFoundException("deployment", "deployment '" + deployment + "' does not exist"));
        Live current = live.get(deployment);
        if (current != null) {
            throw new ConflictException("rollout", "deployment '" + deployment + "' already has rollout "
                    + current.rollout.id() + " of " + current.rollout.candidate() + " ("
                    + current.rollout.status().wireName() + "); abort it first");
        }
        Deployment dep = d.deployment();
        if (spec.candidate().equals(dep.serving())) {
            throw new InvalidInputException("candidate", "candidate: " + spec.candidate() + " already serves "
                    + deployment);
        }
        if (gateway.store().models().find(dep.model(), spec.candidate()).isEmpty()) {
            throw new NotFoundException("candidate", "candidate: model version " + dep.model() + ":"
                    + spec.candidate() + " is not registered");
        }
        List<dev.shepherd.alert.AlertRule> rules = analyst.alertRules(deployment);
        for (Gate g : spec.gates()) {
            if (g.alert() != null && rules.stream().noneMatch(x -> x.name().equals(g.alert()))) {
                throw new InvalidInputException("gates", "gates: no alert rule named '" + g.alert() + "' on "
                        + deployment + " (its rules: " + rules.stream().map(dev.shepherd.alert.AlertRule::name).toList() + ")");
            }
        }
        Instant now = clock.instant();
        String id = "ro-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
        Rollout r = switch (spec.strategy()) {
            case SHADOW -> new Rollout(id, deployment, dep.serving(), spec, specJson, Phase.SHADOW, Status.RUNNING, -1,
                    0, now, Duration.ZERO, now, now, "shadow of " + pct(spec.shadow().share() * 100) + " of traffic");
            case CANARY -> new Rollout(id, deployment, dep.serving(), spec, specJson, Phase.CANARY, Status.RUNNING, 0,
                    spec.steps().getFirst().weight(), now, Duration.ZERO, now, now,
                    "canary step 1 of " + spec.steps().size() + " at " + pct(spec.steps().getFirst().weight()));
            case BLUE_GREEN -> new Rollout(id, deployment, dep.serving(), spec, specJson, Phase.SHADOW, Status.RUNNING,
                    -1, 0, now, Duration.ZERO, now, now, spec.blueGreen().verify().isZero()
                            ? "green loaded and warmed" : "green loaded and warmed; verifying in shadow for "
                            + Durations.format(spec.blueGreen().verify()));
        };
        Live l = new Live(r, now);
        live.put(deployment, l);
        if (spec.strategy() == Strategy.BLUE_GREEN) {
            // Load and warm green before anything is recorded as started: a failure leaves no trace but an error.
            try {
                gateway.split(deployment, TrafficSplit.shadow(spec.candidate(), 0));
                int warmed = gateway.warm(deployment, spec.blueGreen().warmup());
                LOG.info("rollout {}: warmed {} with {} requests", id, spec.candidate(), warmed);
            } catch (RuntimeException e) {
                live.remove(deployment);
                gateway.split(deployment, null);
                throw e;
            }
        }
        if (!commit(l, r, actor, "start", List.of())) {
            return l.rollout;
        }
        if (spec.strategy() == Strategy.BLUE_GREEN && spec.blueGreen().verify().isZero()) {
            switchGreen(l, actor, List.of());
        }
        return l.rollout;
    }

    /**
     * Applies an operator's action to the deployment's rollout.
     *
     * @param weight the percentage for {@link Action#SET_WEIGHT} (0..100), else ignored
     * @return the rollout after the action
     * @throws NotFoundException no rollout to act on
     * @throws ConflictException the action does not fit the rollout's state
     */
    public synchronized Rollout act(String deployment, Action action, String actor, String reason, Double weight) {
        Live l = live.get(deployment);
        if (l == null) {
            if (action == Action.ROLLBACK) {
                return rollbackPromoted(deployment, actor, reason);
            }
            throw new NotFoundException("deployment", "deployment '" + deployment + "' has no active rollout"
                    + (gateway.status(deployment).isEmpty() ? " (it does not exist)" : ""));
        }
        Rollout r = l.rollout;
        Instant now = clock.instant();
        String why = reason == null || reason.isBlank() ? null : reason;
        switch (action) {
            case PAUSE -> {
                require(r.status() != Status.PAUSED, r, "is already paused");
                accrue(l, now);
                commit(l, l.rollout.withStatus(Status.PAUSED, now, or(why, "paused by " + actor)), actor, "pause", l.analysis.checks());
            }
            case RESUME -> {
                require(r.status() == Status.PAUSED, r, "is not paused");
                l.checkpoint = now;
                commit(l, r.withStatus(Status.RUNNING, now, or(why, "resumed by " + actor)), actor, "resume", l.analysis.checks());
            }
            case APPROVE -> {
                require(r.status() == Status.AWAITING_APPROVAL, r, "does not wait for approval");
                l.checkpoint = now;
                nextStep(l, actor, or(why, "approved by " + actor), l.analysis.checks());
            }
            case PROMOTE -> promote(l, actor, or(why, "promoted by " + actor), l.analysis.checks());
            case ABORT -> end(l, Status.ABORTED, actor, "abort", or(why, "aborted by " + actor), l.analysis.checks());
            case ROLLBACK -> end(l, Status.ROLLED_BACK, actor, "rollback", or(why, "rolled back by " + actor), l.analysis.checks());
            case SET_WEIGHT -> {
                if (weight == null || !(weight >= 0 && weight <= 100)) {
                    throw new InvalidInputException("weight", "weight: must be a percentage in 0..100, was " + weight);
                }
                require(r.phase() == Phase.CANARY || r.phase() == Phase.SWITCHED, r,
                        "is in phase " + r.phase().wireName() + "; set-weight needs a canary or a blue-green switch");
                accrue(l, now);
                Rollout n = l.rollout.with(r.phase(), Status.PAUSED, r.step(), weight, r.stepStartedAt(),
                        l.rollout.baked(), now, or(why, "weight set to " + pct(weight) + " by " + actor
                                + "; paused until resume"));
                commit(l, n, actor, "set-weight", l.analysis.checks());
            }
        }
        return l.rollout;
    }

    /**
     * Starts, replaces or leaves alone the rollout a deployment declares in {@code spec.rollout},
     * after {@code apply}. An identical declaration that already ran (whatever its outcome) is not
     * run again; a different candidate supersedes an active rollout; a deployment whose serving
     * version changed under an active rollout aborts it.
     */
    public synchronized Optional<Rollout> reconcile(Deployment deployment) {
        Live l = live.get(deployment.name());
        if (l != null && !l.rollout.baseline().equals(deployment.serving())) {
            end(l, Status.ABORTED, "apply", "abort", "serving version changed to " + deployment.serving() + " by apply",
                    List.of());
            l = null;
        }
        JsonNode node = DeclaredRollouts.node(deployment.specJson());
        if (node == null) {
            return Optional.empty();
        }
        RolloutSpec spec = RolloutSpecReader.parse(node, "spec.rollout");
        String specJson = node.toString();
        if (spec.candidate().equals(deployment.serving())) {
            return Optional.empty();
        }
        if (l != null) {
            if (l.rollout.specJson().equals(specJson)) {
                return Optional.of(l.rollout);
            }
            end(l, Status.ABORTED, "apply", "abort", "superseded by a new spec.rollout", List.of());
        }
        Optional<Rollout> past = DeclaredRollouts.ranBefore(store, deployment.name(), specJson, deployment.serving());
        return past.isPresent() ? past : Optional.of(start(deployment.name(), spec, specJson, "apply"));
    }

    /**
     * The deployment as {@code apply} should store it: when its declared {@code spec.rollout}
     * already promoted the candidate, applying the same file again keeps the candidate serving
     * instead of silently reverting to the declared {@code spec.serving}.
     */
    public synchronized Deployment declared(Deployment d) {
        JsonNode node = DeclaredRollouts.node(d.specJson());
        return node == null ? d : DeclaredRollouts.ranBefore(store, d.name(), node.toString(), d.serving())
                .filter(past -> past.status() == Status.SUCCEEDED)
                .map(past -> new Deployment(d.name(), d.model(), past.candidate(), d.specJson(), d.updatedAt()))
                .orElse(d);
    }

    /** Accrues bake time, evaluates gates, and advances or rolls back every active rollout. */
    public synchronized void tick() {
        Instant now = clock.instant();
        for (Live l : List.copyOf(live.values())) {
            try {
                step(l, now);
            } catch (RuntimeException e) {
                LOG.error("rollout {} of {}: tick failed: {}", l.rollout.id(), l.rollout.deployment(), e.toString(), e);
            }
        }
        gateway.expireRetained();
    }

    /** The deployment's active rollout with its last gate verdicts, else its latest rollout. */
    public synchronized Optional<RolloutStatus> status(String deployment) {
        Live l = live.get(deployment);
        if (l != null) {
            return Optional.of(new RolloutStatus(l.rollout, l.analysis.checks(), l.analysis.candidateRequests(), l.analysis.comparison(),
                    gateway.shadowStats()));
        }
        return store.forDeployment(deployment).stream().findFirst()
                .map(r -> new RolloutStatus(r, List.of(), 0, Comparison.EMPTY, gateway.shadowStats()));
    }

    /** Every rollout of the deployment, newest first. */
    public List<Rollout> history(String deployment) {
        return store.forDeployment(deployment);
    }

    /** The transitions of a rollout, oldest first. */
    public List<RolloutEvent> events(String rolloutId) {
        return store.events(rolloutId);
    }

    // ---- the state machine

    private void step(Live l, Instant now) {
        if (gateway.status(l.rollout.deployment()).isEmpty()) {
            end(l, Status.ABORTED, CONTROLLER, "abort", "deployment " + l.rollout.deployment() + " was deleted", List.of());
            return;
        }
        accrue(l, now);
        Rollout r = l.rollout;
        l.analysis = analyst.analyze(r, now);
        for (GateCheck c : l.analysis.checks()) {
            if (c.verdict() == GateCheck.Verdict.FAIL) {
                end(l, Status.FAILED, CONTROLLER, "gate-failed", "gate failed: " + c.message()
                        + (r.phase() == Phase.SWITCHED ? "; switched back to " + r.baseline() : "; traffic back to "
                        + r.baseline()), l.analysis.checks());
                return;
            }
        }
        if (r.status() != Status.RUNNING) {
            store.save(r, null);
            return;
        }
        boolean green = l.analysis.green();
        switch (r.phase()) {
            case SHADOW -> {
                if (r.strategy() == Strategy.BLUE_GREEN) {
                    if (r.baked().compareTo(r.spec().blueGreen().verify()) >= 0 && green) {
                        switchGreen(l, CONTROLLER, l.analysis.checks());
                        return;
                    }
                } else if (shadowEnded(r, l.analysis.candidateRequests())) {
                    if (r.spec().shadow().thenCanary()) {
                        if (green) {
                            nextStep(l, CONTROLLER, "shadow passed: " + l.analysis.report() + "; advancing to canary", l.analysis.checks());
                            return;
                        }
                    } else {
                        end(l, Status.COMPLETED, CONTROLLER, "complete", "shadow ended: " + l.analysis.report(), l.analysis.checks());
                        return;
                    }
                }
            }
            case CANARY -> {
                Step s = r.currentStep();
                if (s != null && r.baked().compareTo(s.bake()) >= 0 && l.analysis.candidateRequests() >= s.minRequests() && green) {
                    if (s.approval()) {
                        commit(l, r.withStatus(Status.AWAITING_APPROVAL, now, "step " + (r.step() + 1)
                                + " passed; waiting for approval"), CONTROLLER, "await-approval", l.analysis.checks());
                    } else {
                        nextStep(l, CONTROLLER, "step " + (r.step() + 1) + " passed after "
                                + Durations.human(r.baked()) + " and " + l.analysis.candidateRequests() + " requests", l.analysis.checks());
                    }
                    return;
                }
            }
            case SWITCHED -> {
                if (r.baked().compareTo(r.spec().blueGreen().bake()) >= 0 && green) {
                    promote(l, CONTROLLER, "baked " + Durations.human(r.baked()) + " on green with every gate passing",
                            l.analysis.checks());
                    return;
                }
            }
            case DONE -> { }
        }
        store.save(l.rollout, null); // checkpoint the bake time
    }

    private static boolean shadowEnded(Rollout r, long shadowRequests) {
        RolloutSpec.Shadow s = r.spec().shadow();
        return (s.duration() != null && r.baked().compareTo(s.duration()) >= 0)
                || (s.requests() > 0 && shadowRequests >= s.requests());
    }

    private void nextStep(Live l, String actor, String reason, List<GateCheck> checks) {
        Rollout r = l.rollout;
        int next = r.phase() == Phase.CANARY ? r.step() + 1 : 0;
        if (next >= r.spec().steps().size()) {
            promote(l, actor, reason + "; last step passed", checks);
            return;
        }
        Step s = r.spec().steps().get(next);
        Instant now = clock.instant();
        l.checkpoint = now;
        Rollout n = r.with(Phase.CANARY, Status.RUNNING, next, s.weight(), now, Duration.ZERO, now,
                reason + "; step " + (next + 1) + " of " + r.spec().steps().size() + " at " + pct(s.weight()));
        commit(l, n, actor, "step", checks);
    }

    private void switchGreen(Live l, String actor, List<GateCheck> checks) {
        Instant now = clock.instant();
        l.checkpoint = now;
        Rollout n = l.rollout.with(Phase.SWITCHED, Status.RUNNING, -1, 100, now, Duration.ZERO, now,
                "switched all traffic to " + l.rollout.candidate() + "; " + l.rollout.baseline()
                        + " stays loaded; baking " + Durations.format(l.rollout.spec().blueGreen().bake()));
        commit(l, n, actor, "switch", checks);
    }

    private void promote(Live l, String actor, String reason, List<GateCheck> checks) {
        Instant now = clock.instant();
        Rollout n = l.rollout.with(Phase.DONE, Status.SUCCEEDED, l.rollout.step(), 100, l.rollout.stepStartedAt(),
                l.rollout.baked(), now, reason + "; " + l.rollout.candidate() + " is now the primary");
        commit(l, n, actor, "promote", checks);
    }

    private void end(Live l, Status status, String actor, String action, String reason, List<GateCheck> checks) {
        Rollout r = l.rollout;
        Rollout n = r.with(Phase.DONE, status, r.step(), 0, r.stepStartedAt(), r.baked(), clock.instant(), reason);
        commit(l, n, actor, action, checks);
    }

    /** Switches a promoted candidate back to the version it replaced (kept loaded for a while, so instantly). */
    private Rollout rollbackPromoted(String deployment, String actor, String reason) {
        DeploymentStatus d = gateway.status(deployment).orElseThrow(() ->
                new NotFoundException("deployment", "deployment '" + deployment + "' does not exist"));
        Rollout last = store.forDeployment(deployment).stream().findFirst().orElseThrow(() ->
                new NotFoundException("deployment", "deployment '" + deployment + "' has no rollout to roll back"));
        if (last.status() != Status.SUCCEEDED || !last.candidate().equals(d.deployment().serving())) {
            throw new ConflictException("rollout", "the latest rollout of " + deployment + " (" + last.id() + ", "
                    + last.status().wireName() + ") did not promote the serving version; nothing to roll back");
        }
        Instant now = clock.instant();
        Rollout n = last.with(Phase.DONE, Status.ROLLED_BACK, last.step(), 0, last.stepStartedAt(), last.baked(), now,
                or(reason, "rolled back by " + actor) + "; " + last.baseline() + " serves again");
        RolloutEvent e = event(n, actor, "rollback", List.of());
        store.save(n, e);
        gateway.promote(deployment, last.baseline(), Duration.ZERO);
        publish(e);
        return n;
    }

    /**
     * Writes the transition, then makes it take effect in the gateway. A candidate that cannot be
     * installed fails the rollout (also written). Returns whether it took effect.
     */
    private boolean commit(Live l, Rollout next, String actor, String action, List<GateCheck> checks) {
        RolloutEvent e = event(next, actor, action, checks);
        store.save(next, e);
        l.rollout = next;
        try {
            applyTraffic(next);
        } catch (RuntimeException ex) {
            LOG.error("rollout {}: cannot install {}: {}", next.id(), next.candidate(), ex.toString());
            Rollout failed = next.with(Phase.DONE, Status.FAILED, next.step(), 0, next.stepStartedAt(), next.baked(),
                    clock.instant(), "cannot serve candidate " + next.candidate() + ": " + ex.getMessage());
            RolloutEvent fe = event(failed, CONTROLLER, "gate-failed", List.of());
            store.save(failed, fe);
            l.rollout = failed;
            safely(() -> gateway.split(next.deployment(), null));
            finish(failed);
            publish(e);
            publish(fe);
            return false;
        }
        if (!next.status().active()) {
            finish(next);
        }
        publish(e);
        return true;
    }

    private void finish(Rollout r) {
        live.remove(r.deployment());
        comparisons.forget(r.deployment(), r.candidate());
    }

    private void applyTraffic(Rollout r) {
        RolloutSpec spec = r.spec();
        String d = r.deployment();
        if (gateway.status(d).isEmpty()) {
            return; // deleted: nothing left to route
        }
        if (!r.status().active()) {
            if (r.status() == Status.SUCCEEDED) {
                gateway.promote(d, r.candidate(), spec.blueGreen().retention());
            } else {
                gateway.split(d, null);
            }
            return;
        }
        gateway.split(d, switch (r.phase()) {
            case SHADOW -> TrafficSplit.shadow(r.candidate(), r.strategy() == Strategy.BLUE_GREEN
                    ? (spec.blueGreen().verify().isZero() ? 0 : 1.0) : spec.shadow().share());
            case CANARY, SWITCHED -> TrafficSplit.canary(r.candidate(), r.weight(), spec.compareShare(),
                    spec.stickyFeature());
            case DONE -> null;
        });
    }

    private void publish(RolloutEvent e) {
        LOG.info("rollout {} of {}: {} -> {} {} ({}): {}", e.rolloutId(), e.deployment(), e.action(), e.phase().wireName(),
                e.status().wireName(), pct(e.weight()), e.reason());
        try {
            listener.accept(e);
        } catch (RuntimeException ex) {
            LOG.warn("rollout listener failed: {}", ex.toString());
        }
    }

    // ---- gates and bake time

    private void accrue(Live l, Instant now) {
        Rollout r = l.rollout;
        if (r.status() == Status.RUNNING && now.isAfter(l.checkpoint)) {
            l.rollout = r.withBaked(r.baked().plus(Duration.between(l.checkpoint, now)), now);
        }
        l.checkpoint = now;
    }

    // ---- helpers

    private RolloutEvent event(Rollout r, String actor, String action, List<GateCheck> checks) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (GateCheck c : checks) {
            if (Double.isFinite(c.value())) {
                values.put(c.gate().key(), c.value());
            }
            if (Double.isFinite(c.primary())) {
                values.put("primary:" + c.gate().key(), c.primary());
            }
        }
        return new RolloutEvent(r.id(), r.deployment(), clock.instant(), actor, action, r.phase(), r.status(), r.step(),
                r.weight(), r.reason(), values);
    }

    private static String where(Rollout r) {
        return switch (r.phase()) {
            case CANARY -> "step " + (r.step() + 1) + " of " + r.spec().steps().size() + " (" + pct(r.weight()) + ")";
            case SWITCHED -> "the blue-green bake";
            case SHADOW -> "the shadow phase";
            case DONE -> "the end";
        };
    }

    static String pct(double w) {
        return GateEvaluator.fmt(w) + " %";
    }

    private static void require(boolean ok, Rollout r, String problem) {
        if (!ok) {
            throw new ConflictException("rollout", "rollout " + r.id() + " of " + r.deployment() + " ("
                    + r.status().wireName() + ") " + problem);
        }
    }

    private static String or(String a, String b) {
        return a != null ? a : b;
    }

    private static void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("rollout cleanup failed: {}", e.toString());
        }
    }
}
