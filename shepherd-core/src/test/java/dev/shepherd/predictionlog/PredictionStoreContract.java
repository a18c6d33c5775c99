package dev.shepherd.predictionlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every persisted prediction log (a {@link PredictionSink} paired with the
 * {@link PredictionLogReader} over it) must have. Subclass it per implementation; the two halves
 * returned must share storage. Times are given at millisecond precision.
 */
public abstract class PredictionStoreContract {
    protected static final Instant T0 = Instant.parse("2026-03-01T12:00:00.789Z");

    protected PredictionSink sink;
    protected PredictionLogReader reader;

    /** A new, empty store; called before every test. */
    protected abstract Target createStore();

    /** The two halves of one store under test; they share storage. */
    public record Target(PredictionSink sink, PredictionLogReader reader) {
        public static <T extends PredictionSink & PredictionLogReader> Target of(T store) {
            return new Target(store, store);
        }
    }

    @BeforeEach
    void setUpStore() {
        Target target = createStore();
        sink = target.sink();
        reader = target.reader();
    }

    protected static PredictionEvent event(String id, String deployment, Instant time) {
        return new PredictionEvent(id, time, deployment, deployment + "-model", "v1", 1_234_567L, "ok", 2,
                "[{\"income\":52000.5,\"note\":\"caf\u00e9 \u2615\"},{\"income\":null}]",
                "[{\"label\":\"repaid\",\"probabilities\":[0.9,0.1]},null]");
    }

    @Test
    void findsAnEventByRequestIdWithEveryField() {
        PredictionEvent e = event("req-1", "loan-default", T0);

        sink.write(List.of(e));

        assertThat(reader.find("req-1")).contains(e);
        assertThat(reader.find("req-2")).isEmpty();
    }

    @Test
    void nullablePayloadColumnsRoundTrip() {
        PredictionEvent unsampled = new PredictionEvent("req-u", T0, "loan-default", "loan-default", "v2", 10L,
                "ok", 1, null, null);
        PredictionEvent failed = new PredictionEvent("req-f", T0, "loan-default", "loan-default", "v2", 20L,
                "model_error", 3, "[{\"income\":1.0}]", null);

        sink.write(List.of(unsampled, failed));

        assertThat(reader.find("req-u")).contains(unsampled);
        assertThat(reader.find("req-f")).contains(failed);
    }

    @Test
    void theRoleRoundTripsAndDefaultsToPrimary() {
        PredictionEvent candidate = new PredictionEvent("req-c", T0, "loan-default", "loan-default", "v2", 10L, "ok",
                1, null, null, "candidate");
        PredictionEvent primary = new PredictionEvent("req-p", T0.plusMillis(1), "loan-default", "loan-default", "v1",
                10L, "ok", 1, null, null);
        PredictionEvent unnamed = new PredictionEvent("req-n", T0.plusMillis(2), "loan-default", "loan-default", "v1",
                10L, "ok", 1, null, null, null);

        sink.write(List.of(candidate, primary, unnamed));

        assertThat(reader.find("req-c")).contains(candidate).get().extracting(PredictionEvent::role).isEqualTo("candidate");
        assertThat(reader.find("req-p")).get().extracting(PredictionEvent::role).isEqualTo("primary");
        assertThat(reader.find("req-n")).get().extracting(PredictionEvent::role).isEqualTo("primary");
        assertThat(reader.recent("loan-default", 10)).extracting(PredictionEvent::role)
                .containsExactly("primary", "primary", "candidate");
    }

    @Test
    void recentIsNewestFirstAndOnlyOfTheDeployment() {
        PredictionEvent e1 = event("a", "loan-default", T0.plusMillis(1));
        PredictionEvent e3 = event("c", "loan-default", T0.plusMillis(3));
        PredictionEvent e2 = event("b", "loan-default", T0.plusMillis(2));
        sink.write(List.of(e1, e3, event("x", "churn", T0.plusMillis(4))));
        sink.write(List.of(e2));

        assertThat(reader.recent("loan-default", 10)).containsExactly(e3, e2, e1);
        assertThat(reader.recent("loan-default", 2)).containsExactly(e3, e2);
        assertThat(reader.recent("churn", 10)).extracting(PredictionEvent::requestId).containsExactly("x");
        assertThat(reader.recent("unknown", 10)).isEmpty();
        assertThat(reader.recent("loan-default", 0)).isEmpty();
    }

    @Test
    void eventsOfTheSameMillisecondAreNewestWrittenFirst() {
        PredictionEvent first = event("first", "d", T0);
        PredictionEvent second = event("second", "d", T0);
        sink.write(List.of(first));
        sink.write(List.of(second));

        assertThat(reader.recent("d", 2)).containsExactly(second, first);
    }

    @Test
    void aRepeatedRequestIdDoesNotFailTheBatchAndFindsTheLastWritten() {
        PredictionEvent primary = event("dup", "d", T0);
        PredictionEvent retry = new PredictionEvent("dup", T0.plusMillis(5), "d", "d-model", "v2", 7L, "ok", 1,
                null, null);

        sink.write(List.of(primary, event("other", "d", T0)));
        sink.write(List.of(retry));

        assertThat(reader.find("dup")).contains(retry);
        assertThat(reader.recent("d", 10)).hasSize(3);
    }

    @Test
    void writesABatchOfOneThousandAtOnce() {
        List<PredictionEvent> batch = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            batch.add(event("bulk-" + i, i % 2 == 0 ? "even" : "odd", T0.plusMillis(i)));
        }

        sink.write(batch);

        assertThat(reader.find("bulk-0")).contains(batch.get(0));
        assertThat(reader.find("bulk-999")).contains(batch.get(999));
        assertThat(reader.recent("even", 1_000)).hasSize(500).first().isEqualTo(batch.get(998));
        assertThat(reader.recent("odd", 3)).containsExactly(batch.get(999), batch.get(997), batch.get(995));
    }

    @Test
    void anEventWithoutRequestIdFailsTheWholeBatch() {
        PredictionEvent bad = new PredictionEvent(null, T0, "d", "m", "v1", 1L, "ok", 1, null, null);

        assertThatThrownBy(() -> sink.write(List.of(event("good", "d", T0), bad))).isInstanceOf(RuntimeException.class);

        assertThat(reader.find("good")).isEmpty();
        assertThat(reader.recent("d", 10)).isEmpty();
    }

    @Test
    void anEmptyBatchIsANoOp() {
        sink.write(List.of());

        assertThat(reader.recent("d", 10)).isEmpty();
    }
}
