package dev.shepherd.store.sqlite;

import dev.shepherd.error.ConflictException;
import dev.shepherd.error.NotFoundException;
import dev.shepherd.review.ReviewCase;
import dev.shepherd.review.ReviewItem;
import dev.shepherd.review.ReviewQueue;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * {@link ReviewQueue} over {@code review_items}. A claim is one write transaction (writes are
 * serialized, {@code BEGIN IMMEDIATE}) that picks the next claimable row and marks it, so racing
 * reviewers never get the same item; a decision reads and updates its row in one transaction.
 * Times at millisecond precision. Thread-safe.
 */
final class SqliteReviewQueue implements ReviewQueue {
    private static final String COLUMNS = "id, deployment, version, request_id, instance, inputs, suggestion, confidence, "
            + "reason, priority, weight, callback_url, created_at, state, claimed_by, lease_until, decision, note, "
            + "decided_by, decided_at";
    private static final String CLAIMABLE = "(state = 'OPEN' OR (state = 'CLAIMED' AND lease_until <= :now))";

    private final SqliteDatabase db;

    SqliteReviewQueue(SqliteDatabase db) {
        this.db = db;
    }

    @Override
    public void enqueue(ReviewItem i) {
        enqueueAll(List.of(i));
    }

    @Override
    public void enqueueAll(List<ReviewItem> items) {
        db.write(h -> {
            for (ReviewItem i : items) {
                insert(h, i);
            }
            return null;
        });
    }

    private static void insert(Handle h, ReviewItem i) {
        ReviewCase c = i.task();
        if (find(h, i.id()).isPresent()) {
            throw new ConflictException("id", "review item " + i.id() + " already exists");
        }
        h.createUpdate("INSERT INTO review_items (" + COLUMNS + ") VALUES (:id, :deployment, :version, :requestId, "
                        + ":instance, :inputs, :suggestion, :confidence, :reason, :priority, :weight, :callback, "
                        + ":createdAt, :state, :claimedBy, :leaseUntil, :decision, :note, :decidedBy, :decidedAt)")
                .bind("id", c.id()).bind("deployment", c.deployment()).bind("version", c.version())
                .bind("requestId", c.requestId()).bind("instance", c.instance())
                .bind("inputs", c.inputsJson()).bind("suggestion", c.suggestion())
                .bind("confidence", Double.isFinite(c.confidence()) ? c.confidence() : null)
                .bind("reason", c.reason()).bind("priority", c.priority()).bind("weight", c.weight())
                .bind("callback", c.callbackUrl())
                .bind("createdAt", Times.toMillis(c.createdAt())).bind("state", i.state().name())
                .bind("claimedBy", i.claimedBy()).bind("leaseUntil", Times.toMillis(i.leaseUntil()))
                .bind("decision", i.decision()).bind("note", i.note()).bind("decidedBy", i.decidedBy())
                .bind("decidedAt", Times.toMillis(i.decidedAt()))
                .execute();
    }

    @Override
    public Optional<ReviewItem> find(String id) {
        return db.read(h -> find(h, id));
    }

