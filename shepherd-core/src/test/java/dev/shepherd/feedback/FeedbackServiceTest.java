package dev.shepherd.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.error.ConflictException;
import dev.shepherd.error.InvalidInputException;
import dev.shepherd.error.NotFoundException;
import dev.shepherd.error.ShepherdException;
import dev.shepherd.monitor.Role;
import dev.shepherd.monitor.SeriesKey;
import dev.shepherd.predictionlog.PredictionEvent;
import dev.shepherd.schema.Prediction;
import dev.shepherd.store.InMemoryStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FeedbackServiceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant ANSWERED = Instant.parse("2026-03-01T12:00:00Z");
    /** The clock's instant has sub-millisecond digits; stored times are truncated. */
    private static final Instant NOW = Instant.parse("2026-03-01T15:30:00.123456789Z");
    private static final Instant NOW_MS = Instant.parse("2026-03-01T15:30:00.123Z");
    private static final SeriesKey LOAN_V1 = new SeriesKey("loan", "v1", Role.PRIMARY);
    private static final String CLASS_OUT = "{'label':'repaid','confidence':0.8,'probabilities':{'repaid':0.8,'defaulted':0.2}}";

    private final InMemoryStore store = new InMemoryStore(Path.of("unused"));
    private final RecordingSink sink = new RecordingSink();
    private FeedbackService service;

    @BeforeEach
    void logRequests() {
        store.predictionSink().write(List.of(
                logged("r-class", "loan", "v1", 1, "[" + CLASS_OUT + "]"),
                logged("r-score", "price", "v3", 1, "[{'score':10.0}]"),
                logged("r-batch", "loan", "v1", 3, "[" + CLASS_OUT + ",{'label':'defaulted','confidence':0.7,"
                        + "'probabilities':{'repaid':0.3,'defaulted':0.7}},null]"),
                logged("r-score-batch", "price", "v3", 2, "[{'score':1.0},{'score':2.0}]"),
                new PredictionEvent("r-failed", ANSWERED, "loan", "loan", "v1", 5, "model_error", 1, null, null)));
        service = service(RecentPredictions.none(), Duration.ZERO);
    }

    private FeedbackService service(RecentPredictions recent, Duration wait) {
        Map<String, String> serving = Map.of("loan", "v2", "price", "v3");
        return new FeedbackService(store, Clock.fixed(NOW, ZoneOffset.UTC), sink,
                d -> Optional.ofNullable(serving.get(d)), recent, wait);
    }

    private static PredictionEvent logged(String id, String deployment, String version, int batch, String outputs) {
        return new PredictionEvent(id, ANSWERED, deployment, deployment, version, 1_000, "ok", batch, null,
                outputs.replace('\'', '"'));
    }

    private static JsonNode body(String json) {
        try {
            return JSON.readTree(json.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private FeedbackResult submit(String json) {
        return service.submit(body(json));
    }

    // labels

    @Test
    void recordsAClassLabelJoinedToTheLoggedPrediction() {
        FeedbackResult r = submit("{'request_id':'r-class','label':'defaulted'}");

        assertThat(r).isEqualTo(new FeedbackResult(FeedbackResult.Status.RECORDED, FeedbackResult.Kind.LABEL,
                "r-class", "loan", "v1", true));
        Label stored = new Label("r-class", 0, "loan", "v1", "defaulted", null, NOW_MS);
        assertThat(store.feedback().findLabels("r-class")).containsExactly(stored);
        assertThat(sink.calls).containsExactly(new Call.LabelCall(LOAN_V1,
                new Prediction.ClassPrediction("repaid", new double[] {0.8, 0.2}), "defaulted", null));
    }

    @Test
    void recordsANumericLabelJoinedToTheLoggedScore() {
        FeedbackResult r = submit("{'request_id':'r-score','value':12.5}");

        assertThat(r.joined()).isTrue();
        assertThat(store.feedback().findLabels("r-score"))
                .containsExactly(new Label("r-score", 0, "price", "v3", null, 12.5, NOW_MS));
        assertThat(sink.calls).containsExactly(new Call.LabelCall(new SeriesKey("price", "v3", Role.PRIMARY),
                new Prediction.ScorePrediction(10.0), null, 12.5));
    }

    @Test
    void theSameLabelTwiceIsADuplicateForwardedOnce() {
        submit("{'request_id':'r-class','label':'repaid'}");

        FeedbackResult again = submit("{'request_id':'r-class','label':'repaid','deployment':'loan'}");

        assertThat(again.status()).isEqualTo(FeedbackResult.Status.DUPLICATE);
        assertThat(again.toJson().toString()).isEqualTo("{\"status\":\"duplicate\",\"kind\":\"label\","
                + "\"request_id\":\"r-class\",\"deployment\":\"loan\",\"version\":\"v1\",\"joined\":true}");
        assertThat(store.feedback().findLabels("r-class")).hasSize(1);
        assertThat(sink.calls).hasSize(1);
    }

    @Test
    void aDifferentLabelForALabelledRequestIsAConflictAndTheFirstStays() {
        submit("{'request_id':'r-class','label':'repaid'}");

        assertThatThrownBy(() -> submit("{'request_id':'r-class','label':'defaulted'}"))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.field()).isEqualTo("label"))
                .hasMessageContaining("r-class").hasMessageContaining("repaid").hasMessageContaining("defaulted");
        assertThatThrownBy(() -> submit("{'request_id':'r-class','value':1}"))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.field()).isEqualTo("value"));

        assertThat(store.feedback().findLabels("r-class")).extracting(Label::label).containsExactly("repaid");
        assertThat(sink.calls).hasSize(1);
    }

    @Test
    void anUnknownRequestIdIsNotFoundAndNothingIsStored() {
        assertThatThrownBy(() -> submit("{'request_id':'nope','label':'repaid'}"))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.field()).isEqualTo("request_id"))
                .hasMessageContaining("nope");

        assertThat(store.feedback().findLabels("nope")).isEmpty();
        assertThat(sink.calls).isEmpty();
    }

    @Test
    void aBatchRequestTakesOneLabelPerInstanceInOrder() {
        FeedbackResult r = submit("{'request_id':'r-batch','labels':['repaid','repaid','defaulted']}");

        assertThat(r.status()).isEqualTo(FeedbackResult.Status.RECORDED);
        assertThat(store.feedback().findLabels("r-batch")).extracting(Label::instance, Label::label)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, "repaid"),
                        org.assertj.core.groups.Tuple.tuple(1, "repaid"),
                        org.assertj.core.groups.Tuple.tuple(2, "defaulted"));
        assertThat(sink.calls).containsExactly(
                new Call.LabelCall(LOAN_V1, new Prediction.ClassPrediction("repaid", new double[] {0.8, 0.2}), "repaid", null),
                new Call.LabelCall(LOAN_V1, new Prediction.ClassPrediction("defaulted", new double[] {0.3, 0.7}), "repaid", null),
                new Call.LabelCall(LOAN_V1, new Prediction.NullPrediction("null output"), "defaulted", null));
        assertThat(submit("{'request_id':'r-batch','labels':['repaid','repaid','defaulted']}").status())
                .isEqualTo(FeedbackResult.Status.DUPLICATE);
        assertThatThrownBy(() -> submit("{'request_id':'r-batch','labels':['repaid','repaid','repaid']}"))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.field()).isEqualTo("labels"));
    }

    @Test
    void aBatchOfScoresTakesOneValuePerInstance() {
        submit("{'request_id':'r-score-batch','values':[1.5,0]}");

        assertThat(store.feedback().findLabels("r-score-batch")).extracting(Label::value).containsExactly(1.5, 0.0);
        assertThat(sink.calls).extracting(c -> ((Call.LabelCall) c).predicted())
                .containsExactly(new Prediction.ScorePrediction(1.0), new Prediction.ScorePrediction(2.0));
    }

    @Test
    void aBatchRequestRefusesASingleLabelAndTheWrongNumberOfLabels() {
        assertThatThrownBy(() -> submit("{'request_id':'r-batch','label':'repaid'}"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("label"))
                .hasMessageContaining("3 instances").hasMessageContaining("\"labels\"");
        assertThatThrownBy(() -> submit("{'request_id':'r-batch','labels':['repaid','repaid']}"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("labels"))
                .hasMessageContaining("3 instances, got 2");
        assertThatThrownBy(() -> submit("{'request_id':'r-score-batch','values':[1,2,3]}"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("values"));

        assertThat(store.feedback().findLabels("r-batch")).isEmpty();
        assertThat(sink.calls).isEmpty();
    }

    @Test
    void aSingleInstanceRequestAlsoTakesAListOfOne() {
        submit("{'request_id':'r-class','labels':['repaid']}");

        assertThat(submit("{'request_id':'r-class','label':'repaid'}").status()).isEqualTo(FeedbackResult.Status.DUPLICATE);
    }

    @Test
    void aLabelForAnAnswerWithoutLoggedPredictionsIsStoredButNotJoined() {
        FeedbackResult r = submit("{'request_id':'r-failed','label':'repaid'}");

        assertThat(r.status()).isEqualTo(FeedbackResult.Status.RECORDED);
        assertThat(r.joined()).isFalse();
        assertThat(store.feedback().findLabels("r-failed")).hasSize(1);
        assertThat(sink.calls).isEmpty();
    }

    @Test
    void aDeploymentNamedBesideARequestMustBeTheOneThatAnswered() {
        assertThatThrownBy(() -> submit("{'request_id':'r-class','label':'repaid','deployment':'price'}"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("deployment"))
                .hasMessageContaining("'loan'");
        assertThatThrownBy(() -> submit("{'request_id':'r-class','event':'redo','deployment':'price'}"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("deployment"));

        assertThat(store.feedback().findLabels("r-class")).isEmpty();
        assertThat(store.feedback().events("price", 10)).isEmpty();
    }

    // events

    @Test
    void anEventForARequestIsCountedForTheVersionThatAnswered() {
        FeedbackResult r = submit("{'event':'redo_search','request_id':'r-class'}");

        assertThat(r).isEqualTo(new FeedbackResult(FeedbackResult.Status.RECORDED, FeedbackResult.Kind.EVENT,
                "r-class", "loan", "v1", true));
        assertThat(store.feedback().events("loan", 10))
                .containsExactly(new FeedbackEvent("loan", "v1", "r-class", "redo_search", 1.0, NOW_MS));
        assertThat(sink.calls).containsExactly(new Call.EventCall(LOAN_V1, "redo_search", 1.0));
    }

    @Test
    void anEventForADeploymentIsCountedForTheVersionItServes() {
        FeedbackResult r = submit("{'event':'switched_to_typing','deployment':'loan','value':2.5}");

        assertThat(r).isEqualTo(new FeedbackResult(FeedbackResult.Status.RECORDED, FeedbackResult.Kind.EVENT,
                null, "loan", "v2", false));
        assertThat(r.toJson().get("request_id").isNull()).isTrue();
        assertThat(store.feedback().events("loan", 10))
                .containsExactly(new FeedbackEvent("loan", "v2", null, "switched_to_typing", 2.5, NOW_MS));
        assertThat(sink.calls).containsExactly(new Call.EventCall(new SeriesKey("loan", "v2", Role.PRIMARY),
                "switched_to_typing", 2.5));
    }

    @Test
    void eventsAreAppendedEveryTime() {
        submit("{'event':'redo_search','request_id':'r-class'}");
        submit("{'event':'redo_search','request_id':'r-class'}");

        assertThat(store.feedback().events("loan", 10)).hasSize(2);
        assertThat(sink.calls).hasSize(2);
    }

    @Test
    void anEventForAnUnknownRequestOrDeploymentIsNotFound() {
        assertThatThrownBy(() -> submit("{'event':'redo_search','request_id':'nope'}"))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.field()).isEqualTo("request_id"));
        assertThatThrownBy(() -> submit("{'event':'redo_search','deployment':'nope'}"))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.field()).isEqualTo("deployment"))
                .hasMessageContaining("nope");

        assertThat(store.feedback().events("nope", 10)).isEmpty();
        assertThat(sink.calls).isEmpty();
    }

    // finding the request

    @Test
    void recentPredictionsAreAskedBeforeTheStore() {
        PredictionEvent unflushed = logged("r-new", "loan", "v1", 1, "[" + CLASS_OUT + "]");
        service = service(id -> id.equals("r-new") ? Optional.of(unflushed) : Optional.empty(), Duration.ZERO);

        assertThat(submit("{'request_id':'r-new','label':'repaid'}").joined()).isTrue();
        assertThat(submit("{'request_id':'r-class','label':'repaid'}").joined()).isTrue();
    }

    @Test
    void aRequestFlushedWhileTheServiceWaitsIsFound() {
        AtomicInteger lookups = new AtomicInteger();
        RecentPredictions flushOnSecondLookup = id -> {
            if (lookups.incrementAndGet() == 2) {
                store.predictionSink().write(List.of(logged("r-late", "loan", "v1", 1, "[" + CLASS_OUT + "]")));
            }
            return Optional.empty();
        };
        service = service(flushOnSecondLookup, Duration.ofSeconds(5));

        assertThat(submit("{'request_id':'r-late','label':'repaid'}").status()).isEqualTo(FeedbackResult.Status.RECORDED);
        assertThat(lookups).hasValue(2);
    }

    @Test
    void withoutALookupWaitAnUnknownIdIsLookedUpOnce() {
        AtomicInteger lookups = new AtomicInteger();
        service = service(id -> {
            lookups.incrementAndGet();
            return Optional.empty();
        }, Duration.ZERO);

        assertThatThrownBy(() -> submit("{'request_id':'nope','label':'repaid'}")).isInstanceOf(NotFoundException.class);
        assertThat(lookups).hasValue(1);
    }

    @Test
    void aFailingSinkDoesNotFailStoredFeedback() {
        service = new FeedbackService(store, Clock.fixed(NOW, ZoneOffset.UTC), new FeedbackSink() {
            @Override
            public void label(SeriesKey key, Prediction predicted, String trueLabel, Double trueValue) {
                throw new IllegalStateException("monitoring down");
            }

            @Override
            public void event(SeriesKey key, String event, double value) {
                throw new IllegalStateException("monitoring down");
            }
        }, d -> Optional.of("v2"), RecentPredictions.none(), Duration.ZERO);

        assertThat(submit("{'request_id':'r-class','label':'repaid'}").status()).isEqualTo(FeedbackResult.Status.RECORDED);
        assertThat(submit("{'event':'redo','deployment':'loan'}").status()).isEqualTo(FeedbackResult.Status.RECORDED);
        assertThat(store.feedback().findLabels("r-class")).hasSize(1);
    }

    @Test
    void rejectsANegativeLookupWait() {
        assertThatThrownBy(() -> service(RecentPredictions.none(), Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // validation

    static Stream<Arguments> invalidBodies() {
        String long129 = "x".repeat(129);
        return Stream.of(
                Arguments.of("[]", "body"),
                Arguments.of("'label'", "body"),
                Arguments.of("null", "body"),
                Arguments.of("{}", "request_id"),
                Arguments.of("{'label':'repaid'}", "request_id"),
                Arguments.of("{'request_id':5,'label':'repaid'}", "request_id"),
                Arguments.of("{'request_id':null,'label':'repaid'}", "request_id"),
                Arguments.of("{'request_id':'','label':'repaid'}", "request_id"),
                Arguments.of("{'request_id':'   ','label':'repaid'}", "request_id"),
                Arguments.of("{'request_id':'" + long129 + "','label':'repaid'}", "request_id"),
                Arguments.of("{'request_id':'r-class'}", "label"),
                Arguments.of("{'request_id':'r-class','label':7}", "label"),
                Arguments.of("{'request_id':'r-class','label':''}", "label"),
                Arguments.of("{'request_id':'r-class','label':null}", "label"),
                Arguments.of("{'request_id':'r-class','label':['repaid']}", "label"),
                Arguments.of("{'request_id':'r-class','label':'" + long129 + "'}", "label"),
                Arguments.of("{'request_id':'r-class','value':'12.5'}", "value"),
                Arguments.of("{'request_id':'r-class','value':true}", "value"),
                Arguments.of("{'request_id':'r-class','value':1e400}", "value"),
                Arguments.of("{'request_id':'r-class','value':-1e400}", "value"),
                Arguments.of("{'request_id':'r-class','label':'repaid','value':1}", "value"),
                Arguments.of("{'request_id':'r-class','label':'repaid','labels':['repaid']}", "labels"),
                Arguments.of("{'request_id':'r-class','labels':'repaid'}", "labels"),
                Arguments.of("{'request_id':'r-class','labels':[]}", "labels"),
                Arguments.of("{'request_id':'r-batch','labels':['repaid',3,'x']}", "labels[1]"),
                Arguments.of("{'request_id':'r-batch','labels':['repaid','','x']}", "labels[1]"),
                Arguments.of("{'request_id':'r-score-batch','values':[1,'2']}", "values[1]"),
                Arguments.of("{'request_id':'r-score-batch','values':[1,null]}", "values[1]"),
                Arguments.of("{'request_id':'r-class','label':'repaid','lable':'x'}", "lable"),
                Arguments.of("{'request_id':'r-class','label':'repaid','deployment':7}", "deployment"),
                Arguments.of("{'event':'redo_search'}", "request_id"),
                Arguments.of("{'event':'redo search','deployment':'loan'}", "event"),
                Arguments.of("{'event':'','deployment':'loan'}", "event"),
                Arguments.of("{'event':'" + "e".repeat(65) + "','deployment':'loan'}", "event"),
                Arguments.of("{'event':'caf\u00e9','deployment':'loan'}", "event"),
                Arguments.of("{'event':3,'deployment':'loan'}", "event"),
                Arguments.of("{'event':null,'deployment':'loan'}", "event"),
                Arguments.of("{'event':'redo','deployment':'loan','value':'1'}", "value"),
                Arguments.of("{'event':'redo','deployment':'loan','value':1e999}", "value"),
                Arguments.of("{'event':'redo','deployment':'loan','label':'repaid'}", "label"),
                Arguments.of("{'event':'redo','request_id':'r-class','values':[1]}", "values"),
                Arguments.of("{'event':'redo','deployment':''}", "deployment"),
                Arguments.of("{'event':'redo','deployment':['loan']}", "deployment"),
                Arguments.of("{'event':'redo','deployment':'loan','request_id':''}", "request_id"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("invalidBodies")
    void anInvalidBodyNamesTheFieldAndStoresNothing(String json, String field) {
        assertThatThrownBy(() -> submit(json))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo(field))
                .hasMessageStartingWith(field + ": ");

        assertThat(store.feedback().labels("loan", 10)).isEmpty();
        assertThat(store.feedback().labels("price", 10)).isEmpty();
        assertThat(store.feedback().events("loan", 10)).isEmpty();
        assertThat(sink.calls).isEmpty();
    }

    @Test
    void theLongestNamesAndEveryEventCharacterAreAccepted() {
        String event = "a.b:c-d_E9" + "x".repeat(54);

        FeedbackResult r = submit("{'event':'" + event + "','deployment':'loan','value':-3}");

        assertThat(r.status()).isEqualTo(FeedbackResult.Status.RECORDED);
        assertThat(submit("{'request_id':'r-class','label':'" + "y".repeat(128) + "'}").status())
                .isEqualTo(FeedbackResult.Status.RECORDED);
        assertThat(store.feedback().events("loan", 1)).extracting(FeedbackEvent::event, FeedbackEvent::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(event, -3.0));
    }

    @Test
    void everyFailureIsAShepherdExceptionWithAField() {
        assertThatThrownBy(() -> submit("{'request_id':'r-class','label':'repaid','extra':1}"))
                .isInstanceOfSatisfying(ShepherdException.class, e -> assertThat(e.field()).isEqualTo("extra"));
    }

    /** What the sink received, in order. */
    sealed interface Call {
        record LabelCall(SeriesKey key, Prediction predicted, String trueLabel, Double trueValue) implements Call {
        }

        record EventCall(SeriesKey key, String event, double value) implements Call {
        }
    }

    private static final class RecordingSink implements FeedbackSink {
        final List<Call> calls = new ArrayList<>();

        @Override
        public synchronized void label(SeriesKey key, Prediction predicted, String trueLabel, Double trueValue) {
            calls.add(new Call.LabelCall(key, predicted, trueLabel, trueValue));
        }

        @Override
        public synchronized void event(SeriesKey key, String event, double value) {
            calls.add(new Call.EventCall(key, event, value));
        }
    }
}
