package dev.shepherd.review;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The durable queue of review items. Claims are leases: an item whose lease lapsed can be claimed
 * again; only the reviewer holding a live lease can decide or skip it, and an item is decided at
 * most once. Implementations make each operation atomic, so reviewers racing for one item get it
 * once. Thread-safe.
 */
public interface ReviewQueue {

    void enqueue(ReviewItem item);

    /**
     * Queues every item in one step: all of them or, when one fails (an id already taken, the
     * store failing), none ({@link dev.shepherd.error.ConflictException} for a taken id).
     */
    void enqueueAll(List<ReviewItem> items);

    Optional<ReviewItem> find(String id);

    /**
     * Claims the next claimable item (highest priority, then oldest) of {@code deployment}
     * ({@code null}: any) for {@code reviewer} until {@code now + lease}; empty when none.
     */
    Optional<ReviewItem> claimNext(String deployment, String reviewer, Duration lease, Instant now);

    /**
     * Decides the item: only its live claimant may. Throws {@link dev.shepherd.error.NotFoundException}
     * for an unknown id and {@link dev.shepherd.error.ConflictException} when it is not claimed by
     * {@code reviewer} (lease lapsed, someone else's, already decided or skipped).
     */
    ReviewItem decide(String id, String reviewer, String label, String note, Instant now);

    /**
     * Gives the item back: it is open again for any reviewer (the lease ends now). Only its live
     * claimant may; errors as {@link #decide}.
     */
    ReviewItem release(String id, String reviewer, Instant now);

    /** Skips the item (it will not be asked again): as {@link #decide}, without a label. */
    ReviewItem skip(String id, String reviewer, String note, Instant now);

    /**
     * Attaches the model's answer to an item queued before the model answered (the {@code shadow}
     * level asks it off the response path), whatever the item's state; unknown ids are ignored.
     */
    void suggest(String id, String suggestion, double confidence, String version);

    /**
     * Items not finished yet (open, or claimed) of the deployment ({@code null}: any), in claim
     * order (priority, then age), at most {@code limit}.
     */
    List<ReviewItem> pending(String deployment, int limit);

    /** Items of the deployment ({@code null}: any) held under a live claim at {@code now}. */
    long held(String deployment, Instant now);

    /** Claimable items (open, or with a lapsed lease) of the deployment ({@code null}: any). */
    long open(String deployment, Instant now);

    /** The oldest claimable item's creation time, if any. */
    Optional<Instant> oldestOpen(String deployment, Instant now);

    /** Decided items of the deployment with {@code decidedAt} in {@code [from, to)}, oldest first. */
    List<ReviewItem> decided(String deployment, Instant from, Instant to, int limit);
}
