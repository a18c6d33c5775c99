package dev.shepherd.feedback;

import java.time.Instant;
import java.util.Objects;

/**
 * A ground-truth label for one instance of one logged request. A request of one instance has one
 * label ({@code instance} 0); a batch request has one per instance, saved together by
 * {@link FeedbackStore#saveLabels}. Exactly one of {@code label} and {@code value} is set.
 *
 * @param requestId  the request it labels
 * @param instance   the instance's position in the request's batch, from 0
 * @param deployment the deployment that answered
 * @param version    the version that answered
 * @param label      the true class (classification), or {@code null}
 * @param value      the true value (regression), or {@code null}
 * @param receivedAt when the label arrived
 */
public record Label(String requestId, int instance, String deployment, String version, String label, Double value,
                    Instant receivedAt) {
    public Label {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(receivedAt, "receivedAt");
        if (instance < 0) {
            throw new IllegalArgumentException("label instance must be >= 0, was " + instance);
        }
        if ((label == null) == (value == null)) {
            throw new IllegalArgumentException("a label has exactly one of label and value, was " + label + ", " + value);
        }
    }

    /** Whether this label states the same truth as {@code other} (same class or value; time and version ignored). */
    public boolean sameTruth(Label other) {
        return instance == other.instance && Objects.equals(label, other.label) && Objects.equals(value, other.value);
    }
}
