package dev.shepherd.feedback;

import java.time.Instant;
import java.util.Objects;

/**
 * A user event (such as {@code redo_search} or {@code switched_to_typing}) for a deployment,
 * optionally tied to a request. {@link FeedbackService} fills in the version: the one that answered
 * the request, or the one the deployment served when the event arrived.
 *
 * @param deployment the deployment
 * @param version    the version it is counted for, or {@code null} when unknown
 * @param requestId  the request, or {@code null}
 * @param event      the event name
 * @param value      the event's value (default 1), finite
 * @param receivedAt when it arrived
 */
public record FeedbackEvent(String deployment, String version, String requestId, String event, double value,
                            Instant receivedAt) {
    public FeedbackEvent {
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }
}
