package dev.shepherd.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shepherd.error.ConflictException;
import dev.shepherd.error.InvalidInputException;
import dev.shepherd.error.NotFoundException;
import dev.shepherd.monitor.Role;
import dev.shepherd.monitor.SeriesKey;
import dev.shepherd.predictionlog.PredictionEvent;
import dev.shepherd.schema.Prediction;
import dev.shepherd.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The intake behind {@code POST /api/v1/feedback}: validates a body, joins it to the logged
 * request, stores it in the {@link FeedbackStore} and then forwards it to a {@link FeedbackSink}
 * (monitoring).
 *
 * <p>Bodies:
 * <ul>
 *   <li>a label: {@code {"request_id", "label": "repaid"}} (a class) or
 *       {@code {"request_id", "value": 12.5}} (a number), for a request of one instance; for a batch
 *       request {@code "labels": [...]} or {@code "values": [...]} with exactly one entry per
 *       instance, in the request's order. A request is labelled once, as a whole: the same labels
 *       again are a {@link FeedbackResult.Status#DUPLICATE}, different ones a
 *       {@link ConflictException} (409) naming the field, and the first labels stay.</li>
 *   <li>an event: {@code {"event": "redo_search", "request_id"?, "deployment"?, "value"?}} with a
 *       request id or a deployment (or both, as a cross-check); {@code value} defaults to 1.
 *       Events are appended, never deduplicated.</li>
 * </ul>
 * Every problem is an {@link InvalidInputException} naming the field; an unknown request id is a
 * {@link NotFoundException} on {@code request_id}, a deployment that serves nothing one on
 * {@code deployment}. Optional {@code "deployment"} on a request's body must name the deployment
 * that answered it.
 *
 * <p>Finding the request: {@link RecentPredictions} first, then {@code store.predictions()}. The
 * prediction log reaches the store in background batches (about every 200 ms), so a miss is
 * retried every {@value #POLL_MILLIS} ms for up to {@code lookupWait} (default 1 s) before it is
 * answered with 404; only unknown ids pay that wait.
 *
 * <p>Labels whose request has no logged predictions (a failed request) are stored but not
 * forwarded, and reported {@code joined: false}. Everything is counted for the version that
 * answered, in the role it answered in (primary, or candidate during a canary); a label is also
 * joined to a shadow's answer to the same request while it is held in memory. An event without a
 * request counts for the version the deployment serves when it arrives, as primary. Times come from the clock, truncated to the millisecond (the store's
 * precision). Thread-safe.
 */
public final class FeedbackService {
    /** Interval between lookups of a request id not found yet, milliseconds. */
    public static final long POLL_MILLIS = 50;
    /** How long an unknown request id is looked for by the four-argument constructor. */
    public static final Duration DEFAULT_LOOKUP_WAIT = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(FeedbackService.class);

    private final Store store;
    private final Clock clock;
    private final FeedbackSink sink;
    private final Function<String, Optional<String>> servingVersion;
    private final RecentPredictions recent;
    private final long retries;

    /**
     * @param store          where predictions are read and feedback written
     * @param clock          stamps {@code receivedAt}
     * @param sink           receives what was stored ({@link FeedbackSink#none()} to drop)
     * @param servingVersion a deployment's serving version now, empty when it does not exist
     * @param recent         requests not yet flushed to the store ({@link RecentPredictions#none()})
     * @param lookupWait     how long a request id is looked for before 404, zero for one lookup
     */
    public FeedbackService(Store store, Clock clock, FeedbackSink sink,
                           Function<String, Optional<String>> servingVersion, RecentPredictions recent,
                           Duration lookupWait) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.servingVersion = Objects.requireNonNull(servingVersion, "servingVersion");
        this.recent = Objects.requireNonNull(recent, "recent");
        if (lookupWait.isNegative()) {
            throw new IllegalArgumentException("feedback lookupWait must be >= 0, was " + lookupWait);
        }
        this.retries = lookupWait.toMillis() / POLL_MILLIS;
    }

    /** A service without an in-memory view of recent requests, waiting {@link #DEFAULT_LOOKUP_WAIT}. */
    public FeedbackService(Store store, Clock clock, FeedbackSink sink,
                           Function<String, Optional<String>> servingVersion) {
        this(store, clock, sink, servingVersion, RecentPredictions.none(), DEFAULT_LOOKUP_WAIT);
    }

    /**
     * Validates, stores and forwards one feedback body (see the class comment).
     *
     * @throws InvalidInputException a malformed body or a label that does not fit the request
     * @throws NotFoundException     an unknown request id or deployment
     * @throws ConflictException     a request already labelled differently
     */
    public FeedbackResult submit(JsonNode body) {
        return switch (FeedbackRequest.decode(body)) {
            case FeedbackRequest.Labels l -> label(l);
            case FeedbackRequest.Event e -> event(e);
        };
    }

    private FeedbackResult label(FeedbackRequest.Labels req) {
        PredictionEvent logged = logged(req.requestId(), req.deployment());
        Optional<List<Prediction>> outputs = LoggedOutputs.parse(logged.outputsJson());
        int instances = outputs.map(List::size).orElse(logged.batchSize());
        String field = req.field();
        if (!req.perInstance() && instances > 1) {
            throw new InvalidInputException(field, field + ": request " + req.requestId() + " had " + instances
                    + " instances; send \"" + field + "s\" with one entry per instance");
        }
        if (req.perInstance() && req.truths().size() != instances) {
            throw new InvalidInputException(field, field + ": request " + req.requestId() + " had " + instances
                    + " instances, got " + req.truths().size() + " entries");
        }
        Instant now = now();
        List<Label> labels = new ArrayList<>(req.truths().size());
        for (int i = 0; i < req.truths().size(); i++) {
            FeedbackRequest.Truth t = req.truths().get(i);
            labels.add(new Label(req.requestId(), i, logged.deployment(), logged.version(), t.label(), t.value(), now));
        }
        List<Label> existing = store.feedback().saveLabels(labels);
        boolean joined = outputs.isPresent();
        List<Label> saved = labels;
        if (!existing.isEmpty()) {
            if (sameTruths(existing, labels)) {
                return new FeedbackResult(FeedbackResult.Status.DUPLICATE, FeedbackResult.Kind.LABEL,
                        req.requestId(), logged.deployment(), logged.version(), joined);
            }
            saved = completing(existing, labels);
            if (saved == null) {
                throw new ConflictException(field, field + ": request " + req.requestId() + " is already labelled "
                        + truths(existing) + ", refusing " + req.truths());
            }
        }
        forwardJoined(req.requestId(), logged, outputs, saved);
        return new FeedbackResult(FeedbackResult.Status.RECORDED, FeedbackResult.Kind.LABEL, req.requestId(),
                logged.deployment(), logged.version(), joined);
    }

    /**
     * Records a reviewer's decision on one instance of a request as that instance's label. It is
     * joined to the model's logged answer when the model answered the request (looked up once,
     * without waiting: the model under the {@code human} level is never asked, and its label is
     * stored unjoined), and counted for the version and role that answered, and for any shadow's
     * answer held in memory. A label the instance already had is kept, and the result is then
     * {@code DUPLICATE} (whether or not it states the same class).
     */
    public FeedbackResult reviewed(String requestId, int instance, String deployment, String label) {
        PredictionEvent logged = recent.find(requestId).or(() -> store.predictions().find(requestId))
                .filter(e -> e.deployment().equals(deployment)).orElse(null);
        Optional<List<Prediction>> outputs = logged == null ? Optional.empty() : LoggedOutputs.parse(logged.outputsJson());
        String version = logged == null ? null : logged.version();
        Label l = new Label(requestId, instance, deployment, version, label, null, now());
        Optional<Label> existing = store.feedback().saveLabel(l);
        boolean joined = outputs.isPresent() && outputs.get().size() > instance && version != null;
        if (existing.isPresent()) {
            if (!existing.get().sameTruth(l)) {
                LOG.info("review of {}[{}] decided {} but the instance was already labelled {}; the first label stays",
                        requestId, instance, label, existing.get().label());
            }
            return new FeedbackResult(FeedbackResult.Status.DUPLICATE, FeedbackResult.Kind.LABEL, requestId,
                    deployment, version, joined);
        }
        if (joined) {
            forwardJoined(requestId, logged, outputs, List.of(l));
        }
        return new FeedbackResult(FeedbackResult.Status.RECORDED, FeedbackResult.Kind.LABEL, requestId, deployment,
                version, joined);
    }

    /**
     * A request some of whose instances reviewers already labelled, one by one: when those agree
     * with {@code wanted}, the other instances are labelled now and returned; {@code null} when any
     * disagrees.
     */
    private List<Label> completing(List<Label> existing, List<Label> wanted) {
        for (Label e : existing) {
            if (e.instance() >= wanted.size() || !e.sameTruth(wanted.get(e.instance()))) {
                return null;
            }
        }
        List<Label> added = new ArrayList<>();
        for (Label l : wanted) {
            boolean had = existing.stream().anyMatch(e -> e.instance() == l.instance());
            if (!had && store.feedback().saveLabel(l).isEmpty()) {
                added.add(l);
            }
        }
        return added;
    }

    /**
     * Forwards {@code labels} (of {@code logged}'s request) joined to what the logged version
     * answered, and to the answers of its counterparts held in memory (a shadow's) that cover
     * every labelled instance.
     */
    private void forwardJoined(String requestId, PredictionEvent logged, Optional<List<Prediction>> outputs,
                               List<Label> labels) {
        int needed = labels.stream().mapToInt(Label::instance).max().orElse(-1) + 1;
        if (outputs.isPresent() && logged.version() != null) {
            forwardLabels(new SeriesKey(logged.deployment(), logged.version(), roleOf(logged)), outputs.get(), labels);
        }
        for (PredictionEvent other : recent.counterparts(requestId)) {
            Optional<List<Prediction>> theirs = LoggedOutputs.parse(other.outputsJson());
            if (theirs.isPresent() && theirs.get().size() >= needed && other.deployment().equals(logged.deployment())) {
                forwardLabels(new SeriesKey(other.deployment(), other.version(), roleOf(other)), theirs.get(), labels);
            }
        }
    }

    private void forwardLabels(SeriesKey key, List<Prediction> predicted, List<Label> labels) {
        for (Label l : labels) {
            Prediction p = predicted.get(l.instance());
            forward(() -> sink.label(key, p, l.label(), l.value()));
        }
    }

    /** The role the logged version played for the request ({@code primary} when not recorded). */
    private static Role roleOf(PredictionEvent e) {
        for (Role r : Role.values()) {
            if (r.wireName().equals(e.role())) {
                return r;
            }
        }
        return Role.PRIMARY;
    }

    private FeedbackResult event(FeedbackRequest.Event req) {
        String deployment;
        String version;
        Role role = Role.PRIMARY;
        if (req.requestId() != null) {
            PredictionEvent logged = logged(req.requestId(), req.deployment());
            deployment = logged.deployment();
            version = logged.version();
            role = roleOf(logged);
        } else {
            deployment = req.deployment();
            version = servingVersion.apply(deployment).orElseThrow(() -> new NotFoundException("deployment",
                    "deployment: no deployment named '" + deployment + "'"));
        }
        store.feedback().saveEvent(new FeedbackEvent(deployment, version, req.requestId(), req.event(), req.value(),
                now()));
        if (version != null) {
            SeriesKey key = new SeriesKey(deployment, version, role);
            forward(() -> sink.event(key, req.event(), req.value()));
        }
        return new FeedbackResult(FeedbackResult.Status.RECORDED, FeedbackResult.Kind.EVENT, req.requestId(),
                deployment, version, req.requestId() != null);
    }

    /** The logged request, looked for up to the lookup wait; checks the body's optional deployment. */
    private PredictionEvent logged(String requestId, String deployment) {
        PredictionEvent logged = null;
        for (long attempt = 0; logged == null; attempt++) {
            logged = recent.find(requestId).or(() -> store.predictions().find(requestId)).orElse(null);
            if (logged == null && (attempt >= retries || !pause())) {
                throw new NotFoundException("request_id", "request_id: no logged request '" + requestId
                        + "' (the X-Request-Id of a request this server answered)");
            }
        }
        if (deployment != null && !deployment.equals(logged.deployment())) {
            throw new InvalidInputException("deployment", "deployment: request " + requestId
                    + " was answered by deployment '" + logged.deployment() + "', not '" + deployment + "'");
        }
        return logged;
    }

    /** Waits one poll interval; false when interrupted (the interrupt is kept). */
    private static boolean pause() {
        try {
            Thread.sleep(POLL_MILLIS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void forward(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("feedback stored but not forwarded to monitoring: {}", e.toString());
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static boolean sameTruths(List<Label> a, List<Label> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).sameTruth(b.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static List<FeedbackRequest.Truth> truths(List<Label> labels) {
        return labels.stream().map(l -> new FeedbackRequest.Truth(l.label(), l.value())).toList();
    }
}
