package dev.shepherd.monitor;

/**
 * What one set of monitoring sketches describes: a deployment, the model version, and the role the
 * version plays. The unit of aggregation, persistence and Prometheus labels.
 */
public record SeriesKey(String deployment, String version, Role role) {
}
