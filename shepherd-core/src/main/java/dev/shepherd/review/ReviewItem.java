package dev.shepherd.review;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * One case for people to decide ({@link ReviewCase}) and where it stands: open, claimed under a
 * lease, decided (a ground-truth label for the request's instance) or skipped.
 *
 * @param task        what is asked
 * @param state       open, claimed, decided or skipped
 * @param claimedBy   the reviewer holding it (or who last held it), or {@code null}
 * @param leaseUntil  when the claim lapses (the item is claimable again), or {@code null}
 * @param decision    the label decided, or {@code null}
 * @param note        the reviewer's note, or {@code null}
 * @param decidedBy   who decided or skipped it, or {@code null}
 * @param decidedAt   when, or {@code null}
 */
public record ReviewItem(ReviewCase task, State state, String claimedBy, Instant leaseUntil, String decision,
                         String note, String decidedBy, Instant decidedAt) {

    /** Where an item is. */
    public enum State {
        OPEN, CLAIMED, DECIDED, SKIPPED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Decided or skipped: nothing more will happen to it. */
        public boolean finished() {
            return this == DECIDED || this == SKIPPED;
        }
    }

    public ReviewItem {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(state, "state");
    }

    /** A new open item. */
    public static ReviewItem open(ReviewCase task) {
        return new ReviewItem(task, State.OPEN, null, null, null, null, null, null);
    }

    /** A new open item of instance 0 with weight 1, no version and no callback (tests and tools). */
    public static ReviewItem open(String id, String deployment, String requestId, String inputsJson, String suggestion,
                                  double confidence, String reason, int priority, Instant createdAt) {
        return open(new ReviewCase(id, deployment, null, requestId, 0, inputsJson, suggestion, confidence, reason,
                priority, 1.0, null, createdAt));
    }

    public String id() {
        return task.id();
    }

    public String deployment() {
        return task.deployment();
    }

    public int priority() {
        return task.priority();
    }

    public Instant createdAt() {
        return task.createdAt();
    }

    public String suggestion() {
        return task.suggestion();
    }

    public double confidence() {
        return task.confidence();
    }

    /** Whether a claim on it holds at {@code now}. */
    public boolean claimedAt(Instant now) {
        return state == State.CLAIMED && leaseUntil != null && now.isBefore(leaseUntil);
    }

    /** Whether a reviewer can claim it at {@code now}: open, or claimed with a lapsed lease. */
    public boolean claimableAt(Instant now) {
        return state == State.OPEN || (state == State.CLAIMED && !claimedAt(now));
    }

    /** Whether it was decided with the label the model suggested ({@code false} without either). */
    public boolean agreed() {
        return state == State.DECIDED && task.suggestion() != null && task.suggestion().equals(decision);
    }

    ReviewItem claimed(String reviewer, Instant until) {
        return new ReviewItem(task, State.CLAIMED, reviewer, until, null, null, null, null);
    }

    ReviewItem released() {
        return new ReviewItem(task, State.OPEN, null, null, null, null, null, null);
    }

    ReviewItem decided(String reviewer, String label, String text, Instant at) {
        return new ReviewItem(task, State.DECIDED, claimedBy, leaseUntil, label, text, reviewer, at);
    }

    ReviewItem skipped(String reviewer, String text, Instant at) {
        return new ReviewItem(task, State.SKIPPED, claimedBy, leaseUntil, null, text, reviewer, at);
    }

    ReviewItem suggested(String label, double confidence, String version) {
        return new ReviewItem(task.withSuggestion(label, confidence, version), state, claimedBy, leaseUntil, decision,
                note, decidedBy, decidedAt);
    }
}
