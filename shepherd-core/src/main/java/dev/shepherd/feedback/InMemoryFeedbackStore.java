package dev.shepherd.feedback;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link FeedbackStore} in memory, for tests, tools and the {@code InMemoryStore}. Unbounded:
 * it keeps every label and event until it is dropped. Thread-safe (one lock).
 */
public final class InMemoryFeedbackStore implements FeedbackStore {
    private final Map<String, Stored<List<Label>>> labelsByRequest = new HashMap<>();
    private final List<Stored<List<Label>>> labels = new ArrayList<>();
    private final List<Stored<FeedbackEvent>> events = new ArrayList<>();
    private long nextSequence;

    @Override
    public synchronized List<Label> saveLabels(List<Label> toSave) {
        List<Label> ordered = FeedbackStore.checkedLabels(toSave);
        Stored<List<Label>> existing = labelsByRequest.get(ordered.getFirst().requestId());
        if (existing != null) {
            return existing.value;
        }
        Stored<List<Label>> s = new Stored<>(ordered, nextSequence++);
        labelsByRequest.put(ordered.getFirst().requestId(), s);
        labels.add(s);
        return List.of();
    }

    @Override
    public synchronized Optional<Label> saveLabel(Label label) {
        Stored<List<Label>> existing = labelsByRequest.get(label.requestId());
        if (existing == null) {
            Stored<List<Label>> s = new Stored<>(List.of(label), nextSequence++);
            labelsByRequest.put(label.requestId(), s);
            labels.add(s);
            return Optional.empty();
        }
        for (Label l : existing.value) {
            if (l.instance() == label.instance()) {
                return Optional.of(l);
            }
        }
        List<Label> merged = new ArrayList<>(existing.value);
        merged.add(label);
        merged.sort(Comparator.comparingInt(Label::instance));
        Stored<List<Label>> s = new Stored<>(List.copyOf(merged), existing.sequence);
        labelsByRequest.put(label.requestId(), s);
        labels.set(labels.indexOf(existing), s);
        return Optional.empty();
    }

    @Override
    public synchronized List<Label> findLabels(String requestId) {
        Stored<List<Label>> s = labelsByRequest.get(requestId);
        return s == null ? List.of() : s.value;
    }

    @Override
    public synchronized List<Label> labels(String deployment, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return labels.stream()
                .filter(s -> s.value.getFirst().deployment().equals(deployment))
                .sorted(Comparator.comparing((Stored<List<Label>> s) -> s.value.getFirst().receivedAt())
                        .thenComparingLong(s -> s.sequence).reversed())
                .flatMap(s -> s.value.stream())
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized void saveEvent(FeedbackEvent event) {
        events.add(new Stored<>(event, nextSequence++));
    }

    @Override
    public synchronized List<FeedbackEvent> events(String deployment, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return events.stream()
                .filter(s -> s.value.deployment().equals(deployment))
                .sorted(Comparator.comparing((Stored<FeedbackEvent> s) -> s.value.receivedAt())
                        .thenComparingLong(s -> s.sequence).reversed())
                .map(s -> s.value)
                .limit(limit)
                .toList();
    }

    private record Stored<T>(T value, long sequence) {
    }
}
