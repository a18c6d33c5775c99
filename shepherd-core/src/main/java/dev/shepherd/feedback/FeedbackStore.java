package dev.shepherd.feedback;

import java.util.List;
import java.util.Optional;

/** Durable labels and user events. Thread-safe. */
public interface FeedbackStore {

    /**
     * Saves a label unless the request already has one; returns the stored label (the existing one
     * when there was one, so the same label twice is idempotent).
     */
    Label saveLabel(Label label);

    Optional<Label> findLabel(String requestId);

    /** Labels of {@code deployment}, newest first, at most {@code limit}. */
    List<Label> labels(String deployment, int limit);

    void saveEvent(FeedbackEvent event);

    /** Events of {@code deployment}, newest first, at most {@code limit}. */
    List<FeedbackEvent> events(String deployment, int limit);
}
