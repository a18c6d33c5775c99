package dev.shepherd.predictionlog;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The prediction log kept in memory: a {@link PredictionSink} and the {@link PredictionLogReader}
 * over what it received, for tests, tools and the {@code InMemoryStore}. It keeps the newest
 * {@code capacity} events (default 100,000) and forgets older ones. A request id written twice
 * is found as its last written event. Thread-safe (one lock).
 */
public final class InMemoryPredictionStore implements PredictionSink, PredictionLogReader {
    /** Events kept by the no-argument constructor. */
    public static final int DEFAULT_CAPACITY = 100_000;

    private static final Comparator<Stored> NEWEST_FIRST =
            Comparator.comparing((Stored s) -> s.event.time())
                    .thenComparingLong(s -> s.sequence)
                    .reversed();

    private final int capacity;
    private final ArrayDeque<Stored> events = new ArrayDeque<>();
    private final Map<String, Stored> byRequestId = new HashMap<>();
    private long nextSequence;

    /** @param capacity events kept, the oldest written are forgotten first (&gt; 0) */
    public InMemoryPredictionStore(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be > 0, was " + capacity);
        }
        this.capacity = capacity;
    }

    public InMemoryPredictionStore() {
        this(DEFAULT_CAPACITY);
    }

    /** Writes all of {@code batch} or, when an event lacks its request id, time or deployment, none of it. */
    @Override
    public synchronized void write(List<PredictionEvent> batch) {
        for (PredictionEvent event : batch) {
            Objects.requireNonNull(event.requestId(), "requestId");
            Objects.requireNonNull(event.time(), "time");
            Objects.requireNonNull(event.deployment(), "deployment");
        }
        for (PredictionEvent event : batch) {
            Stored s = new Stored(event, nextSequence++);
            events.addLast(s);
            byRequestId.put(event.requestId(), s);
            if (events.size() > capacity) {
                Stored old = events.removeFirst();
                byRequestId.remove(old.event.requestId(), old);
            }
        }
    }

    @Override
    public synchronized Optional<PredictionEvent> find(String requestId) {
        Stored s = byRequestId.get(requestId);
        return s == null ? Optional.empty() : Optional.of(s.event);
    }

    /** Newest first by event time, then by write order; {@code limit <= 0} gives an empty list. */
    @Override
    public synchronized List<PredictionEvent> recent(String deployment, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        List<Stored> of = new ArrayList<>();
        for (Iterator<Stored> it = events.descendingIterator(); it.hasNext(); ) {
            Stored s = it.next();
            if (deployment.equals(s.event.deployment())) {
                of.add(s);
            }
        }
        of.sort(NEWEST_FIRST);
        return of.stream().limit(limit).map(s -> s.event).toList();
    }

    private record Stored(PredictionEvent event, long sequence) {
    }
}
