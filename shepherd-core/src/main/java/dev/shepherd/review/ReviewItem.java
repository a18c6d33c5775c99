package dev.shepherd.review;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * One case for people to decide: the request's inputs, the model's suggestion where it has one,
 * and, once decided, the decision (a ground-truth label for the request).
 *
 * @param id          the item's id (also the {@code ticket} the client was given)
 * @param deployment  the deployment asked
 * @param requestId   the request it came from
 * @param inputsJson  the request's instances as JSON (the plain JSON form)
 * @param suggestion  the model's answer (a class label), or {@code null} (human-only and shadow levels)
 * @param confidence  the model's confidence in its suggestion, 0..1, or {@code NaN}
 * @param reason      why it is here: {@code human}, {@code low_confidence} or {@code audit}
 * @param priority    higher first; then older first
 * @param createdAt   when it was queued
 * @param state       open, claimed, decided or skipped
 * @param claimedBy   the reviewer holding it, or {@code null}
 * @param leaseUntil  when the claim lapses (the item is open again), or {@code null}
 * @param decision    the label decided, or {@code null}
 * @param note        the reviewer's note, or {@code null}
 * @param decidedBy   who decided or skipped it, or {@code null}
 * @param decidedAt   when, or {@code null}
 */
public record ReviewItem(String id, String deployment, String requestId, String inputsJson, String suggestion,
                         double confidence, String reason, int priority, Instant createdAt, State state, String claimedBy,
                         Instant leaseUntil, String decision, String note, String decidedBy, Instant decidedAt) {

    /** Where an item is. */
    public enum State {
        OPEN, CLAIMED, DECIDED, SKIPPED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ReviewItem {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(state, "state");
    }

    /** A new open item. */
    public static ReviewItem open(String id, String deployment, String requestId, String inputsJson, String suggestion,
                                  double confidence, String reason, int priority, Instant createdAt) {
        return new ReviewItem(id, deployment, requestId, inputsJson, suggestion, confidence, reason, priority, createdAt,
                State.OPEN, null, null, null, null, null, null);
    }

    /** Whether a claim on it holds at {@code now}. */
    public boolean claimedAt(Instant now) {
        return state == State.CLAIMED && leaseUntil != null && now.isBefore(leaseUntil);
    }

    /** Whether a reviewer can claim it at {@code now}: open, or claimed with a lapsed lease. */
    public boolean claimableAt(Instant now) {
        return state == State.OPEN || (state == State.CLAIMED && !claimedAt(now));
    }

    ReviewItem claimed(String reviewer, Instant until) {
        return new ReviewItem(id, deployment, requestId, inputsJson, suggestion, confidence, reason, priority, createdAt,
                State.CLAIMED, reviewer, until, null, null, null, null);
    }

    ReviewItem decided(String reviewer, String label, String note, Instant at) {
        return new ReviewItem(id, deployment, requestId, inputsJson, suggestion, confidence, reason, priority, createdAt,
                State.DECIDED, claimedBy, leaseUntil, label, note, reviewer, at);
    }

    ReviewItem skipped(String reviewer, String note, Instant at) {
        return new ReviewItem(id, deployment, requestId, inputsJson, suggestion, confidence, reason, priority, createdAt,
                State.SKIPPED, claimedBy, leaseUntil, null, note, reviewer, at);
    }
}
