package dev.shepherd.serving;

import dev.shepherd.monitor.RequestObservation;
import dev.shepherd.monitor.SeriesKey;
import dev.shepherd.schema.ModelSchema;

/**
 * Receives every request the gateway answered or refused after routing (monitoring plugs in
 * here). Called on the request thread: implementations must be fast, must not block and must not
 * throw.
 */
@FunctionalInterface
public interface InferenceObserver {

    void observed(SeriesKey key, ModelSchema schema, RequestObservation observation);

    /** Observes nothing. */
    static InferenceObserver none() {
        return (key, schema, observation) -> { };
    }
}
