package dev.shepherd.oip;

import static dev.shepherd.oip.Json.parse;
import static dev.shepherd.oip.Json.wire;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.error.ErrorCode;
import dev.shepherd.error.InvalidInputException;
import dev.shepherd.error.ModelFailureException;
import dev.shepherd.runtime.fixtures.FixtureSchemas;
import dev.shepherd.schema.ModelSchema;
import dev.shepherd.schema.OutputSpec;
import dev.shepherd.schema.Prediction;
import dev.shepherd.schema.Prediction.ClassPrediction;
import dev.shepherd.schema.Prediction.NullPrediction;
import dev.shepherd.schema.Prediction.ScorePrediction;
import dev.shepherd.schema.Prediction.TensorPrediction;
import dev.shepherd.schema.Tensor;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OipResponseTest {
    static final ModelSchema CREDIT = FixtureSchemas.credit();
    static final ModelSchema SCORE = new ModelSchema(CREDIT.inputs(), OutputSpec.score());
    static final ModelSchema TENSOR = new ModelSchema(CREDIT.inputs(), OutputSpec.tensor(List.of(2, -1)));

    static final List<Prediction> CLASSES = List.of(
            new ClassPrediction("repaid", new double[] {0.9, 0.1}),
            new NullPrediction("NaN output"),
            new ClassPrediction("default", new double[] {0.25, 0.75}));

    @Test
    void encodesLabelsAndProbabilitiesWithNullRowsListed() {
        ObjectNode body = OipCodec.encodeResponse(CREDIT, "loan", "v2", "req-9", CLASSES, null);

        assertThat(body.get("model_name").asText()).isEqualTo("loan");
        assertThat(body.get("model_version").asText()).isEqualTo("v2");
        assertThat(body.get("id").asText()).isEqualTo("req-9");
        assertThat(body.at("/parameters/null_rows").toString()).isEqualTo("[1]");
        assertThat(body.at("/outputs/0").toString()).isEqualTo(
                "{\"name\":\"label\",\"datatype\":\"BYTES\",\"shape\":[3],\"data\":[\"repaid\",null,\"default\"]}");
        assertThat(body.at("/outputs/1").toString()).isEqualTo(
                "{\"name\":\"probabilities\",\"datatype\":\"FP64\",\"shape\":[3,2],\"data\":[0.9,0.1,null,null,0.25,0.75]}");
    }

    @Test
    void withoutNullRowsThereAreNoParametersAndNonFiniteScoresAreNull() {
        ObjectNode ok = OipCodec.encodeResponse(SCORE, "m", "1", null, List.of(new ScorePrediction(0.5)), null);
        ObjectNode nan = OipCodec.encodeResponse(SCORE, "m", "1", null,
                List.of(new ScorePrediction(0.5), new ScorePrediction(Double.NaN)), null);

        assertThat(ok.has("parameters")).isFalse();
        assertThat(ok.has("id")).isFalse();
        assertThat(nan.at("/outputs/0/data").toString()).isEqualTo("[0.5,null]");
        assertThat(nan.at("/parameters/null_rows").toString()).isEqualTo("[1]");
    }

    @Test
    void returnsOnlyTheRequestedOutputs() {
        JsonNode requested = parse("[{'name':'probabilities','parameters':{'binary_data':true}}]");

        ObjectNode body = OipCodec.encodeResponse(CREDIT, "m", "1", "r", CLASSES, requested);

        assertThat(body.get("outputs")).hasSize(1);
        assertThat(body.at("/outputs/0/name").asText()).isEqualTo("probabilities");
    }

    @Test
    void rejectsUnknownOrMalformedRequestedOutputs() {
        assertThatThrownBy(() -> OipCodec.encodeResponse(CREDIT, "m", "1", "r", CLASSES,
                parse("[{'name':'label'},{'name':'scores'}]")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("outputs[1].name");
                    assertThat(e.getMessage()).contains("'scores'", "[label, probabilities]");
                });
        assertThatThrownBy(() -> OipCodec.encodeResponse(CREDIT, "m", "1", "r", CLASSES, parse("{'name':'label'}")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("outputs"));
        assertThatThrownBy(() -> OipCodec.encodeResponse(CREDIT, "m", "1", "r", CLASSES, parse("[{}]")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("outputs[0].name"));
    }

    @Test
    void predictionsThatDoNotFitTheOutputAreModelErrors() {
        assertThatThrownBy(() -> OipCodec.encodeResponse(CREDIT, "m", "1", "r", List.of(new ScorePrediction(1)), null))
                .isInstanceOfSatisfying(ModelFailureException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_ERROR));
        assertThatThrownBy(() -> OipCodec.encodeResponse(CREDIT, "m", "1", "r",
                List.of(new ClassPrediction("repaid", new double[] {1, 0, 0})), null))
                .isInstanceOfSatisfying(ModelFailureException.class, e -> assertThat(e.getMessage()).contains("3 probabilities"));
    }

    @Test
    void classScoreAndTensorResponsesRoundTrip() {
        List<Prediction> scores = List.of(new ScorePrediction(-3.25), new NullPrediction("x"), new ScorePrediction(1e-12));
        List<Prediction> tensors = List.of(
                new TensorPrediction(new Tensor(new int[] {2, 3}, new double[] {1, 2, 3, 4, 5, 6}, "FP64")),
                new NullPrediction("timeout"));

        assertThat(roundTrip(CREDIT, CLASSES)).isEqualTo(CLASSES.stream().map(OipResponseTest::normalNull).toList());
        assertThat(roundTrip(SCORE, scores)).isEqualTo(scores.stream().map(OipResponseTest::normalNull).toList());
        assertThat(roundTrip(TENSOR, tensors)).isEqualTo(tensors.stream().map(OipResponseTest::normalNull).toList());
    }

    @Test
    void aTensorResponseWhereEveryRowIsNullStillHasAShape() {
        ObjectNode body = OipCodec.encodeResponse(TENSOR, "m", "1", "r", List.of(new NullPrediction("x")), null);

        assertThat(body.at("/outputs/0/shape").toString()).isEqualTo("[1,2,1]");
        assertThat(OipCodec.decodeResponse(TENSOR, wire(body), 1)).containsExactly(new NullPrediction("upstream returned null"));
    }

    @Test
    void aSingleUnnamedProbabilityOutputIsDecodedWithTheArgmaxLabel() {
        JsonNode triton = parse("{'model_name':'m','outputs':[{'name':'output0','datatype':'FP32','shape':[2,2],"
                + "'data':[[0.75,0.25],[0.125,0.875]]}]}");

        assertThat(OipCodec.decodeResponse(CREDIT, triton, 2)).containsExactly(
                new ClassPrediction("repaid", new double[] {0.75, 0.25}),
                new ClassPrediction("default", new double[] {0.125, 0.875}));
    }

    static Stream<Arguments> badResponses() {
        String probs = "{'name':'probabilities','datatype':'FP64','shape':[2,2],'data':[0.5,0.5,0.5,0.5]}";
        return Stream.of(
                Arguments.of("[1]", "expected a JSON object"),
                Arguments.of("{'error':'model crashed'}", "missing outputs"),
                Arguments.of("{'outputs':[{'name':'label','datatype':'BYTES','shape':[2],'data':['a','b']}]}",
                        "missing outputs"),
                Arguments.of("{'outputs':[{'name':'x','datatype':'FP64','shape':[2],'data':[1,2]},"
                        + "{'name':'y','datatype':'FP64','shape':[2],'data':[1,2]}]}", "missing outputs"),
                Arguments.of("{'outputs':[{'name':'probabilities','datatype':'FP64','shape':[3,2],'data':[1,0,1,0,1,0]}]}",
                        "wrong row count"),
                Arguments.of("{'outputs':[{'name':'probabilities','datatype':'BYTES','shape':[2,2],'data':['a','b','c','d']}]}",
                        "wrong datatype"),
                Arguments.of("{'outputs':[" + probs + ",{'name':'label','datatype':'FP64','shape':[2],'data':[0,1]}]}",
                        "wrong datatype"),
                Arguments.of("{'outputs':[" + probs + ",{'name':'label','datatype':'BYTES','shape':[2],'data':['a','b']}]}",
                        "label 'a' is not one of [repaid, default]"),
                Arguments.of("{'outputs':[{'name':'probabilities','datatype':'FP64','shape':[2,3],'data':[1,0,0,1,0,0]}]}",
                        "expected [2, 2]"),
                Arguments.of("{'outputs':[{'name':'probabilities','datatype':'FP64','shape':[2,2],'data':[1,0,1]}]}",
                        "needs 4 values"),
                Arguments.of("{'outputs':[{'name':'probabilities','datatype':'FP64','shape':[2,2],'data':[1,0,'1',0]}]}",
                        "outputs[0].data[2]"),
                Arguments.of("{'outputs':[{'name':'probabilities','datatype':'FP99','shape':[2,2],'data':[1,0,1,0]}]}",
                        "FP99"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badResponses")
    void unusableUpstreamResponsesAreUpstreamErrors(String body, String fragment) {
        assertThatThrownBy(() -> OipCodec.decodeResponse(CREDIT, parse(body), 2))
                .isInstanceOfSatisfying(ModelFailureException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_ERROR);
                    assertThat(e.getMessage()).contains(fragment);
                });
    }

    @Test
    void metadataDescribesInputsAndOutputsWithAFreeBatchDimension() {
        ModelSchema media = new ModelSchema(OipRequestDecodingTest.MEDIA.inputs(), OutputSpec.classes(List.of("a", "b", "c")));

        ObjectNode meta = OipCodec.modelMetadata("vision", List.of("v1", "v2"), "remote", media);

        assertThat(meta.get("name").asText()).isEqualTo("vision");
        assertThat(meta.get("versions").toString()).isEqualTo("[\"v1\",\"v2\"]");
        assertThat(meta.get("platform").asText()).isEqualTo("remote");
        assertThat(meta.get("inputs").toString()).isEqualTo("[{\"name\":\"image\",\"datatype\":\"FP64\",\"shape\":[-1,2,2]},"
                + "{\"name\":\"embedding\",\"datatype\":\"FP64\",\"shape\":[-1,-1]},"
                + "{\"name\":\"caption\",\"datatype\":\"BYTES\",\"shape\":[-1]}]");
        assertThat(meta.get("outputs").toString()).isEqualTo("[{\"name\":\"label\",\"datatype\":\"BYTES\",\"shape\":[-1]},"
                + "{\"name\":\"probabilities\",\"datatype\":\"FP64\",\"shape\":[-1,3]}]");
    }

    @Test
    void datatypesFitFeatureTypes() {
        assertThat(OipCodec.datatypeOf(CREDIT.inputs().get(1))).isEqualTo("INT64");
        assertThat(OipCodec.accepts(CREDIT.inputs().get(0), "UINT16")).isTrue();
        assertThat(OipCodec.accepts(CREDIT.inputs().get(1), "FP32")).isFalse();
        assertThat(OipCodec.accepts(CREDIT.inputs().get(3), "BYTES")).isTrue();
        assertThat(OipCodec.accepts(CREDIT.inputs().get(4), "bool")).isFalse();
    }

    private static List<Prediction> roundTrip(ModelSchema schema, List<Prediction> predictions) {
        ObjectNode body = OipCodec.encodeResponse(schema, "m", "1", "r", predictions, null);
        return OipCodec.decodeResponse(schema, wire(body), predictions.size());
    }

    private static Prediction normalNull(Prediction p) {
        return p instanceof NullPrediction ? new NullPrediction("upstream returned null") : p;
    }
}
