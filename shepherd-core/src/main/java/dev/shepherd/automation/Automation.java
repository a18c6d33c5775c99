package dev.shepherd.automation;

import dev.shepherd.error.ModelFailureException;
import dev.shepherd.review.ReviewCase;
import dev.shepherd.review.ReviewItem;
import dev.shepherd.review.ReviewQueue;
import dev.shepherd.schema.Batch;
import dev.shepherd.schema.Prediction;
import dev.shepherd.serving.BatchDecoder;
import dev.shepherd.serving.DeploymentStatus;
import dev.shepherd.serving.Gateway;
import dev.shepherd.serving.InferenceResult;
import dev.shepherd.serving.PayloadJson;
import dev.shepherd.registry.ModelVersion;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes requests by their deployment's automation level ({@link AutomationSetting}):
 * <ul>
 *   <li>{@code human}: every instance becomes a review item; the model is not asked.</li>
 *   <li>{@code shadow}: as human, and the model is asked off the response path; its answer is
 *       attached to the items (not shown to reviewers) to be compared with their decisions.</li>
 *   <li>{@code assist}: the model is asked first; every instance becomes an item showing its
 *       suggestion and confidence.</li>
 *   <li>{@code partial}: the model answers the instances whose confidence reaches the threshold
 *       of the class it predicts; the others become items with the suggestion. A model failure
 *       sends every instance to people instead of failing the request.</li>
 *   <li>{@code full}: the model answers everything.</li>
 * </ul>
 * Under {@code partial} and {@code full} each instance the model answers is also sampled with
 * probability {@code auditShare} for a blind audit (an item of weight {@code 1/auditShare}),
 * so the accuracy of automated decisions can be estimated without bias; audit samples are written
 * off the response path. Items people must decide are written to the {@link ReviewQueue} before
 * the request is answered 202, so an accepted request is never lost: that write is the one store
 * access on the path, and only for requests the model does not answer.
 *
 * <p>A deployment at {@code full} without audits goes straight to the gateway. Thread-safe.
 */
public final class Automation {
    private static final Logger LOG = LoggerFactory.getLogger(Automation.class);

    private final Gateway gateway;
    private final ReviewQueue queue;
    private final AutomationSettings settings;
    private final AutomationCounters counters;
    private final Clock clock;
    private final DoubleSupplier uniform;
    private final Executor shadowPool;
    private final Executor auditWriter;

    /**
     * @param uniform     uniform draws in [0, 1) for audit sampling (seed it in tests)
     * @param shadowPool  runs the model under the {@code shadow} level; a rejected task leaves the
     *                    items without the model's answer (counted)
     * @param auditWriter writes audit samples to the queue off the response path (the client has
     *                    its answer, so it must not wait for the store); a rejected write is counted
     */
    public Automation(Gateway gateway, ReviewQueue queue, AutomationSettings settings, AutomationCounters counters,
                      Clock clock, DoubleSupplier uniform, Executor shadowPool, Executor auditWriter) {
        this.auditWriter = Objects.requireNonNull(auditWriter, "auditWriter");
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.counters = Objects.requireNonNull(counters, "counters");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.uniform = Objects.requireNonNull(uniform, "uniform");
        this.shadowPool = Objects.requireNonNull(shadowPool, "shadowPool");
    }

    public AutomationSettings settings() {
        return settings;
    }

    public AutomationCounters counters() {
        return counters;
    }

