package dev.shepherd.rollout;

import dev.shepherd.runtime.JavaModel;
import dev.shepherd.runtime.fixtures.CreditScorer;
import dev.shepherd.schema.Batch;
import dev.shepherd.schema.Prediction;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Candidate versions that go wrong in one way each, for gate tests (java runtime, classpath). */
public final class Candidates {
    private Candidates() {
    }

    /** Answers null for every instance. */
    public static final class NullModel implements JavaModel {
        @Override
        public List<Prediction> predict(Batch batch) {
            return Collections.nCopies(batch.size(), new Prediction.NullPrediction("no answer"));
        }
    }

    /** Throws on every call. */
    public static final class FailingModel implements JavaModel {
        @Override
        public List<Prediction> predict(Batch batch) {
            throw new IllegalStateException("candidate is broken");
        }
    }

    /** The credit scorer, 30 ms slower per call. */
    public static final class SlowModel implements JavaModel {
        @Override
        public List<Prediction> predict(Batch batch) {
            sleep(30);
            return new CreditScorer().predict(batch);
        }
    }

    /** Sleeps longer than any test's request timeout. */
    public static final class HangingModel implements JavaModel {
        @Override
        public List<Prediction> predict(Batch batch) {
            sleep(3_000);
            return new CreditScorer().predict(batch);
        }
    }

    /** Always 55 % sure: every answer is low-confidence. */
    public static final class UnsureModel implements JavaModel {
        @Override
        public List<Prediction> predict(Batch batch) {
            return Collections.nCopies(batch.size(), new Prediction.ClassPrediction("default", new double[] {0.45, 0.55}));
        }
    }

    /** The credit scorer's answers with the class flipped: full disagreement, confident. */
    public static final class FlippedModel implements JavaModel {
        @Override
        public List<Prediction> predict(Batch batch) {
            List<Prediction> out = new ArrayList<>();
            for (Prediction p : new CreditScorer().predict(batch)) {
                double[] pr = ((Prediction.ClassPrediction) p).probabilities();
                out.add(new Prediction.ClassPrediction(pr[1] > 0.5 ? "repaid" : "default", new double[] {pr[1], pr[0]}));
            }
            return out;
        }
    }

    /** The credit scorer, counting its calls. */
    public static final class CountingModel implements JavaModel {
        public static final AtomicInteger CALLS = new AtomicInteger();

        @Override
        public List<Prediction> predict(Batch batch) {
            CALLS.incrementAndGet();
            return new CreditScorer().predict(batch);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
