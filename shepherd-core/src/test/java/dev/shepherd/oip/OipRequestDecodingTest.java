package dev.shepherd.oip;

import static dev.shepherd.oip.Json.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shepherd.error.InvalidInputException;
import dev.shepherd.runtime.fixtures.FixtureSchemas;
import dev.shepherd.schema.Batch;
import dev.shepherd.schema.FeatureSpec;
import dev.shepherd.schema.FeatureType;
import dev.shepherd.schema.ModelSchema;
import dev.shepherd.schema.OutputSpec;
import dev.shepherd.schema.Tensor;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OipRequestDecodingTest {
    static final ModelSchema CREDIT = FixtureSchemas.credit();
    static final ModelSchema MEDIA = new ModelSchema(List.of(
            FeatureSpec.tensor("image", List.of(2, 2)),
            new FeatureSpec("embedding", FeatureType.TENSOR, false, List.of(), List.of(-1), null, 0),
            FeatureSpec.of("caption", FeatureType.TEXT)),
            OutputSpec.score());
    static final ModelSchema NUMERIC = new ModelSchema(List.of(
            FeatureSpec.of("x", FeatureType.NUMBER),
            FeatureSpec.of("n", FeatureType.INTEGER),
            FeatureSpec.optional("flag", FeatureType.BOOLEAN)),
            OutputSpec.score());

    /** A valid credit request of two rows; {@code %s} slots let tests swap one input. */
    static final String INCOME = "{'name':'income','datatype':'FP64','shape':[2],'data':[52000.5,31000]}";
    static final String AGE = "{'name':'age','datatype':'INT64','shape':[2],'data':[41,29]}";
    static final String DEBT = "{'name':'debt_ratio','datatype':'FP32','shape':[2],'data':[0.25,null]}";
    static final String EMPLOYMENT = "{'name':'employment','datatype':'BYTES','shape':[2],'data':['salaried','retired']}";
    static final String COLLATERAL = "{'name':'has_collateral','datatype':'BOOL','shape':[2],'data':[true,false]}";

    static String request(String... inputs) {
        return "{'id':'r1','inputs':[" + String.join(",", inputs) + "]}";
    }

    @Test
    void decodesOneTensorPerFeatureWithNullAsMissing() {
        Batch b = OipCodec.decodeRequest(CREDIT, parse(request(INCOME, AGE, DEBT, EMPLOYMENT, COLLATERAL)), 64);

        assertThat(b.size()).isEqualTo(2);
        assertThat(b.rows().get(0)).containsExactly(52000.5, 41L, 0.25, "salaried", true);
        assertThat(b.rows().get(1)).containsExactly(31000.0, 29L, null, "retired", false);
    }

    @Test
    void anOptionalFeatureMayBeLeftOutAndInputsComeInAnyOrder() {
        Batch b = OipCodec.decodeRequest(CREDIT, parse(request(COLLATERAL, EMPLOYMENT, AGE, INCOME)), 64);

        assertThat(b.value(0, "debt_ratio")).isNull();
        assertThat(b.value(1, "age")).isEqualTo(29L);
        assertThat(b.value(0, "has_collateral")).isEqualTo(true);
    }

    @Test
    void scalarsAcceptAColumnShapeWithNestedData() {
        String income = "{'name':'income','datatype':'INT32','shape':[2,1],'data':[[52000],[31000]]}";
        Batch b = OipCodec.decodeRequest(CREDIT, parse(request(income, AGE, EMPLOYMENT, COLLATERAL)), 64);

        assertThat(b.value(0, "income")).isEqualTo(52000.0);
        assertThat(b.value(1, "income")).isEqualTo(31000.0);
    }

    @Test
    void tensorDataMayBeFlatOrNested() {
        String flat = "{'name':'image','datatype':'FP32','shape':[2,2,2],'data':[1,2,3,4,5,6,7,8]}";
        String nested = "{'name':'image','datatype':'FP32','shape':[2,2,2],'data':[[[1,2],[3,4]],[[5,6],[7,8]]]}";
        String caption = "{'name':'caption','datatype':'BYTES','shape':[2],'data':['a cat','\u00e9t\u00e9']}";

        Batch a = OipCodec.decodeRequest(MEDIA, parse(request(flat, caption)), 8);
        Batch b = OipCodec.decodeRequest(MEDIA, parse(request(nested, caption)), 8);

        Tensor first = (Tensor) a.value(0, "image");
        assertThat(first.shape()).containsExactly(2, 2);
        assertThat(first.data()).containsExactly(1, 2, 3, 4);
        assertThat(first.datatype()).isEqualTo("FP32");
        assertThat(b.value(1, "image")).isEqualTo(a.value(1, "image"));
        assertThat(b.value(1, "caption")).isEqualTo("\u00e9t\u00e9");
        assertThat(a.value(0, "embedding")).isNull();
    }

    @Test
    void aFreeTensorDimensionTakesAnySizeAndARowOfNullsIsMissing() {
        String image = "{'name':'image','datatype':'UINT8','shape':[2,2,2],'data':[0,1,2,255,0,0,0,0]}";
        String embedding = "{'name':'embedding','datatype':'FP64','shape':[2,3],'data':[[0.1,0.2,0.3],[null,null,null]]}";
        String caption = "{'name':'caption','datatype':'BYTES','shape':[2],'data':['x','y']}";

        Batch b = OipCodec.decodeRequest(MEDIA, parse(request(image, embedding, caption)), 8);

        assertThat(((Tensor) b.value(0, "embedding")).data()).containsExactly(0.1, 0.2, 0.3);
        assertThat(b.value(1, "embedding")).isNull();
        assertThat(((Tensor) b.value(0, "image")).data()).containsExactly(0, 1, 2, 255);
    }

    @Test
    void oneDenseTensorIsMappedOntoNumericFeaturesInDeclaredOrder() {
        String dense = "{'name':'input-0','datatype':'FP32','shape':[2,3],'data':[[1.5,3,1],[2.5,4.0,null]]}";

        Batch b = OipCodec.decodeRequest(NUMERIC, parse(request(dense)), 8);

        assertThat(b.rows().get(0)).containsExactly(1.5, 3L, true);
        assertThat(b.rows().get(1)).containsExactly(2.5, 4L, null);
    }

    @Test
    void aDenseTensorOfTheWrongWidthIsAnUnknownInputWithAHint() {
        String dense = "{'name':'input-0','datatype':'FP32','shape':[1,2],'data':[1,2]}";

        assertThatThrownBy(() -> OipCodec.decodeRequest(NUMERIC, parse(request(dense)), 8))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("inputs[0].name");
                    assertThat(e.getMessage()).contains("input-0", "[N, 3]");
                });
    }

    static Stream<Arguments> rejections() {
        return Stream.of(
                Arguments.of("[1,2]", "body", "JSON object"),
                Arguments.of("{'inputs':{'name':'income'}}", "inputs", "array"),
                Arguments.of("{'inputs':[]}", "inputs", "at least one"),
                Arguments.of(request(INCOME, "42"), "inputs[1]", "tensor object"),
                Arguments.of(request(INCOME, AGE, EMPLOYMENT, COLLATERAL,
                        "{'name':'salary','datatype':'FP64','shape':[2],'data':[1,2]}"), "inputs[4].name", "'salary'"),
                Arguments.of(request(INCOME, AGE, EMPLOYMENT, COLLATERAL, AGE), "inputs[4].name", "twice"),
                Arguments.of(request(INCOME, EMPLOYMENT, COLLATERAL), "inputs", "'age'"),
                Arguments.of(request(INCOME, AGE, COLLATERAL,
                        "{'name':'employment','datatype':'FP32','shape':[2],'data':[1,2]}"), "inputs[3].datatype", "BYTES"),
                Arguments.of(request(INCOME, "{'name':'age','datatype':'FP64','shape':[2],'data':[41,29]}"),
                        "inputs[1].datatype", "'age'"),
                Arguments.of(request("{'name':'income','datatype':'FLOAT','shape':[2],'data':[1,2]}"),
                        "inputs[0].datatype", "FLOAT"),
                Arguments.of(request("{'name':'income','datatype':'FP64','shape':2,'data':[1,2]}"),
                        "inputs[0].shape", "dimensions"),
                Arguments.of(request("{'name':'income','datatype':'FP64','shape':[2,-1],'data':[1,2]}"),
                        "inputs[0].shape", "non-negative"),
                Arguments.of(request("{'name':'income','datatype':'FP64','shape':[1,2],'data':[1,2]}"),
                        "inputs[0].shape", "[N] or [N, 1]"),
                Arguments.of(request(INCOME, "{'name':'age','datatype':'INT64','shape':[3],'data':[1,2,3]}"),
                        "inputs[1].shape", "batch size"),
                Arguments.of(request("{'name':'income','datatype':'FP64','shape':[0],'data':[]}"),
                        "inputs[0].shape", "at least 1"),
                Arguments.of(request("{'name':'income','datatype':'FP64','shape':[65],'data':[]}"),
                        "inputs[0].shape", "maximum batch size 64"),
                Arguments.of(request("{'name':'income','datatype':'FP64','shape':[2],'data':[1,2,3]}"),
                        "inputs[0].data", "needs 2 values, data has 3"),
                Arguments.of(request("{'name':'income','datatype':'FP64','shape':[2]}"), "inputs[0].data", "no data"),
                Arguments.of(request("{'name':'income','datatype':'FP64','shape':[2],'data':[1,'abc']}"),
                        "inputs[0].data[1]", "\"abc\""),
                Arguments.of(request("{'name':'income','datatype':'FP64','shape':[2],'data':[1,1e400]}"),
                        "inputs[0].data[1]", "finite"),
                Arguments.of(request("{'name':'income','datatype':'FP16','shape':[2],'data':[1,70000]}"),
                        "inputs[0].data[1]", "FP16"),
                Arguments.of(request(INCOME, "{'name':'age','datatype':'INT64','shape':[2],'data':[3.5,4]}"),
                        "inputs[1].data[0]", "3.5"),
                Arguments.of(request(INCOME, "{'name':'age','datatype':'INT8','shape':[2],'data':[30,300]}"),
                        "inputs[1].data[1]", "INT8"),
                Arguments.of(request(INCOME, "{'name':'age','datatype':'UINT8','shape':[2],'data':[30,-1]}"),
                        "inputs[1].data[1]", "UINT8"),
                Arguments.of(request("{'name':'income','datatype':'FP64','shape':[2],'data':[1,null]}"),
                        "inputs[0].data[1]", "required"),
                Arguments.of(request(INCOME, AGE, EMPLOYMENT,
                        "{'name':'has_collateral','datatype':'BOOL','shape':[2],'data':[true,1]}"), "inputs[3].data[1]", "boolean"),
                Arguments.of(request("{'name':'income','datatype':'FP64','shape':[2,1],'data':[[1],[2,3]]}"),
                        "inputs[0].data[1]", "array of 1"),
                Arguments.of(request("{'name':'income','datatype':'FP64','shape':[2],'parameters':{'binary_data_size':16}}"),
                        "inputs[0].parameters", "binary"));
    }

    @ParameterizedTest(name = "{1}: {2}")
    @MethodSource("rejections")
    void rejectsInvalidRequestsNamingTheField(String body, String field, String fragment) {
        assertThatThrownBy(() -> OipCodec.decodeRequest(CREDIT, parse(body), 64))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.getMessage()).contains(fragment);
                });
    }

    @Test
    void valueErrorsNameTheFeatureAndTheValue() {
        String body = request("{'name':'income','datatype':'FP64','shape':[2],'data':[1,'abc']}");

        assertThatThrownBy(() -> OipCodec.decodeRequest(CREDIT, parse(body), 64))
                .hasMessageContaining("'income'").hasMessageContaining("\"abc\"");
    }

    static Stream<Arguments> tensorRejections() {
        String caption = "{'name':'caption','datatype':'BYTES','shape':[1],'data':['x']}";
        return Stream.of(
                Arguments.of(request("{'name':'image','datatype':'FP32','shape':[1,3,2],'data':[1,2,3,4,5,6]}", caption),
                        "inputs[0].shape", "[2, 2]"),
                Arguments.of(request("{'name':'image','datatype':'FP32','shape':[1,4],'data':[1,2,3,4]}", caption),
                        "inputs[0].shape", "[N, 2, 2]"),
                Arguments.of(request("{'name':'image','datatype':'FP32','shape':[1,2,2],'data':[[[1,2],[3,null]]]}", caption),
                        "inputs[0].data[0][1][1]", "cannot be null"),
                Arguments.of(request("{'name':'image','datatype':'FP32','shape':[1,2,2],'data':[null,null,null,null]}", caption),
                        "inputs[0].data[0]", "required"),
                Arguments.of(request("{'name':'image','datatype':'FP32','shape':[1,2,2],'data':[[[1,2],[3,[4]]]]}", caption),
                        "inputs[0].data[0][1][1]", "deeper"),
                Arguments.of(request("{'name':'image','datatype':'BYTES','shape':[1,2,2],'data':['a','b','c','d']}", caption),
                        "inputs[0].datatype", "FP32"),
                Arguments.of(request("{'name':'image','datatype':'FP32','shape':[1,2,2],'data':[1,2,3,4]}",
                        "{'name':'caption','datatype':'BYTES','shape':[1],'data':[7]}"), "inputs[1].data[0]", "'caption'"));
    }

    @ParameterizedTest(name = "{1}: {2}")
    @MethodSource("tensorRejections")
    void rejectsInvalidTensorsNamingTheElement(String body, String field, String fragment) {
        assertThatThrownBy(() -> OipCodec.decodeRequest(MEDIA, parse(body), 64))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.getMessage()).contains(fragment);
                });
    }

    @Test
    void denseTensorsRejectNonBinaryBooleansAndNonIntegralIntegers() {
        String badFlag = "{'name':'in','datatype':'FP32','shape':[1,3],'data':[1.5,3,2]}";
        String badInt = "{'name':'in','datatype':'FP32','shape':[1,3],'data':[1.5,3.25,1]}";

        assertThatThrownBy(() -> OipCodec.decodeRequest(NUMERIC, parse(request(badFlag)), 8))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("inputs[0].data[2]"));
        assertThatThrownBy(() -> OipCodec.decodeRequest(NUMERIC, parse(request(badInt)), 8))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("inputs[0].data[1]");
                    assertThat(e.getMessage()).contains("'n'", "3.25");
                });
    }
}
