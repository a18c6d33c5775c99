package dev.shepherd.runtime;

/**
 * Implemented by a {@link Model} whose ability to answer depends on something outside the process
 * (an upstream model server), so the gateway's readiness ({@code /v2/health/ready},
 * {@code /v2/models/{name}/ready}) can reflect it: {@code model instanceof ReadinessProbe p &&
 * !p.ready()} means not ready. A model that does not implement it is ready once loaded.
 */
public interface ReadinessProbe {

    /**
     * Whether the model can answer now. Must not block on the network: implementations return
     * their last known state and refresh it in the background. Thread-safe.
     */
    boolean ready();
}
