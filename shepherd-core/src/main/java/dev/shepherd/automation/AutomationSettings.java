package dev.shepherd.automation;

import dev.shepherd.config.AutomationSpecReader;
import dev.shepherd.error.InvalidInputException;
import dev.shepherd.error.NotFoundException;
import dev.shepherd.registry.Deployment;
import dev.shepherd.schema.OutputKind;
import dev.shepherd.serving.DeploymentStatus;
import dev.shepherd.serving.Gateway;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each deployment's automation setting in force. A deployment's spec declares one
 * ({@code spec.automation}, else {@link AutomationSetting#DEFAULT}); {@link #set} changes it at
 * runtime. Whichever changed last wins: a runtime change holds until the spec's declaration
 * itself changes (applying the same file again keeps it). Every change is stored with the
 * audit trail ({@link AutomationStore}), so a restart keeps the level in force.
 *
 * <p>The setting of a request's deployment is read from a cache keyed by the deployment object the
 * gateway routes by (a new one with every put or apply), so the hot path costs one map lookup; a new spec is reconciled with the store once. A
 * declared setting the serving model cannot take (a level with people deciding a class, for a
 * model that answers no class; a class threshold naming no class) is refused: the model answers,
 * and the audit trail and the log say why. Thread-safe.
 */
public final class AutomationSettings {
    private static final Logger LOG = LoggerFactory.getLogger(AutomationSettings.class);

    private final Gateway gateway;
    private final AutomationStore store;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    /** The setting in force for one deployment object (a new one comes with every put or apply). */
    private record Cached(Deployment deployment, AutomationSetting setting) {
    }

    public AutomationSettings(Gateway gateway, AutomationStore store, Clock clock) {
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The setting in force for {@code deployment}; {@link NotFoundException} when it does not exist. */
    public AutomationSetting current(String deployment) {
        Deployment d = gateway.status(deployment).map(DeploymentStatus::deployment).orElseThrow(
                () -> new NotFoundException("name", "deployment '" + deployment + "' does not exist"));
        Cached c = cache.get(deployment);
        if (c != null && c.deployment == d) { // the same deployment object: nothing was put or applied since
            return c.setting;
        }
        return reconcile(d);
    }

    private synchronized AutomationSetting reconcile(Deployment seen) {
        // read again under the lock: an apply may have replaced the spec since the caller looked
        DeploymentStatus status = gateway.status(seen.name()).orElse(null);
        Deployment d = status == null ? seen : status.deployment();
        Cached c = cache.get(d.name());
        if (c != null && c.deployment == d) {
            return c.setting;
        }
        AutomationSetting declared = AutomationSpecReader.ofSpec(d.specJson());
        boolean hasDeclaration = declared != AutomationSetting.DEFAULT;
        AutomationStore.Stored stored = store.find(d.name()).orElse(null);
        AutomationSetting effective;
        if (stored == null || !Objects.equals(stored.declared(), hasDeclaration ? declared : null)) {
            effective = declared;
            String reason = stored == null ? "declared in spec.automation"
                    : hasDeclaration ? "spec.automation changed" : "spec.automation removed";
            String refused = status == null ? null : problem(status, declared);
            if (refused != null) { // the spec cannot be honoured: the model answers, and the trail says why
                effective = AutomationSetting.DEFAULT;
                reason = "spec.automation refused: " + refused;
                LOG.error("deployment {}: {}; the model answers every request", d.name(), reason);
            }
            if (stored != null || hasDeclaration) {
                store.save(d.name(), new AutomationStore.Stored(hasDeclaration ? declared : null, effective),
                        new AutomationEvent(d.name(), clock.instant(), "apply",
                                stored == null ? null : stored.effective().level(), effective.level(), effective, reason));
            }
        } else {
            effective = stored.effective();
        }
        cache.put(d.name(), new Cached(d, effective));
        return effective;
    }

    /**
     * Puts {@code setting} in force for {@code deployment} and records the change. Every level
     * but {@code full} has people decide a class, so it needs a classifier; class thresholds must
     * name its classes.
     *
     * @throws NotFoundException     an unknown deployment
     * @throws InvalidInputException a setting the deployment's model cannot take, naming the field
     */
    public synchronized AutomationSetting set(String deployment, AutomationSetting setting, String actor, String reason) {
        return change(deployment, before -> setting, actor, reason);
    }

    /**
     * As {@link #set}, with the new setting made from the one in force by {@code change}, under
     * this object's lock: concurrent changes of different fields both take effect.
     */
    public synchronized AutomationSetting change(String deployment, UnaryOperator<AutomationSetting> change, String actor,
                                                 String reason) {
        AutomationSetting before = current(deployment);
        AutomationSetting setting = change.apply(before);
        DeploymentStatus status = gateway.status(deployment).orElseThrow();
        check(status, setting);
        Deployment d = status.deployment();
        AutomationStore.Stored stored = store.find(deployment).orElse(null);
        store.save(deployment, new AutomationStore.Stored(stored == null ? null : stored.declared(), setting),
                new AutomationEvent(deployment, clock.instant(), actor, before.level(), setting.level(), setting, reason));
        cache.put(deployment, new Cached(d, setting));
        return setting;
    }

    /** The deployment's changes, newest first. */
    public List<AutomationEvent> events(String deployment, int limit) {
        return store.events(deployment, limit);
    }

    /** Why the deployment's model cannot take {@code setting}, or {@code null} when it can. */
    private static String problem(DeploymentStatus status, AutomationSetting setting) {
        try {
            check(status, setting);
            return null;
        } catch (InvalidInputException e) {
            return e.getMessage();
        }
    }

    static void check(DeploymentStatus status, AutomationSetting setting) {
        if (status.serving() == null) {
            return;
        }
        var output = status.serving().schema().output();
        boolean classes = output.kind() == OutputKind.CLASS;
        AutomationLevel l = setting.level();
        if (!classes && l != AutomationLevel.FULL) {
            throw new InvalidInputException("level", "level: " + l.wireName() + " has people decide a class, but "
                    + status.serving().key() + " answers a " + output.kind().name().toLowerCase(java.util.Locale.ROOT)
                    + "; only full automation is possible");
        }
        for (String c : setting.classThresholds().keySet()) {
            if (!output.labels().contains(c)) {
                throw new InvalidInputException("class_thresholds", "class_thresholds: '" + c + "' is not a class of "
                        + status.serving().key() + " (" + String.join(", ", output.labels()) + ")");
            }
        }
    }
}