    private static Optional<ReviewItem> find(Handle h, String id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM review_items WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> item(rs)).findOne();
    }

    @Override
    public Optional<ReviewItem> claimNext(String deployment, String reviewer, Duration lease, Instant now) {
        return db.write(h -> {
            Optional<String> id = h.createQuery("SELECT id FROM review_items WHERE " + CLAIMABLE
                            + (deployment == null ? "" : " AND deployment = :deployment")
                            + " ORDER BY priority DESC, created_at, id LIMIT 1")
                    .bind("now", Times.toMillis(now)).bind("deployment", deployment)
                    .mapTo(String.class).findOne();
            if (id.isEmpty()) {
                return Optional.<ReviewItem>empty();
            }
            h.createUpdate("UPDATE review_items SET state = 'CLAIMED', claimed_by = :reviewer, lease_until = :until, "
                            + "decision = NULL, note = NULL, decided_by = NULL, decided_at = NULL WHERE id = :id")
                    .bind("reviewer", reviewer).bind("until", Times.toMillis(now.plus(lease))).bind("id", id.get())
                    .execute();
            return find(h, id.get());
        });
    }

    @Override
    public ReviewItem decide(String id, String reviewer, String label, String note, Instant now) {
        return finish(id, reviewer, "DECIDED", label, note, now);
    }

    @Override
    public ReviewItem skip(String id, String reviewer, String note, Instant now) {
        return finish(id, reviewer, "SKIPPED", null, note, now);
    }

    @Override
    public ReviewItem release(String id, String reviewer, Instant now) {
        return db.write(h -> {
            held(h, id, reviewer, now);
            h.createUpdate("UPDATE review_items SET state = 'OPEN', claimed_by = NULL, lease_until = NULL WHERE id = :id")
                    .bind("id", id).execute();
            return find(h, id).orElseThrow();
        });
    }

    /** The item, when {@code reviewer} holds it under a live claim; else the exceptions of {@link ReviewQueue#decide}. */
    private static ReviewItem held(Handle h, String id, String reviewer, Instant now) {
        ReviewItem i = find(h, id).orElseThrow(() -> new NotFoundException("id", "no review item " + id));
        if (i.state().finished()) {
            throw new ConflictException("id", "review item " + id + " is already " + i.state().wireName() + " by "
                    + i.decidedBy());
        }
        if (!i.claimedAt(now) || !reviewer.equals(i.claimedBy())) {
            throw new ConflictException("id", "review item " + id + " is not claimed by " + reviewer
                    + (i.claimedAt(now) ? " (" + i.claimedBy() + " holds it)"
                    : " (claim it first; a lapsed claim counts for nothing)"));
        }
        return i;
    }

    private ReviewItem finish(String id, String reviewer, String state, String label, String note, Instant now) {
        return db.write(h -> {
            held(h, id, reviewer, now);
            h.createUpdate("UPDATE review_items SET state = :state, decision = :decision, note = :note, "
                            + "decided_by = :reviewer, decided_at = :at WHERE id = :id")
                    .bind("state", state).bind("decision", label).bind("note", note).bind("reviewer", reviewer)
                    .bind("at", Times.toMillis(now)).bind("id", id)
                    .execute();
            return find(h, id).orElseThrow();
        });
    }

    @Override
    public void suggest(String id, String suggestion, double confidence, String version) {
        db.write(h -> h.createUpdate("UPDATE review_items SET suggestion = :suggestion, confidence = :confidence, "
                        + "version = COALESCE(:version, version) WHERE id = :id")
                .bind("suggestion", suggestion).bind("confidence", Double.isFinite(confidence) ? confidence : null)
                .bind("version", version).bind("id", id).execute());
    }

    @Override
    public List<ReviewItem> pending(String deployment, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM review_items WHERE state IN ('OPEN', 'CLAIMED')"
                        + (deployment == null ? "" : " AND deployment = :deployment")
                        + " ORDER BY priority DESC, created_at, id LIMIT :limit")
                .bind("deployment", deployment).bind("limit", limit).map((rs, ctx) -> item(rs)).list());
    }

    @Override
    public long held(String deployment, Instant now) {
        return db.read(h -> h.createQuery("SELECT COUNT(*) FROM review_items WHERE state = 'CLAIMED' AND lease_until > :now"
                        + (deployment == null ? "" : " AND deployment = :deployment"))
                .bind("now", Times.toMillis(now)).bind("deployment", deployment).mapTo(Long.class).one());
    }

    @Override
    public long open(String deployment, Instant now) {
        return db.read(h -> h.createQuery("SELECT COUNT(*) FROM review_items WHERE " + CLAIMABLE
                        + (deployment == null ? "" : " AND deployment = :deployment"))
                .bind("now", Times.toMillis(now)).bind("deployment", deployment).mapTo(Long.class).one());
    }

    @Override
    public Optional<Instant> oldestOpen(String deployment, Instant now) {
        return db.read(h -> h.createQuery("SELECT MIN(created_at) FROM review_items WHERE " + CLAIMABLE
                        + (deployment == null ? "" : " AND deployment = :deployment"))
                .bind("now", Times.toMillis(now)).bind("deployment", deployment)
                .map((rs, ctx) -> Times.instant(rs, 1)).findOne().flatMap(Optional::ofNullable));
    }

    @Override
    public List<ReviewItem> decided(String deployment, Instant from, Instant to, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM review_items WHERE state = 'DECIDED' "
                        + (deployment == null ? "" : "AND deployment = :deployment ")
                        + "AND decided_at >= :from AND decided_at < :to ORDER BY decided_at, id LIMIT :limit")
                .bind("deployment", deployment).bind("from", Times.ceilMillis(from)).bind("to", Times.ceilMillis(to))
                .bind("limit", limit).map((rs, ctx) -> item(rs)).list());
    }

    private static ReviewItem item(ResultSet rs) throws SQLException {
        double confidence = rs.getDouble("confidence");
        if (rs.wasNull()) {
            confidence = Double.NaN;
        }
        ReviewCase c = new ReviewCase(rs.getString("id"), rs.getString("deployment"), rs.getString("version"),
                rs.getString("request_id"), rs.getInt("instance"), rs.getString("inputs"), rs.getString("suggestion"),
                confidence, rs.getString("reason"), rs.getInt("priority"), rs.getDouble("weight"),
                rs.getString("callback_url"), Times.instant(rs, "created_at"));
        return new ReviewItem(c, ReviewItem.State.valueOf(rs.getString("state")), rs.getString("claimed_by"), Times.instant(rs, "lease_until"), rs.getString("decision"), rs.getString("note"),
                rs.getString("decided_by"), Times.instant(rs, "decided_at"));
    }
}
