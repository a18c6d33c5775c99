package dev.shepherd.oip;

import static dev.shepherd.oip.Json.wire;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.error.InvalidInputException;
import dev.shepherd.runtime.ModelInfo.TensorInfo;
import dev.shepherd.runtime.fixtures.FixtureSchemas;
import dev.shepherd.schema.Batch;
import dev.shepherd.schema.ModelSchema;
import dev.shepherd.schema.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OipRequestEncodingTest {
    static final ModelSchema CREDIT = FixtureSchemas.credit();
    static final ModelSchema MEDIA = OipRequestDecodingTest.MEDIA;
    static final ModelSchema NUMERIC = OipRequestDecodingTest.NUMERIC;

    @Test
    void encodedRequestsDecodeToTheSameBatch() {
        Batch batch = FixtureSchemas.creditBatch(40, 7);

        ObjectNode body = OipCodec.encodeRequest(CREDIT, batch, "req-1");
        Batch back = OipCodec.decodeRequest(CREDIT, wire(body), 64);

        assertThat(body.get("id").asText()).isEqualTo("req-1");
        assertThat(body.get("inputs")).hasSize(5);
        assertThat(body.at("/inputs/3/datatype").asText()).isEqualTo("BYTES");
        assertThat(body.at("/inputs/0/shape").toString()).isEqualTo("[40]");
        assertSameRows(back, batch);
    }

    @Test
    void tensorsTextAndMissingOptionalTensorsSurviveTheRoundTrip() {
        List<Object[]> rows = new ArrayList<>();
        rows.add(new Object[] {new Tensor(new int[] {2, 2}, new double[] {1, 2, 3, 4}, "FP64"),
                new Tensor(new int[] {3}, new double[] {0.5, -1e-9, 7}, "FP64"), "un \"chat\" \u00e9t\u00e9"});
        rows.add(new Object[] {new Tensor(new int[] {2, 2}, new double[] {5, 6, 7, 8}, "FP64"), null, ""});
        Batch batch = new Batch(MEDIA, rows);

        Batch back = OipCodec.decodeRequest(MEDIA, wire(OipCodec.encodeRequest(MEDIA, batch, null)), 8);

        assertSameRows(back, batch);
    }

    @Test
    void aFeatureMissingInEveryRowIsLeftOut() {
        List<Object[]> rows = List.<Object[]>of(FixtureSchemas.creditRow(40_000, 30, null, "salaried", true));
        ObjectNode body = OipCodec.encodeRequest(CREDIT, new Batch(CREDIT, rows), null);

        assertThat(body.has("id")).isFalse();
        assertThat(body.get("inputs").findValuesAsText("name")).doesNotContain("debt_ratio");
    }

    @Test
    void followsTheUpstreamsDeclaredDatatypesAndColumnShapes() {
        List<TensorInfo> upstream = List.of(
                new TensorInfo("income", "FP32", List.of(-1L, 1L)),
                new TensorInfo("age", "INT32", List.of(-1L)),
                new TensorInfo("employment", "FP32", List.of(-1L)));
        Batch batch = FixtureSchemas.creditBatch(3, 1);

        ObjectNode body = OipCodec.encodeRequest(CREDIT, batch, "x", upstream);

        JsonNode income = body.at("/inputs/0");
        assertThat(income.get("datatype").asText()).isEqualTo("FP32");
        assertThat(income.get("shape").toString()).isEqualTo("[3,1]");
        assertThat(body.at("/inputs/1/datatype").asText()).isEqualTo("INT32");
        assertThat(body.at("/inputs/3/datatype").asText()).as("FP32 does not fit a category").isEqualTo("BYTES");
        assertSameRows(OipCodec.decodeRequest(CREDIT, wire(body), 8), batch);
    }

    @Test
    void sendsOneDenseTensorWhenTheUpstreamDeclaresOne() {
        List<Object[]> rows = List.of(new Object[] {1.5, 3L, true}, new Object[] {-2.0, 4L, null});
        Batch batch = new Batch(NUMERIC, rows);

        ObjectNode body = OipCodec.encodeRequest(NUMERIC, batch, "x",
                List.of(new TensorInfo("input-0", "FP32", List.of(-1L, 3L))));

        assertThat(body.get("inputs")).hasSize(1);
        assertThat(body.at("/inputs/0/shape").toString()).isEqualTo("[2,3]");
        assertThat(body.at("/inputs/0/data").toString()).isEqualTo("[1.5,3.0,1.0,-2.0,4.0,0.0]");
        Batch back = OipCodec.decodeRequest(NUMERIC, wire(body), 8);
        assertThat(back.rows().get(1)).containsExactly(-2.0, 4L, false);
    }

    @Test
    void tensorRowsOfDifferentShapesCannotShareOneRequest() {
        List<Object[]> rows = List.of(
                new Object[] {new Tensor(new int[] {2, 2}, new double[4], "FP64"), Tensor.of(1, 2), "a"},
                new Object[] {new Tensor(new int[] {2, 2}, new double[4], "FP64"), Tensor.of(1, 2, 3), "b"});

        assertThatThrownBy(() -> OipCodec.encodeRequest(MEDIA, new Batch(MEDIA, rows), null))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("embedding");
                    assertThat(e.getMessage()).contains("[2]", "[3]");
                });
    }

    static void assertSameRows(Batch actual, Batch expected) {
        assertThat(actual.size()).isEqualTo(expected.size());
        for (int r = 0; r < expected.size(); r++) {
            assertThat(actual.rows().get(r)).as("row %d", r).containsExactly(expected.rows().get(r));
        }
    }
}
