package dev.shepherd.automation;

import dev.shepherd.error.ConflictException;
import dev.shepherd.error.InvalidInputException;
import dev.shepherd.error.NotFoundException;
import dev.shepherd.feedback.FeedbackService;
import dev.shepherd.registry.Deployment;
import dev.shepherd.registry.ModelVersion;
import dev.shepherd.review.ReviewCase;
import dev.shepherd.review.ReviewItem;
import dev.shepherd.review.ReviewQueue;
import dev.shepherd.schema.ModelSchema;
import dev.shepherd.serving.DeploymentStatus;
import dev.shepherd.serving.Gateway;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What reviewers do: claim the next item under a lease, decide it with one of the model's
 * classes (and an optional note), or skip it. A decision is stored in the queue first (so it is
 * never lost), then recorded as the instance's ground-truth label ({@link FeedbackService#reviewed}:
 * joined to the model's answer, it feeds monitoring's accuracy), counted, and sent to the
 * request's callback URL if it had one. Thread-safe.
 */
public final class ReviewDesk {
    /** Lease when the reviewer names none. */
    public static final Duration DEFAULT_LEASE = Duration.ofMinutes(5);
    /** Shortest and longest lease a reviewer may ask for. */
    public static final Duration MIN_LEASE = Duration.ofSeconds(10);
    public static final Duration MAX_LEASE = Duration.ofHours(1);
    /** Longest note, characters. */
    public static final int MAX_NOTE = 2000;

    private static final Logger LOG = LoggerFactory.getLogger(ReviewDesk.class);

    private final Gateway gateway;
    private final ReviewQueue queue;
    private final FeedbackService feedback;
    private final AutomationCounters counters;
    private final Callbacks callbacks;
    private final Clock clock;

    /** {@code feedback} may be {@code null}: decisions then stay in the queue only. */
    public ReviewDesk(Gateway gateway, ReviewQueue queue, FeedbackService feedback, AutomationCounters counters,
                      Callbacks callbacks, Clock clock) {
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.feedback = feedback;
        this.counters = Objects.requireNonNull(counters, "counters");
        this.callbacks = Objects.requireNonNull(callbacks, "callbacks");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public ReviewQueue queue() {
        return queue;
    }

    /** Claims the next item of {@code deployment} ({@code null}: any) for {@code reviewer}; empty when none. */
    public Optional<ReviewItem> claimNext(String deployment, String reviewer, Duration lease) {
        if (deployment != null && gateway.status(deployment).isEmpty()) {
            throw new NotFoundException("deployment", "deployment: no deployment named '" + deployment + "'");
        }
        if (lease.compareTo(MIN_LEASE) < 0 || lease.compareTo(MAX_LEASE) > 0) {
            throw new InvalidInputException("lease_seconds", "lease_seconds: must be from " + MIN_LEASE.toSeconds()
                    + " to " + MAX_LEASE.toSeconds() + ", was " + lease.toSeconds());
        }
        return queue.claimNext(deployment, reviewer, lease, clock.instant());
    }

    /** The item; {@link NotFoundException} on {@code field} when unknown. */
    public ReviewItem item(String id, String field) {
        return queue.find(id).orElseThrow(() -> new NotFoundException(field, field + ": no review item or ticket '"
                + id + "'"));
    }

    /**
     * Decides the item with {@code label}, which must be one of the model's classes.
     *
     * @throws NotFoundException     an unknown id
     * @throws InvalidInputException a label that is not a class, or a note too long
     * @throws ConflictException     not claimed by {@code reviewer} under a live lease, or finished
     */
    public ReviewItem decide(String id, String reviewer, String label, String note) {
        ReviewItem item = item(id, "id");
        List<String> labels = labels(item);
        if (label == null || label.isBlank()) {
            throw new InvalidInputException("label", "label: required, one of " + String.join(", ", labels));
        }
        if (!labels.isEmpty() && !labels.contains(label)) {
            throw new InvalidInputException("label", "label: '" + shorten(label) + "' is not a class of "
                    + item.deployment() + "; expected one of " + String.join(", ", labels));
        }
        checkNote(note);
        ReviewItem decided = queue.decide(id, reviewer, label, note, clock.instant());
        counters.of(decided.deployment()).decided(decided.task().reason(), decided.agreed());
        if (feedback != null) {
            try {
                feedback.reviewed(decided.task().requestId(), decided.task().instance(), decided.deployment(), label);
            } catch (RuntimeException e) { // the decision itself is stored in the queue
                LOG.warn("decision on {} stored, but not recorded as a label: {}", id, e.toString());
            }
        }
        callbacks.send(decided);
        return decided;
    }

    /** Gives the item back to the queue for another reviewer (or later); as {@link #decide} otherwise. */
    public ReviewItem release(String id, String reviewer) {
        item(id, "id");
        return queue.release(id, reviewer, clock.instant());
    }

    /** Skips the item (no label); as {@link #decide} otherwise. The ticket then reads {@code skipped}. */
    public ReviewItem skip(String id, String reviewer, String note) {
        item(id, "id");
        checkNote(note);
        ReviewItem skipped = queue.skip(id, reviewer, note, clock.instant());
        counters.of(skipped.deployment()).skipped.increment();
        callbacks.send(skipped);
        return skipped;
    }

    /** The classes a reviewer chooses from: those of the model version that suggested, else the serving one's. */
    public List<String> labels(ReviewItem item) {
        return schema(item).map(s -> s.output().labels()).orElse(List.of());
    }

    /** The schema the item's inputs follow, when the version is still known. */
    public Optional<ModelSchema> schema(ReviewItem item) {
        Optional<DeploymentStatus> status = gateway.status(item.deployment());
        String model = status.map(DeploymentStatus::deployment).map(Deployment::model).orElse(item.deployment());
        ReviewCase c = item.task();
        Optional<ModelVersion> v = c.version() == null ? Optional.empty() : gateway.store().models().find(model, c.version());
        return v.or(() -> status.map(DeploymentStatus::serving)).map(ModelVersion::schema);
    }

    private static void checkNote(String note) {
        if (note != null && note.length() > MAX_NOTE) {
            throw new InvalidInputException("note", "note: " + note.length() + " characters, at most " + MAX_NOTE);
        }
    }

    private static String shorten(String s) {
        return s.length() > 70 ? s.substring(0, 67) + "..." : s;
    }
}
