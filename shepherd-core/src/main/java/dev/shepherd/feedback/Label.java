package dev.shepherd.feedback;

import java.time.Instant;

/**
 * A ground-truth label for one logged request.
 *
 * @param requestId  the request it labels
 * @param deployment the deployment that answered
 * @param version    the version that answered
 * @param label      the true class (classification), or {@code null}
 * @param value      the true value (regression), or {@code null}
 * @param receivedAt when the label arrived
 */
public record Label(String requestId, String deployment, String version, String label, Double value, Instant receivedAt) {
}