    /**
     * Answers or queues one request ({@code callbackUrl}: called with each ticket once decided,
     * or {@code null}). Decoding errors are thrown as by {@link Gateway#infer}; so are model
     * failures at {@code full}.
     */
    public Outcome infer(String deployment, BatchDecoder decoder, String requestId, long payloadBytes, String routingKey,
                         String callbackUrl) {
        AutomationSetting s = settings.current(deployment);
        if (s.passThrough()) {
            return new Outcome.Answered(gateway.infer(deployment, null, decoder, requestId, payloadBytes, routingKey), List.of());
        }
        return switch (s.level()) {
            case HUMAN, SHADOW -> people(deployment, decoder, requestId, payloadBytes, routingKey, callbackUrl, s, true);
            case ASSIST, PARTIAL -> assisted(deployment, decoder, requestId, payloadBytes, routingKey, callbackUrl, s);
            case FULL -> {
                InferenceResult r = gateway.infer(deployment, null, decoder, requestId, payloadBytes, routingKey);
                counters.of(deployment).answered.add(r.predictions().size());
                yield new Outcome.Answered(r, audit(r, s, new boolean[r.predictions().size()]));
            }
        };
    }

    /** {@code human} and {@code shadow}: people decide every instance. */
    private Outcome people(String deployment, BatchDecoder decoder, String requestId, long payloadBytes,
                           String routingKey, String callbackUrl, AutomationSetting s, boolean unobserved) {
        ModelVersion serving = gateway.status(deployment).map(DeploymentStatus::serving).orElse(null);
        if (serving == null) {
            throw new ModelFailureException(dev.shepherd.error.ErrorCode.UNAVAILABLE,
                    "deployment '" + deployment + "' has no serving version");
        }
        long start = System.nanoTime();
        Batch batch = decoder.decode(serving.schema(), gateway.limits().maxBatch());
        String reason = s.level() == AutomationLevel.SHADOW ? ReviewCase.SHADOW : ReviewCase.HUMAN;
        List<String> inputs = PayloadJson.inputRecords(batch);
        Instant now = clock.instant();
        List<ReviewItem> items = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            items.add(ReviewItem.open(new ReviewCase(newTicket(), deployment, serving.version(), requestId, i,
                    inputs.get(i), null, Double.NaN, reason, s.priority(), 1.0, callbackUrl, now)));
        }
        queue.enqueueAll(items); // all of the request's items, or none (then the client gets the error)
        List<String> tickets = items.stream().map(ReviewItem::id).toList();
        counters.of(deployment).reviewed(reason, inputs.size());
        if (s.level() == AutomationLevel.HUMAN && unobserved) { // else the model's own call is counted
            gateway.observeWithoutModel(deployment, batch, System.nanoTime() - start, payloadBytes);
        }
        if (s.level() == AutomationLevel.SHADOW) {
            List<String> ids = List.copyOf(tickets);
            try {
                shadowPool.execute(() -> shadowAnswer(deployment, decoder, requestId, payloadBytes, routingKey, ids));
            } catch (RejectedExecutionException e) {
                counters.of(deployment).shadowDropped.increment();
            }
        }
        return new Outcome.Pending(requestId, deployment, s.level(), null, tickets);
    }

    private void shadowAnswer(String deployment, BatchDecoder decoder, String requestId, long payloadBytes,
                              String routingKey, List<String> tickets) {
        try {
            InferenceResult r = gateway.infer(deployment, null, decoder, requestId, payloadBytes, routingKey);
            for (int i = 0; i < tickets.size() && i < r.predictions().size(); i++) {
                if (r.predictions().get(i) instanceof Prediction.ClassPrediction c) {
                    queue.suggest(tickets.get(i), c.label(), c.confidence(), r.version());
                }
            }
        } catch (RuntimeException e) {
            counters.of(deployment).shadowFailed.increment();
            LOG.debug("shadow answer for {} failed: {}", requestId, e.toString());
        }
    }

    /** {@code assist} and {@code partial}: the model first, then people for all or the unsure instances. */
    private Outcome assisted(String deployment, BatchDecoder decoder, String requestId, long payloadBytes,
                             String routingKey, String callbackUrl, AutomationSetting s) {
        InferenceResult r;
        try {
            r = gateway.infer(deployment, null, decoder, requestId, payloadBytes, routingKey);
        } catch (ModelFailureException e) {
            counters.of(deployment).modelFailed.increment();
            return people(deployment, decoder, requestId, payloadBytes, routingKey, callbackUrl,
                    s.withLevel(AutomationLevel.HUMAN), false);
        }
        int n = r.predictions().size();
        boolean[] toPeople = new boolean[n];
        int unsure = 0;
        for (int i = 0; i < n; i++) {
            Prediction p = r.predictions().get(i);
            toPeople[i] = s.level() == AutomationLevel.ASSIST || !(p instanceof Prediction.ClassPrediction c)
                    || !(c.confidence() >= s.thresholdFor(c.label()));
            unsure += toPeople[i] ? 1 : 0;
        }
        if (unsure == 0) {
            counters.of(deployment).answered.add(n);
            return new Outcome.Answered(r, audit(r, s, toPeople));
        }
        List<String> inputs = PayloadJson.inputRecords(r.batch());
        String reason = s.level() == AutomationLevel.ASSIST ? ReviewCase.ASSIST : ReviewCase.LOW_CONFIDENCE;
        Instant now = clock.instant();
        String[] tickets = new String[n];
        List<ReviewItem> items = new ArrayList<>(unsure);
        for (int i = 0; i < n; i++) {
            if (toPeople[i]) {
                Prediction p = r.predictions().get(i);
                Prediction.ClassPrediction c = p instanceof Prediction.ClassPrediction cp ? cp : null;
                ReviewCase rc = new ReviewCase(newTicket(), deployment, r.version(), requestId, i, inputs.get(i),
                        c == null ? null : c.label(), c == null ? Double.NaN : c.confidence(), reason, s.priority(), 1.0,
                        callbackUrl, now);
                items.add(ReviewItem.open(rc));
                tickets[i] = rc.id();
            }
        }
        queue.enqueueAll(items);
        counters.of(deployment).reviewed(reason, unsure);
        counters.of(deployment).answered.add(n - unsure);
        audit(r, s, toPeople);
        return new Outcome.Pending(requestId, deployment, s.level(), r, Arrays.asList(tickets));
    }

    /**
     * Samples the instances the model answered (not {@code skip}) for a blind audit; their tickets.
     * The client already has its answer, so audits call nobody back.
     */
    private List<String> audit(InferenceResult r, AutomationSetting s, boolean[] skip) {
        if (s.auditShare() <= 0) {
            return List.of();
        }
        List<ReviewCase> cases = new ArrayList<>();
        List<String> inputs = null;
        Instant now = clock.instant();
        for (int i = 0; i < r.predictions().size(); i++) {
            if (skip[i] || !(uniform.getAsDouble() < s.auditShare())
                    || !(r.predictions().get(i) instanceof Prediction.ClassPrediction c)) {
                continue;
            }
            if (inputs == null) {
                inputs = PayloadJson.inputRecords(r.batch());
            }
            cases.add(new ReviewCase(newTicket(), r.deployment(), r.version(), r.requestId(), i,
                    inputs.get(i), c.label(), c.confidence(), ReviewCase.AUDIT, s.priority() - 1, 1.0 / s.auditShare(),
                    null, now));
        }
        if (cases.isEmpty()) {
            return List.of();
        }
        try {
            auditWriter.execute(() -> {
                for (ReviewCase c : cases) {
                    try {
                        enqueue(c);
                        counters.of(c.deployment()).reviewed(ReviewCase.AUDIT, 1);
                    } catch (RuntimeException e) {
                        counters.of(c.deployment()).auditDropped.increment();
                        LOG.warn("audit sample {} not queued: {}", c.id(), e.toString());
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            counters.of(r.deployment()).auditDropped.add(cases.size());
            return List.of();
        }
        return cases.stream().map(ReviewCase::id).toList();
    }

    private String enqueue(ReviewCase c) {
        queue.enqueue(ReviewItem.open(c));
        return c.id();
    }

    private static String newTicket() {
        return UUID.randomUUID().toString();
    }
}
