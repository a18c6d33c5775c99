package dev.shepherd.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link FeedbackStore} must have. Subclass it per implementation. Times are
 * whole milliseconds.
 */
public abstract class FeedbackStoreContract {
    protected static final Instant T0 = Instant.parse("2026-03-01T12:00:00.123Z");

    protected FeedbackStore store;

    /** A new, empty store; called before every test. */
    protected abstract FeedbackStore createStore();

    @BeforeEach
    void setUpStore() {
        store = createStore();
    }

    protected static Label label(String requestId, String label, Instant at) {
        return new Label(requestId, 0, "loan-default", "v1", label, null, at);
    }

    protected static Label value(String requestId, int instance, double value, Instant at) {
        return new Label(requestId, instance, "price", "v3", null, value, at);
    }

    protected static FeedbackEvent event(String deployment, String name, Instant at) {
        return new FeedbackEvent(deployment, "v1", "r1", name, 1.0, at);
    }

    @Test
    void savesALabelAndFindsItByRequestId() {
        Label l = label("r1", "repaid", T0);

        assertThat(store.saveLabels(List.of(l))).isEmpty();

        assertThat(store.findLabels("r1")).containsExactly(l);
        assertThat(store.findLabels("r2")).isEmpty();
    }

    @Test
    void instancesReviewedOneByOneAreLabelledOnceEach() {
        Label second = new Label("r1", 1, "loan-default", "v1", "default", null, T0);
        Label first = new Label("r1", 0, "loan-default", null, "repaid", null, T0.plusSeconds(5));

        assertThat(store.saveLabel(second)).isEmpty();
        assertThat(store.saveLabel(first)).isEmpty();
        assertThat(store.saveLabel(new Label("r1", 1, "loan-default", "v1", "repaid", null, T0.plusSeconds(9))))
                .as("the first label of an instance stays").contains(second);

        assertThat(store.findLabels("r1")).containsExactly(first, second);
        assertThat(store.labels("loan-default", 10)).containsExactlyInAnyOrder(first, second);
        assertThat(store.saveLabels(List.of(label("r1", "repaid", T0)))).as("the request has labels").isNotEmpty();
    }

    @Test
    void numericLabelsRoundTrip() {
        List<Label> labels = List.of(value("r1", 0, 12.5, T0), value("r1", 1, -1e-9, T0));

        store.saveLabels(labels);

        assertThat(store.findLabels("r1")).containsExactlyElementsOf(labels);
    }

    @Test
    void aSecondSaveReturnsTheFirstLabelsAndWritesNothing() {
        Label first = label("r1", "repaid", T0);
        store.saveLabels(List.of(first));

        assertThat(store.saveLabels(List.of(label("r1", "repaid", T0.plusSeconds(5))))).containsExactly(first);
        assertThat(store.saveLabels(List.of(label("r1", "defaulted", T0.plusSeconds(6))))).containsExactly(first);

        assertThat(store.findLabels("r1")).containsExactly(first);
        assertThat(store.labels("loan-default", 10)).containsExactly(first);
    }

    @Test
    void theLabelsOfABatchAreSavedTogetherInInstanceOrder() {
        Label a = value("b", 0, 1, T0);
        Label b = value("b", 1, 2, T0);
        Label c = value("b", 2, 3, T0);

        assertThat(store.saveLabels(List.of(c, a, b))).isEmpty();

        assertThat(store.findLabels("b")).containsExactly(a, b, c);
        assertThat(store.saveLabels(List.of(value("b", 0, 9, T0), value("b", 1, 9, T0)))).containsExactly(a, b, c);
    }

