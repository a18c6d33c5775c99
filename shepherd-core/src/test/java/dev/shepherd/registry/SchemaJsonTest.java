package dev.shepherd.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shepherd.schema.FeatureSpec;
import dev.shepherd.schema.FeatureType;
import dev.shepherd.schema.ModelSchema;
import dev.shepherd.schema.OutputSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemaJsonTest {

    @Test
    void schemaRoundTripsWithEveryTypeAndKind() {
        ModelSchema schema = ModelRegistryContract.richSchema();

        assertThat(SchemaJson.schemaFromJson(SchemaJson.schemaToJson(schema))).isEqualTo(schema);
    }

    @Test
    void writesRecordComponentsOnlyAndEnumsInWireForm() {
        String json = SchemaJson.schemaToJson(ModelRegistryContract.richSchema());

        assertThat(json)
                .contains("\"type\":\"number\"", "\"type\":\"tensor\"", "\"media\":\"image\"", "\"kind\":\"class\"",
                        "\"shape\":[-1,28,3]", "\"impute\":0.25", "\"required\":false")
                .doesNotContain("size", "fixedVolume", "NUMBER");
    }

    @Test
    void readsUpperCaseEnumsAndIgnoresUnknownProperties() {
        String json = "{\"inputs\":[{\"name\":\"x\",\"type\":\"NUMBER\",\"required\":true,\"later\":1}],"
                + "\"output\":{\"kind\":\"SCORE\"},\"extra\":true}";

        ModelSchema schema = SchemaJson.schemaFromJson(json);

        assertThat(schema).isEqualTo(new ModelSchema(List.of(FeatureSpec.of("x", FeatureType.NUMBER)), OutputSpec.score()));
    }

    @Test
    void provenanceAndOptionsRoundTrip() {
        Provenance p = new Provenance("demo-trainer", Map.of("rows", "1000", "data", "train.csv"));
        Map<String, String> options = new LinkedHashMap<>();
        options.put("className", "dev.example.Scorer");
        options.put("timeoutMs", "250");

        assertThat(SchemaJson.provenanceFromJson(SchemaJson.provenanceToJson(p))).isEqualTo(p);
        assertThat(SchemaJson.mapFromJson(SchemaJson.mapToJson(options))).containsExactlyEntriesOf(options);
        assertThat(SchemaJson.provenanceToJson(Provenance.of("upload"))).isEqualTo("{\"source\":\"upload\",\"details\":{}}");
    }

    @Test
    void nullMapsToNull() {
        assertThat(SchemaJson.schemaToJson(null)).isNull();
        assertThat(SchemaJson.schemaFromJson(null)).isNull();
        assertThat(SchemaJson.provenanceFromJson(null)).isNull();
        assertThat(SchemaJson.mapFromJson(null)).isNull();
    }

    @Test
    void malformedJsonIsAnIllegalArgument() {
        assertThatThrownBy(() -> SchemaJson.schemaFromJson("{\"inputs\":")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ModelSchema");
    }
}
