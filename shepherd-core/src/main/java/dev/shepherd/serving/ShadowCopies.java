package dev.shepherd.serving;

import dev.shepherd.error.ErrorCode;
import dev.shepherd.error.ModelFailureException;
import dev.shepherd.error.ShepherdException;
import dev.shepherd.monitor.RequestObservation;
import dev.shepherd.monitor.Role;
import dev.shepherd.predictionlog.PredictionEvent;
import dev.shepherd.registry.ModelVersion;
import dev.shepherd.schema.Batch;
import dev.shepherd.schema.Prediction;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Copies of answered requests run off the response path on the {@link ShadowRunner}: the
 * candidate's shadow share of primary answers (recorded under role {@code shadow}, kept for label
 * joins, compared with the primary's), and the compare share of a canary's answers run on the
 * primary (compared only). Offering a copy never waits. Thread-safe.
 */
final class ShadowCopies implements AutoCloseable {
    /** Where a copy's outcome is observed: the gateway's monitoring hand-off. */
    @FunctionalInterface
    interface Observe {
        void observe(Route r, ModelVersion mv, Role role, RequestObservation o);
    }

    private final ShadowRunner runner = new ShadowRunner();
    private final ModelCalls calls;
    private final ServingLimits limits;
    private final Observe observe;
    private final Supplier<ComparisonSink> comparisons;
    /** Shadow answers of recent requests, for joining labels to the shadow too. */
    private final RecentRequests answers = new RecentRequests(1 << 14);

    ShadowCopies(ModelCalls calls, ServingLimits limits, Observe observe, Supplier<ComparisonSink> comparisons) {
        this.calls = calls;
        this.limits = limits;
        this.observe = observe;
        this.comparisons = comparisons;
    }

    RecentRequests answers() {
        return answers;
    }

    ShadowStats stats() {
        return runner.stats();
    }

    /** Offers a copy of a request {@code answered} by the candidate or the primary, by the route's shares. */
    void offer(Route r, boolean answeredByCandidate, Batch batch, BatchDecoder decoder, List<Prediction> answered,
               String requestId, Instant at, long payloadBytes) {
        TrafficSplit s = r.split();
        if (s == null || r.candidate() == null || (answeredByCandidate && r.model() == null)) {
            return;
        }
        double share = answeredByCandidate ? s.compareShare() : s.shadowShare();
        if (share <= 0 || (share < 1 && ThreadLocalRandom.current().nextDouble() >= share)) {
            return;
        }
        runner.offer(() -> run(r, answeredByCandidate, batch, decoder, answered, requestId, at, payloadBytes));
    }

    /**
     * Runs one copy on the calling shadow worker itself, not on the invoker the primary uses: a
     * CPU-heavy candidate then competes only for the shadow workers' share of the cores and never
     * holds a carrier thread that requests need. A copy that took longer than the request timeout
     * counts as a timeout (the worker waited for it; later copies queue or are dropped meanwhile).
     */
    private void run(Route r, boolean answeredByCandidate, Batch batch, BatchDecoder decoder, List<Prediction> answered,
                     String requestId, Instant at, long payloadBytes) {
        ModelVersion other = answeredByCandidate ? r.version() : r.candidateVersion();
        LoadedModel lm = answeredByCandidate ? r.model() : r.candidate();
        String deployment = r.deployment().name();
        long start = System.nanoTime();
        if (!lm.acquire()) {
            runner.failed();
            return;
        }
        Batch b = null;
        try {
            b = batch.schema().equals(other.schema()) ? batch : decoder.decode(other.schema(), limits.maxBatch());
            List<Prediction> out = calls.here(lm, b, other.key());
            long latency = System.nanoTime() - start;
            if (latency > limits.requestTimeout().toNanos()) {
                throw new ModelFailureException(ErrorCode.TIMEOUT, "model " + other.key() + " took "
                        + latency / 1_000_000 + " ms, over the request timeout");
            }
            if (answeredByCandidate) {
                comparisons.get().compared(deployment, r.candidateVersion().version(), out, answered);
            } else {
                observe.observe(r, other, Role.SHADOW, new RequestObservation(b, out, "ok", latency, latency, payloadBytes));
                answers.add(new PredictionEvent(requestId, at, deployment, other.name(), other.version(), latency,
                        "ok", b.size(), null, PayloadJson.outputs(out, other.schema()), Role.SHADOW.wireName()));
                comparisons.get().compared(deployment, other.version(), answered, out);
            }
        } catch (RuntimeException e) {
            runner.failed();
            if (!answeredByCandidate) {
                String code = e instanceof ShepherdException se ? se.code().wireName() : ErrorCode.MODEL_ERROR.wireName();
                observe.observe(r, other, Role.SHADOW, new RequestObservation(b, null, code, System.nanoTime() - start,
                        0, payloadBytes));
            }
        } finally {
            lm.release();
        }
    }

    @Override
    public void close() {
        runner.close();
    }
}
