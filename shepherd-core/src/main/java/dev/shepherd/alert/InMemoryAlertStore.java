package dev.shepherd.alert;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An {@link AlertStore} in memory. Thread-safe. */
public final class InMemoryAlertStore implements AlertStore {
    private final Map<String, AlertState> states = new LinkedHashMap<>();
    private final List<Transition> transitions = new ArrayList<>();

    @Override
    public synchronized void save(AlertState state, Transition transition) {
        states.put(state.rule() + "\u0000" + state.deployment(), state);
        if (transition != null) {
            transitions.add(transition);
        }
    }

    @Override
    public synchronized Optional<AlertState> find(String rule, String deployment) {
        return Optional.ofNullable(states.get(rule + "\u0000" + deployment));
    }

    @Override
    public synchronized List<AlertState> active() {
        return states.values().stream().filter(s -> s.state() != AlertState.State.INACTIVE).toList();
    }

    @Override
    public synchronized List<Transition> history(Instant from, Instant to, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return transitions.stream().filter(t -> !t.at().isBefore(from) && t.at().isBefore(to))
                .sorted(Comparator.comparing(Transition::at)).limit(limit).toList();
    }
}
