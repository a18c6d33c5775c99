package dev.shepherd.monitor;

import java.util.HashSet;
import java.util.Set;

/**
 * Per-deployment switches of {@link Monitoring}: whether it records, and which input features it
 * admitted under {@link MonitoringSettings#maxFeaturesPerDeployment()}. Thread-safe.
 */
final class DeploymentState {
    final String name;
    volatile boolean enabled = true;
    private final int maxFeatures;
    private final Set<String> admitted = new HashSet<>();

    DeploymentState(String name, int maxFeatures) {
        this.name = name;
        this.maxFeatures = maxFeatures;
    }

    /** Whether {@code feature} is monitored: it already is, or there is room under the cap. */
    synchronized boolean admit(String feature) {
        if (admitted.contains(feature)) {
            return true;
        }
        if (admitted.size() >= maxFeatures) {
            return false;
        }
        admitted.add(feature);
        return true;
    }
}
