package dev.shepherd.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.shepherd.error.ErrorCode;
import dev.shepherd.error.ModelFailureException;
import dev.shepherd.schema.Batch;
import dev.shepherd.schema.ModelSchema;
import dev.shepherd.schema.OutputKind;
import dev.shepherd.schema.Prediction;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Model} implementation honours, run against each runtime (like
 * Micrometer's TCK). A runtime's test extends it, returns a freshly loaded model from
 * {@link #newModel()} and a few sample batches from {@link #sampleBatches()}; expensive set-up
 * (training, starting a server) belongs in the subclass's {@code @BeforeAll}. Shipped in the core
 * test-jar.
 *
 * <p>Checks: schema and info present and consistent; one prediction per row; well-formed class
 * probabilities; batch equals row-by-row; determinism; concurrent use equals sequential use; a
 * missing optional feature is accepted; after {@code close()} predictions fail with
 * {@code unavailable} and {@code close()} is idempotent.
 */
public abstract class ModelContract {
    /** Tolerance for comparing probabilities and scores across calls. */
    protected static final double PROBABILITY_SUM_TOLERANCE = 1e-4;

    /** The model under test, loaded before each test and closed after it. */
    protected Model model;

    /** Loads a fresh model; called before every test. */
    protected abstract Model newModel();

    /** A few valid batches (at least one, ideally with several rows), aligned to the model's schema. */
    protected abstract List<Batch> sampleBatches();

    /**
     * Largest difference allowed between two predictions of the same row made in different calls
     * (batched versus alone, sequential versus concurrent). Default {@code 1e-6}; a runtime whose
     * kernels depend on the batch size may widen it.
     */
    protected double tolerance() {
        return 1e-6;
    }

    @BeforeEach
    void loadModel() {
        model = newModel();
    }

    @AfterEach
    void closeModel() {
        if (model != null) {
            model.close();
        }
    }

    @Test
    void schemaAndInfoAreConsistent() {
        ModelSchema schema = model.schema();
        assertThat(schema).isNotNull();
        assertThat(schema.inputs()).isNotEmpty();
        assertThat(schema.output()).isNotNull();
        if (schema.output().kind() == OutputKind.CLASS) {
            assertThat(schema.output().labels()).hasSizeGreaterThanOrEqualTo(2).doesNotHaveDuplicates();
        }
        ModelInfo info = model.info();
        assertThat(info).isNotNull();
        assertThat(info.platform()).isNotBlank();
        assertThat(info.inputs()).isNotEmpty();
        assertThat(info.outputs()).isNotEmpty();
        for (ModelInfo.TensorInfo t : info.inputs()) {
            assertThat(t.name()).isNotBlank();
            assertThat(t.datatype()).isNotBlank();
            assertThat(t.shape()).allSatisfy(d -> assertThat(d).isGreaterThanOrEqualTo(-1L));
        }
        for (Batch b : sampleBatches()) {
            assertThat(b.schema().inputs()).isEqualTo(schema.inputs());
        }
    }

    @Test
    void returnsOnePredictionPerRowOfTheDeclaredKind() {
        for (Batch batch : sampleBatches()) {
            List<Prediction> predictions = model.predict(batch);
            assertThat(predictions).hasSize(batch.size()).doesNotContainNull();
            for (Prediction p : predictions) {
                assertKind(p);
            }
        }
    }

    @Test
    void classProbabilitiesAreADistributionWithLabelAtTheArgmax() {
        Assumptions.assumeTrue(model.schema().output().kind() == OutputKind.CLASS, "class output only");
        List<String> labels = model.schema().output().labels();
        for (Batch batch : sampleBatches()) {
            for (Prediction p : model.predict(batch)) {
                if (!(p instanceof Prediction.ClassPrediction c)) {
                    continue;
                }
                assertThat(c.probabilities()).hasSize(labels.size());
                double sum = 0;
                int argmax = 0;
                for (int i = 0; i < c.probabilities().length; i++) {
                    double q = c.probabilities()[i];
                    assertThat(q).isBetween(0.0, 1.0);
                    sum += q;
                    if (q > c.probabilities()[argmax]) {
                        argmax = i;
                    }
                }
                assertThat(sum).isCloseTo(1.0, within(PROBABILITY_SUM_TOLERANCE));
                assertThat(labels).contains(c.label());
                assertThat(c.probabilities()[labels.indexOf(c.label())])
                        .as("probability of the predicted label %s in %s", c.label(), c)
                        .isCloseTo(c.probabilities()[argmax], within(tolerance()));
            }
        }
    }

    @Test
    void predictingABatchEqualsPredictingEachRowAlone() {
        for (Batch batch : sampleBatches()) {
            List<Prediction> together = model.predict(batch);
            for (int r = 0; r < batch.size(); r++) {
                Batch single = new Batch(batch.schema(), List.<Object[]>of(batch.rows().get(r)));
                List<Prediction> alone = model.predict(single);
                assertThat(alone).hasSize(1);
                assertSamePrediction(together.get(r), alone.getFirst(), "row " + r);
            }
        }
    }

    @Test
    void isDeterministic() {
        for (Batch batch : sampleBatches()) {
            assertSamePredictions(model.predict(batch), model.predict(batch));
        }
    }

    @Test
    void concurrentCallersGetTheSequentialAnswers() throws Exception {
        List<Batch> batches = sampleBatches();
        List<List<Prediction>> expected = new ArrayList<>();
        for (Batch b : batches) {
            expected.add(model.predict(b));
        }
        int threads = 8;
        int rounds = 5;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<List<Prediction>>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Callable<List<List<Prediction>>> task = () -> {
                    start.await();
                    List<List<Prediction>> got = new ArrayList<>();
                    for (int round = 0; round < rounds; round++) {
                        for (Batch b : batches) {
                            got.add(model.predict(b));
                        }
                    }
                    return got;
                };
                futures.add(pool.submit(task));
            }
            start.countDown();
            for (Future<List<List<Prediction>>> f : futures) {
                List<List<Prediction>> got = f.get(60, TimeUnit.SECONDS);
                for (int i = 0; i < got.size(); i++) {
                    assertSamePredictions(expected.get(i % batches.size()), got.get(i));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void acceptsAMissingOptionalFeature() {
        ModelSchema schema = model.schema();
        List<Integer> optional = new ArrayList<>();
        for (int i = 0; i < schema.size(); i++) {
            if (!schema.inputs().get(i).required()) {
                optional.add(i);
            }
        }
        Assumptions.assumeFalse(optional.isEmpty(), "the schema has no optional feature");
        Batch sample = sampleBatches().getFirst();
        List<Object[]> rows = new ArrayList<>();
        for (Object[] row : sample.rows()) {
            Object[] copy = row.clone();
            for (int i : optional) {
                copy[i] = null;
            }
            rows.add(copy);
        }
        List<Prediction> predictions = model.predict(new Batch(sample.schema(), rows));
        assertThat(predictions).hasSize(rows.size()).doesNotContainNull();
        predictions.forEach(this::assertKind);
    }

    @Test
    void predictAfterCloseIsUnavailableAndCloseIsIdempotent() {
        Batch batch = sampleBatches().getFirst();
        model.close();
        assertThatThrownBy(() -> model.predict(batch))
                .isInstanceOfSatisfying(ModelFailureException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
        model.close();
    }

    /** Fails unless {@code p} is a {@link Prediction.NullPrediction} or of the schema's output kind. */
    protected void assertKind(Prediction p) {
        if (p instanceof Prediction.NullPrediction) {
            return;
        }
        Class<?> expected = switch (model.schema().output().kind()) {
            case CLASS -> Prediction.ClassPrediction.class;
            case SCORE -> Prediction.ScorePrediction.class;
            case TENSOR -> Prediction.TensorPrediction.class;
        };
        assertThat(p).isInstanceOf(expected);
    }

    protected void assertSamePredictions(List<Prediction> expected, List<Prediction> actual) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertSamePrediction(expected.get(i), actual.get(i), "row " + i);
        }
    }

    /** Same kind, same label, probabilities, score or tensor within {@link #tolerance()}. */
    protected void assertSamePrediction(Prediction expected, Prediction actual, String where) {
        assertThat(actual).as(where).isNotNull();
        assertThat(actual.getClass()).as(where).isEqualTo(expected.getClass());
        double eps = tolerance();
        switch (expected) {
            case Prediction.ClassPrediction e -> {
                Prediction.ClassPrediction a = (Prediction.ClassPrediction) actual;
                assertThat(a.probabilities()).as(where).hasSameSizeAs(e.probabilities());
                for (int i = 0; i < e.probabilities().length; i++) {
                    assertThat(a.probabilities()[i]).as(where).isCloseTo(e.probabilities()[i], within(eps));
                }
                if (!a.label().equals(e.label())) {
                    // only acceptable on a tie within the tolerance
                    assertThat(a.confidence()).as(where + ": labels differ").isCloseTo(e.confidence(), within(eps));
                }
            }
            case Prediction.ScorePrediction e ->
                    assertThat(((Prediction.ScorePrediction) actual).score()).as(where).isCloseTo(e.score(), within(eps));
            case Prediction.TensorPrediction e -> {
                var a = ((Prediction.TensorPrediction) actual).tensor();
                assertThat(a.shape()).as(where).isEqualTo(e.tensor().shape());
                for (int i = 0; i < a.data().length; i++) {
                    assertThat(a.data()[i]).as(where).isCloseTo(e.tensor().data()[i], within(eps));
                }
            }
            case Prediction.NullPrediction e -> {
                // both null: equal whatever the reason
            }
        }
    }
}
