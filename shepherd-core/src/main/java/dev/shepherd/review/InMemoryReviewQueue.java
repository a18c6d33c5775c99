package dev.shepherd.review;

import dev.shepherd.error.ConflictException;
import dev.shepherd.error.NotFoundException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A {@link ReviewQueue} in memory; every operation holds the queue's lock. Thread-safe. */
public final class InMemoryReviewQueue implements ReviewQueue {
    static final Comparator<ReviewItem> ORDER = Comparator.comparingInt(ReviewItem::priority).reversed()
            .thenComparing(ReviewItem::createdAt).thenComparing(ReviewItem::id);

    private final Map<String, ReviewItem> items = new LinkedHashMap<>();

    @Override
    public synchronized void enqueue(ReviewItem item) {
        if (items.putIfAbsent(item.id(), item) != null) {
            throw new ConflictException("id", "review item " + item.id() + " already exists");
        }
    }

    @Override
    public synchronized void enqueueAll(List<ReviewItem> batch) {
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (ReviewItem i : batch) {
            if (items.containsKey(i.id()) || !ids.add(i.id())) {
                throw new ConflictException("id", "review item " + i.id() + " already exists");
            }
        }
        batch.forEach(i -> items.put(i.id(), i));
    }

    @Override
    public synchronized Optional<ReviewItem> find(String id) {
        return Optional.ofNullable(items.get(id));
    }

    @Override
    public synchronized Optional<ReviewItem> claimNext(String deployment, String reviewer, Duration lease, Instant now) {
        Optional<ReviewItem> next = items.values().stream()
                .filter(i -> (deployment == null || i.deployment().equals(deployment)) && i.claimableAt(now))
                .min(ORDER);
        next.ifPresent(i -> items.put(i.id(), i.claimed(reviewer, now.plus(lease))));
        return next.map(i -> items.get(i.id()));
    }

    @Override
    public synchronized ReviewItem decide(String id, String reviewer, String label, String note, Instant now) {
        ReviewItem i = held(id, reviewer, now);
        ReviewItem d = i.decided(reviewer, label, note, now);
        items.put(id, d);
        return d;
    }

    @Override
    public synchronized ReviewItem release(String id, String reviewer, Instant now) {
        ReviewItem r = held(id, reviewer, now).released();
        items.put(id, r);
        return r;
    }

    @Override
    public synchronized ReviewItem skip(String id, String reviewer, String note, Instant now) {
        ReviewItem i = held(id, reviewer, now);
        ReviewItem s = i.skipped(reviewer, note, now);
        items.put(id, s);
        return s;
    }

    private ReviewItem held(String id, String reviewer, Instant now) {
        ReviewItem i = items.get(id);
        if (i == null) {
            throw new NotFoundException("id", "no review item " + id);
        }
        if (i.state().finished()) {
            throw new ConflictException("id", "review item " + id + " is already " + i.state().wireName() + " by "
                    + i.decidedBy());
        }
        if (!i.claimedAt(now) || !reviewer.equals(i.claimedBy())) {
            throw new ConflictException("id", "review item " + id + " is not claimed by " + reviewer
                    + (i.claimedAt(now) ? " (" + i.claimedBy() + " holds it)" : " (claim it first; a lapsed claim counts for nothing)"));
        }
        return i;
    }

    @Override
    public synchronized void suggest(String id, String suggestion, double confidence, String version) {
        items.computeIfPresent(id, (k, i) -> i.suggested(suggestion, confidence, version));
    }

    @Override
    public synchronized List<ReviewItem> pending(String deployment, int limit) {
        return items.values().stream().filter(i -> (deployment == null || i.deployment().equals(deployment))
                && !i.state().finished()).sorted(ORDER).limit(Math.max(0, limit)).toList();
    }

    @Override
    public synchronized long held(String deployment, Instant now) {
        return items.values().stream().filter(i -> (deployment == null || i.deployment().equals(deployment))
                && i.claimedAt(now)).count();
    }

    @Override
    public synchronized long open(String deployment, Instant now) {
        return items.values().stream().filter(i -> (deployment == null || i.deployment().equals(deployment))
                && i.claimableAt(now)).count();
    }

    @Override
    public synchronized Optional<Instant> oldestOpen(String deployment, Instant now) {
        return items.values().stream().filter(i -> (deployment == null || i.deployment().equals(deployment))
                && i.claimableAt(now)).map(ReviewItem::createdAt).min(Comparator.naturalOrder());
    }

    @Override
    public synchronized List<ReviewItem> decided(String deployment, Instant from, Instant to, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return items.values().stream().filter(i -> i.state() == ReviewItem.State.DECIDED
                        && (deployment == null || i.deployment().equals(deployment))
                        && !i.decidedAt().isBefore(from) && i.decidedAt().isBefore(to))
                .sorted(Comparator.comparing(ReviewItem::decidedAt)).limit(limit).toList();
    }
}
