package dev.shepherd.feedback;

import java.time.Instant;

/**
 * A user event (such as {@code redo_search} or {@code switched_to_typing}) for a deployment,
 * optionally tied to a request and the version that answered it.
 *
 * @param deployment the deployment
 * @param version    the version, or {@code null} when not tied to a request
 * @param requestId  the request, or {@code null}
 * @param event      the event name
 * @param value      an optional value (default 1)
 * @param receivedAt when it arrived
 */
public record FeedbackEvent(String deployment, String version, String requestId, String event, double value,
                            Instant receivedAt) {
}
