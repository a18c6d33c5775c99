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

/**
 * Each deployment's automation setting in force. A deployment's spec declares one
 * ({@code spec.automation}, else {@link AutomationSetting#DEFAULT}); {@link #set} changes it at
 * runtime. Whichever changed last wins: a runtime change holds until the spec's declaration
 * itself changes (applying the same file again keeps it). Every change is stored with the
 * audit trail ({@link AutomationStore}), so a restart keeps the level in force.
 *
 * <p>The setting of a request's deployment is read from a cache keyed by the deployment's spec
 * text, so the hot path costs one map lookup; a new spec is reconciled with the store once.
 * Thread-safe.
 */
public final class AutomationSettings {
    private final Gateway gateway;
    private final AutomationStore store;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(String specJson, AutomationSetting setting) {
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
        if (c != null && c.specJson == d.specJson()) { // the same spec text instance: nothing was applied since
            return c.setting;
        }
        return reconcile(d);
    }

    private synchronized AutomationSetting reconcile(Deployment d) {
        AutomationSetting declared = AutomationSpecReader.ofSpec(d.specJson());
        boolean hasDeclaration = declared != AutomationSetting.DEFAULT;
        AutomationStore.Stored stored = store.find(d.name()).orElse(null);
        AutomationSetting effective;
        if (stored == null) {
            effective = declared;
            if (hasDeclaration) {
                store.save(d.name(), new AutomationStore.Stored(declared, declared), new AutomationEvent(d.name(),
                        clock.instant(), "apply", null, declared.level(), declared, "declared in spec.automation"));
            }
        } else if (!Objects.equals(stored.declared(), hasDeclaration ? declared : null)) {
            effective = declared;
            store.save(d.name(), new AutomationStore.Stored(hasDeclaration ? declared : null, declared),
                    new AutomationEvent(d.name(), clock.instant(), "apply", stored.effective().level(), declared.level(),
                            declared, hasDeclaration ? "spec.automation changed" : "spec.automation removed"));
        } else {
            effective = stored.effective();
        }
        cache.put(d.name(), new Cached(d.specJson(), effective));
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
        AutomationSetting before = current(deployment);
        DeploymentStatus status = gateway.status(deployment).orElseThrow();
        check(status, setting);
        Deployment d = status.deployment();
        AutomationStore.Stored stored = store.find(deployment).orElse(null);
        store.save(deployment, new AutomationStore.Stored(stored == null ? null : stored.declared(), setting),
                new AutomationEvent(deployment, clock.instant(), actor, before.level(), setting.level(), setting, reason));
        cache.put(deployment, new Cached(d.specJson(), setting));
        return setting;
    }

    /** The deployment's changes, newest first. */
    public List<AutomationEvent> events(String deployment, int limit) {
        return store.events(deployment, limit);
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
