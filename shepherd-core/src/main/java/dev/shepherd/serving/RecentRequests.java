package dev.shepherd.serving;

import dev.shepherd.feedback.RecentPredictions;
import dev.shepherd.predictionlog.PredictionEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The last {@code capacity} answered requests by id, so feedback can be joined at once, before the
 * prediction log's batch reaches the store (and even when a full log queue dropped the event).
 * A ring of slots evicts the oldest entry on each insert; lock-free, thread-safe. Default
 * capacity 65,536 requests.
 */
final class RecentRequests implements RecentPredictions {
    private final AtomicReferenceArray<PredictionEvent> ring;
    private final int mask;
    private final AtomicLong next = new AtomicLong();
    private final Map<String, PredictionEvent> byId = new ConcurrentHashMap<>();

    /** @param capacity a power of two */
    RecentRequests(int capacity) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two, was " + capacity);
        }
        this.ring = new AtomicReferenceArray<>(capacity);
        this.mask = capacity - 1;
    }

    void add(PredictionEvent e) {
        if (e.requestId() == null) {
            return;
        }
        PredictionEvent old = ring.getAndSet((int) (next.getAndIncrement() & mask), e);
        if (old != null) {
            // By identity: a retried id's newer event (equal as a record) must stay.
            byId.computeIfPresent(old.requestId(), (id, held) -> held == old ? null : held);
        }
        byId.put(e.requestId(), e);
    }

    /**
     * Up to {@code n} of the newest held events of {@code deployment} with logged inputs, newest
     * first (the warm-up source of blue-green).
     */
    List<PredictionEvent> latestWithInputs(String deployment, int n) {
        List<PredictionEvent> out = new ArrayList<>();
        long last = next.get() - 1;
        for (long i = last; i >= 0 && i > last - ring.length() && out.size() < n; i--) {
            PredictionEvent e = ring.get((int) (i & mask));
            if (e != null && e.inputsJson() != null && deployment.equals(e.deployment()) && "ok".equals(e.outcome())) {
                out.add(e);
            }
        }
        return out;
    }

    @Override
    public Optional<PredictionEvent> find(String requestId) {
        return requestId == null ? Optional.empty() : Optional.ofNullable(byId.get(requestId));
    }
}
