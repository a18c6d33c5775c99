package dev.shepherd.review;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * What one review item asks: one instance of one request, with the model's suggestion where it
 * has one. Immutable once queued, except the suggestion of a {@code shadow} item, which the model
 * supplies after the item is queued ({@link ReviewQueue#suggest}).
 *
 * @param id          the item's id, also the {@code ticket} the client was given
 * @param deployment  the deployment asked
 * @param version     the model version that suggested (or would have), or {@code null}
 * @param requestId   the request it came from
 * @param instance    the instance's position in the request's batch, from 0
 * @param inputsJson  the instance's inputs as a JSON object keyed by feature name
 * @param suggestion  the model's answer (a class label), or {@code null}
 * @param confidence  the model's confidence in its suggestion, 0..1, or {@code NaN}
 * @param reason      why it is here: {@value #HUMAN}, {@value #SHADOW}, {@value #ASSIST},
 *                    {@value #LOW_CONFIDENCE} or {@value #AUDIT}
 * @param priority    higher first; then older first
 * @param weight      how many cases like it this item stands for: 1, or {@code 1/share} for an
 *                    audit sample taken at that share (used to estimate rates without bias)
 * @param callbackUrl called with the ticket once decided, or {@code null}
 * @param createdAt   when it was queued
 */
public record ReviewCase(String id, String deployment, String version, String requestId, int instance,
                         String inputsJson, String suggestion, double confidence, String reason, int priority,
                         double weight, String callbackUrl, Instant createdAt) {
    /** People decide everything; the model is not asked. */
    public static final String HUMAN = "human";
    /** People decide; the model's answer is kept for comparison but not shown. */
    public static final String SHADOW = "shadow";
    /** People decide with the model's suggestion shown. */
    public static final String ASSIST = "assist";
    /** The model was not confident enough to answer by itself. */
    public static final String LOW_CONFIDENCE = "low_confidence";
    /** A sample of the model's own answers, checked blind. */
    public static final String AUDIT = "audit";

    private static final Set<String> REASONS = Set.of(HUMAN, SHADOW, ASSIST, LOW_CONFIDENCE, AUDIT);

    public ReviewCase {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(createdAt, "createdAt");
        if (!REASONS.contains(reason)) {
            throw new IllegalArgumentException("review reason must be one of " + REASONS + ", was " + reason);
        }
        if (instance < 0) {
            throw new IllegalArgumentException("instance must be >= 0, was " + instance);
        }
        if (!(weight > 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("weight must be finite and > 0, was " + weight);
        }
    }

    /**
     * Whether reviewers see the suggestion: under {@code assist} and {@code low_confidence}. Shadow
     * and audit items are judged blind, so the comparison with the model is not anchored by it.
     */
    public boolean showsSuggestion() {
        return ASSIST.equals(reason) || LOW_CONFIDENCE.equals(reason);
    }

    /** This case with the model's answer attached. */
    public ReviewCase withSuggestion(String label, double conf, String modelVersion) {
        return new ReviewCase(id, deployment, modelVersion == null ? version : modelVersion, requestId, instance,
                inputsJson, label, conf, reason, priority, weight, callbackUrl, createdAt);
    }
}
