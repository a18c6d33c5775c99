package dev.shepherd.feedback;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Durable labels and user events, the store behind {@link FeedbackService}. A request is labelled
 * once, as a whole: its labels are written together or not at all, and later labels for it are
 * refused (so the same label twice is idempotent and a different one is a conflict the service
 * reports). Events are appended. Thread-safe.
 */
public interface FeedbackStore {

    /**
     * Saves the labels of one request (one per instance, instances {@code 0..n-1}, in any order,
     * sharing deployment, version and {@code receivedAt}) in one step, unless the request already
     * has labels.
     *
     * @return the labels the request already had, ordered by instance, in which case nothing was
     *         written; an empty list when {@code labels} were saved
     * @throws IllegalArgumentException when {@code labels} is empty, mixes requests, deployments,
     *                                  versions or times, or its instances are not {@code 0..n-1}
     */
    List<Label> saveLabels(List<Label> labels);

    /**
     * Saves the label of one instance of a request (a reviewer's decision), unless that instance
     * already has one; other instances of the request may be labelled later the same way.
     *
     * @return the label the instance already had, in which case nothing was written
     */
    Optional<Label> saveLabel(Label label);

    /** The labels of {@code requestId}, ordered by instance; empty when it has none. */
    List<Label> findLabels(String requestId);

    /**
     * Labels of {@code deployment}, newest first (by {@code receivedAt}, then by write order; a
     * request's labels in instance order), at most {@code limit}; {@code limit <= 0} gives none.
     */
    List<Label> labels(String deployment, int limit);

    /** Appends the event. */
    void saveEvent(FeedbackEvent event);

    /**
     * Events of {@code deployment}, newest first (by {@code receivedAt}, then by write order), at
     * most {@code limit}; {@code limit <= 0} gives none.
     */
    List<FeedbackEvent> events(String deployment, int limit);

    /** Checks the argument of {@link #saveLabels} and returns it ordered by instance. */
    static List<Label> checkedLabels(List<Label> labels) {
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("no labels to save");
        }
        Label first = labels.getFirst();
        String requestId = first.requestId();
        Label[] byInstance = new Label[labels.size()];
        for (Label l : labels) {
            if (!l.requestId().equals(requestId) || !l.deployment().equals(first.deployment())
                    || !Objects.equals(l.version(), first.version())
                    || !l.receivedAt().equals(first.receivedAt())) {
                throw new IllegalArgumentException("labels saved together must share request, deployment, version "
                        + "and time: " + first + " vs " + l);
            }
            if (l.instance() >= byInstance.length || byInstance[l.instance()] != null) {
                throw new IllegalArgumentException("label instances of " + requestId + " must be 0.."
                        + (byInstance.length - 1) + " once each, found " + l.instance());
            }
            byInstance[l.instance()] = l;
        }
        return List.of(byInstance);
    }
}
