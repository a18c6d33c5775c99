package dev.shepherd.serving;

import dev.shepherd.error.ErrorCode;
import dev.shepherd.error.ModelFailureException;
import dev.shepherd.registry.ModelVersion;
import dev.shepherd.runtime.Model;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loaded model version shared by the deployments that serve it. Counts in-flight calls so a
 * retired version is closed only after its last call returns: a switch of version never fails a
 * request that already started. Thread-safe.
 */
final class LoadedModel {
    final ModelVersion version;
    final Model model;
    /** In-flight calls plus one while the gateway still routes to this model. */
    private final AtomicInteger refs = new AtomicInteger(1);

    /** Bounds concurrent calls into the model; a full model answers {@code capacity}. */
    private final Semaphore slots;

    LoadedModel(ModelVersion version, Model model, int maxInFlight) {
        this.version = version;
        this.model = model;
        this.slots = new Semaphore(maxInFlight);
    }

    /** Takes one of the in-flight slots without waiting; false when all are taken. */
    boolean tryEnter() {
        return slots.tryAcquire();
    }

    void exit() {
        slots.release();
    }

    /** Takes a reference for one call; false when the model is already closed. */
    boolean acquire() {
        while (true) {
            int r = refs.get();
            if (r <= 0) {
                return false;
            }
            if (refs.compareAndSet(r, r + 1)) {
                return true;
            }
        }
    }

    void release() {
        if (refs.decrementAndGet() == 0) {
            model.close();
        }
    }

    /** Drops the gateway's own reference; the model closes when no call holds it. */
    void retire() {
        release();
    }

    static ModelFailureException unavailable(String key) {
        return new ModelFailureException(ErrorCode.UNAVAILABLE, "model " + key + " is unloading, retry");
    }
}
