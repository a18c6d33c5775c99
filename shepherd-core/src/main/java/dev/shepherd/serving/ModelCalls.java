package dev.shepherd.serving;

import dev.shepherd.error.CapacityException;
import dev.shepherd.error.ErrorCode;
import dev.shepherd.error.ModelFailureException;
import dev.shepherd.error.ShepherdException;
import dev.shepherd.schema.Batch;
import dev.shepherd.schema.Prediction;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Calls into loaded models: on the invoker (one virtual thread per call) with the request timeout,
 * or on the calling thread (shadow workers). Both keep the model's in-flight limit and check that a
 * model answers once per instance. Thread-safe.
 */
final class ModelCalls implements AutoCloseable {
    private final ServingLimits limits;
    private final ExecutorService invoker = Executors.newVirtualThreadPerTaskExecutor();

    ModelCalls(ServingLimits limits) {
        this.limits = limits;
    }

    /** A call into {@code lm}, which the caller already holds ({@link LoadedModel#acquire()}). */
    Call call(LoadedModel lm) {
        return new Call(lm);
    }

    /**
     * One call into a held model on the invoker, bounded by the model's in-flight limit and the
     * request timeout. The hold passes to the invoker task once submitted (it releases it when the
     * model returns), otherwise {@link #releaseUnlessHandedOff} releases it.
     */
    final class Call {
        private final LoadedModel lm;
        private boolean handedOff;
        volatile long modelNanos;

        private Call(LoadedModel lm) {
            this.lm = lm;
        }

        List<Prediction> run(Batch b, String key) {
            if (!lm.tryEnter()) {
                throw new CapacityException("model " + key + " already runs " + limits.maxInFlightPerModel()
                        + " requests; retry later");
            }
            Future<List<Prediction>> f;
            try {
                f = invoker.submit(() -> {
                    long t0 = System.nanoTime();
                    try {
                        return lm.model.predict(b);
                    } finally {
                        modelNanos = System.nanoTime() - t0;
                        lm.exit();
                        lm.release();
                    }
                });
            } catch (RejectedExecutionException e) {
                lm.exit();
                throw new ModelFailureException(ErrorCode.UNAVAILABLE, "gateway is shutting down", e);
            }
            handedOff = true;
            return await(f, b.size(), key);
        }

        void releaseUnlessHandedOff() {
            if (!handedOff) {
                lm.release();
            }
        }
    }

    /** Calls a held model on this thread, within its in-flight limit. */
    List<Prediction> here(LoadedModel lm, Batch b, String key) {
        if (!lm.tryEnter()) {
            throw new CapacityException("model " + key + " is at its in-flight limit");
        }
        try {
            return checked(lm.model.predict(b), b.size(), key);
        } finally {
            lm.exit();
        }
    }

    /**
     * Waits for a model call up to the request timeout. On timeout the call is interrupted but
     * keeps its hold on the model until it really returns, so the model is never closed under a
     * running call; the in-flight limit keeps runaway calls bounded.
     */
    private List<Prediction> await(Future<List<Prediction>> f, int rows, String key) {
        try {
            return checked(f.get(limits.requestTimeout().toNanos(), TimeUnit.NANOSECONDS), rows, key);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new ModelFailureException(ErrorCode.TIMEOUT, "model " + key + " did not answer within "
                    + limits.requestTimeout().toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof ShepherdException se) {
                throw se;
            }
            throw new ModelFailureException(ErrorCode.MODEL_ERROR, "model " + key + " failed: " + c, c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.cancel(true);
            throw new ModelFailureException(ErrorCode.UNAVAILABLE, "interrupted");
        }
    }

    /** {@code out} when it holds one prediction per instance, else a model error. */
    private static List<Prediction> checked(List<Prediction> out, int rows, String key) {
        if (out == null || out.size() != rows) {
            throw new ModelFailureException(ErrorCode.MODEL_ERROR, "model " + key + " returned "
                    + (out == null ? "nothing" : out.size() + " predictions") + " for " + rows + " instances");
        }
        return out;
    }

    @Override
    public void close() {
        invoker.shutdownNow();
    }
}