    @Test
    void refusesLabelsThatAreNotOnePerInstanceOfOneRequest() {
        assertThatThrownBy(() -> store.saveLabels(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.saveLabels(List.of(value("x", 0, 1, T0), value("y", 1, 1, T0))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.saveLabels(List.of(value("x", 0, 1, T0), value("x", 2, 1, T0))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.saveLabels(List.of(value("x", 0, 1, T0), value("x", 0, 2, T0))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.saveLabels(List.of(value("x", 0, 1, T0), value("x", 1, 1, T0.plusMillis(1)))))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(store.findLabels("x")).isEmpty();
        assertThat(store.labels("price", 10)).isEmpty();
    }

    @Test
    void labelsAreListedNewestFirstPerDeployment() {
        Label old = label("old", "repaid", T0);
        Label sameMillisFirst = label("m1", "repaid", T0.plusSeconds(1));
        Label sameMillisSecond = label("m2", "defaulted", T0.plusSeconds(1));
        Label newest = label("new", "repaid", T0.plusSeconds(2));
        store.saveLabels(List.of(newest));
        store.saveLabels(List.of(old));
        store.saveLabels(List.of(sameMillisFirst));
        store.saveLabels(List.of(sameMillisSecond));
        store.saveLabels(List.of(value("p", 0, 1, T0.plusSeconds(9))));

        assertThat(store.labels("loan-default", 10)).containsExactly(newest, sameMillisSecond, sameMillisFirst, old);
        assertThat(store.labels("loan-default", 2)).containsExactly(newest, sameMillisSecond);
        assertThat(store.labels("loan-default", 0)).isEmpty();
        assertThat(store.labels("unknown", 10)).isEmpty();
    }

    @Test
    void aBatchIsListedTogetherInInstanceOrder() {
        Label single = value("s", 0, 5, T0);
        List<Label> batch = List.of(value("b", 0, 1, T0), value("b", 1, 2, T0), value("b", 2, 3, T0));
        store.saveLabels(List.of(single));
        store.saveLabels(batch.reversed());

        assertThat(store.labels("price", 10)).containsExactly(batch.get(0), batch.get(1), batch.get(2), single);
        assertThat(store.labels("price", 2)).containsExactly(batch.get(0), batch.get(1));
    }

    @Test
    void eventsAreAppendedAndListedNewestFirstPerDeployment() {
        FeedbackEvent first = event("loan-default", "redo_search", T0);
        FeedbackEvent again = event("loan-default", "redo_search", T0);
        FeedbackEvent later = new FeedbackEvent("loan-default", "v2", null, "switched_to_typing", 2.5, T0.plusSeconds(1));
        store.saveEvent(later);
        store.saveEvent(first);
        store.saveEvent(again);
        store.saveEvent(event("churn", "redo_search", T0.plusSeconds(5)));

        assertThat(store.events("loan-default", 10)).containsExactly(later, again, first);
        assertThat(store.events("loan-default", 1)).containsExactly(later);
        assertThat(store.events("loan-default", 0)).isEmpty();
        assertThat(store.events("churn", 10)).hasSize(1);
        assertThat(store.events("unknown", 10)).isEmpty();
    }

    @Test
    void anEventWithoutRequestOrVersionRoundTrips() {
        FeedbackEvent e = new FeedbackEvent("loan-default", null, null, "a.b:c-d_1", -3.25, T0);

        store.saveEvent(e);

        assertThat(store.events("loan-default", 10)).containsExactly(e);
    }

    @Test
    void concurrentLabelsForOneRequestLeaveExactlyOne() throws Exception {
        int threads = 8;
        List<Callable<List<Label>>> tasks = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Label mine = label("contested", "label-" + t, T0);
            tasks.add(() -> store.saveLabels(List.of(mine)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<List<Label>> answers = new ArrayList<>();
        try {
            for (Future<List<Label>> f : pool.invokeAll(tasks, 20, TimeUnit.SECONDS)) {
                answers.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }

        List<Label> stored = store.findLabels("contested");
        assertThat(stored).hasSize(1);
        assertThat(answers).filteredOn(List::isEmpty).hasSize(1);
        assertThat(answers).filteredOn(a -> !a.isEmpty()).hasSize(threads - 1).allSatisfy(a -> assertThat(a).isEqualTo(stored));
    }
}
