package dev.shepherd.predictionlog;

import java.util.List;
import java.util.Optional;

/** Reads the persisted prediction log. Thread-safe. */
public interface PredictionLogReader {

    /** The event of {@code requestId}, if it was logged (and already flushed). */
    Optional<PredictionEvent> find(String requestId);

    /** The newest {@code limit} events of {@code deployment}, newest first. */
    List<PredictionEvent> recent(String deployment, int limit);
}
