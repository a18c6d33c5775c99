package dev.shepherd.alert;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Durable alert states and their transitions. Thread-safe. */
public interface AlertStore {

    /** One transition, for the history. */
    record Transition(String rule, String deployment, Instant at, AlertState.State from, AlertState.State to,
                      double value, String severity) {
    }

    /** Inserts or replaces the state of (rule, deployment), and appends {@code transition} unless {@code null}. */
    void save(AlertState state, Transition transition);

    Optional<AlertState> find(String rule, String deployment);

    /** Every state that is not inactive. */
    List<AlertState> active();

    /** Transitions with {@code at} in {@code [from, to)}, oldest first, at most {@code limit}. */
    List<Transition> history(Instant from, Instant to, int limit);
}
