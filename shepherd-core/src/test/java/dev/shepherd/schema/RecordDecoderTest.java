package dev.shepherd.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.error.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordDecoderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ModelSchema SCHEMA = new ModelSchema(List.of(
            FeatureSpec.of("income", FeatureType.NUMBER),
            FeatureSpec.of("age", FeatureType.INTEGER),
            FeatureSpec.optional("debt_ratio", FeatureType.NUMBER),
            FeatureSpec.category("employment", List.of("salaried", "retired")),
            FeatureSpec.optional("vip", FeatureType.BOOLEAN),
            FeatureSpec.optional("note", FeatureType.TEXT),
            new FeatureSpec("embedding", FeatureType.TENSOR, false, List.of(), List.of(2, -1), TensorMedia.NONE, 0)),
            OutputSpec.classes(List.of("repaid", "default")));

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    @Test
    void decodesBatchesAndSingleRecordsWithTypedValues() throws Exception {
        Batch b = RecordDecoder.decode(SCHEMA, json("""
                {"instances": [
                  {"income": 52000.5, "age": 41, "employment": "salaried", "vip": true, "note": "hi",
                   "embedding": [[1, 2, 3], [4, 5, 6]]},
                  {"income": 1, "age": 30.0, "debt_ratio": null, "employment": "astronaut"}]}"""), 10);
        assertThat(b.size()).isEqualTo(2);
        assertThat(b.value(0, "income")).isEqualTo(52000.5);
        assertThat(b.value(0, "age")).isEqualTo(41L);
        assertThat(b.value(0, "vip")).isEqualTo(true);
        assertThat(((Tensor) b.value(0, "embedding")).shape()).containsExactly(2, 3);
        assertThat(((Tensor) b.value(0, "embedding")).data()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(b.value(1, "age")).isEqualTo(30L);
        assertThat(b.value(1, "debt_ratio")).isNull();
        assertThat(b.value(1, "employment")).isEqualTo("astronaut");

        Batch one = RecordDecoder.decode(SCHEMA, json("{\"income\": 3, \"age\": 5, \"employment\": \"retired\"}"), 10);
        assertThat(one.size()).isEqualTo(1);
    }

    @Test
    void namesTheFieldOfEveryRejection() {
        assertField("{\"instances\": []}", "instances");
        assertField("{\"instances\": {}}", "instances");
        assertField("{\"instances\": [1]}", "instances[0]");
        assertField("{\"instances\": [{\"age\": 1, \"employment\": \"x\"}]}", "instances[0].income");
        assertField("{\"instances\": [{\"income\": \"lots\", \"age\": 1, \"employment\": \"x\"}]}", "instances[0].income");
        assertField("{\"instances\": [{\"income\": 1, \"age\": 1.5, \"employment\": \"x\"}]}", "instances[0].age");
        assertField("{\"instances\": [{\"income\": 1, \"age\": 1, \"employment\": \"x\", \"vip\": \"yes\"}]}", "instances[0].vip");
        assertField("{\"instances\": [{\"income\": 1, \"age\": 1, \"employment\": \"x\", \"incme\": 2}]}", "instances[0].incme");
        assertField("{\"instances\": [{\"income\": 1, \"age\": 1, \"employment\": [\"x\"]}]}", "instances[0].employment");
        assertField("{\"instances\": [{\"income\": 1, \"age\": 1, \"employment\": \"x\", \"embedding\": [[1], [2], [3]]}]}",
                "instances[0].embedding");
        assertField("{\"instances\": [{\"income\": 1, \"age\": 1, \"employment\": \"x\", \"embedding\": [[1, 2], [3]]}]}",
                "instances[0].embedding");
        assertField("{\"instances\": [{\"income\": 1e400, \"age\": 1, \"employment\": \"x\"}]}", "instances[0].income");
        assertField("[1, 2]", "body");
        assertField("{\"instances\": [], \"extra\": 1}", "instances");
    }

    @Test
    void rejectsBatchesAboveTheLimit() throws Exception {
        String rec = "{\"income\": 1, \"age\": 1, \"employment\": \"x\"}";
        String body = "{\"instances\": [" + String.join(",", java.util.Collections.nCopies(3, rec)) + "]}";
        assertThatThrownBy(() -> RecordDecoder.decode(SCHEMA, json(body), 2))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("exceeds the maximum batch size 2");
    }

    private static void assertField(String body, String field) {
        assertThatThrownBy(() -> RecordDecoder.decode(SCHEMA, json(body), 10))
                .as(body)
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo(field));
    }
}
