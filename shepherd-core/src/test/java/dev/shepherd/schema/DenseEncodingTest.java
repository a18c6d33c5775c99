package dev.shepherd.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DenseEncodingTest {
    private static final ModelSchema SCHEMA = new ModelSchema(List.of(
            FeatureSpec.of("income", FeatureType.NUMBER),
            FeatureSpec.of("age", FeatureType.INTEGER),
            new FeatureSpec("debt_ratio", FeatureType.NUMBER, false, List.of(), List.of(), TensorMedia.NONE, 0.35),
            FeatureSpec.category("employment", List.of("salaried", "self_employed", "unemployed")),
            FeatureSpec.optional("owner", FeatureType.BOOLEAN)),
            OutputSpec.classes(List.of("no", "yes")));

    private final DenseEncoding encoding = DenseEncoding.of(SCHEMA);

    @Test
    void namesOneColumnPerScalarAndOnePerCategoryValueInDeclaredOrder() {
        assertThat(encoding.width()).isEqualTo(7);
        assertThat(encoding.columnNames()).containsExactly("income", "age", "debt_ratio",
                "employment=salaried", "employment=self_employed", "employment=unemployed", "owner");
        assertThat(encoding.offset(3)).isEqualTo(3);
        assertThat(encoding.offset(4)).isEqualTo(6);
    }

    @Test
    void encodesNumbersBooleansAndOneHotCategories() {
        float[] v = encoding.encode(new Object[] {52_000.5, 41L, 0.2, "self_employed", true});
        assertThat(v).containsExactly(52_000.5f, 41f, 0.2f, 0f, 1f, 0f, 1f);
    }

    @Test
    void imputesMissingScalarsAndZeroesMissingOrUnseenCategories() {
        assertThat(encoding.encode(new Object[] {1.0, 2L, null, null, null}))
                .containsExactly(1f, 2f, 0.35f, 0f, 0f, 0f, 0f);
        assertThat(encoding.encode(new Object[] {1.0, 2L, 0.5, "retired", false}))
                .containsExactly(1f, 2f, 0.5f, 0f, 0f, 0f, 0f);
    }

    @Test
    void writesAtTheOffsetAndOverwritesStaleValues() {
        float[] out = new float[9];
        java.util.Arrays.fill(out, 9f);
        encoding.encode(new Object[] {1.0, 2L, 0.5, "salaried", false}, out, 1);
        assertThat(out).containsExactly(9f, 1f, 2f, 0.5f, 1f, 0f, 0f, 0f, 9f);
    }

    @Test
    void encodesABatchRowMajor() {
        Batch batch = new Batch(SCHEMA, List.of(
                new Object[] {1.0, 2L, 0.5, "salaried", false},
                new Object[] {3.0, 4L, null, "unemployed", true}));
        assertThat(encoding.encode(batch)).containsExactly(
                1f, 2f, 0.5f, 1f, 0f, 0f, 0f,
                3f, 4f, 0.35f, 0f, 0f, 1f, 1f);
    }

    @Test
    void rejectsNonTabularSchemasAndWrongRows() {
        ModelSchema text = new ModelSchema(List.of(FeatureSpec.of("q", FeatureType.TEXT)), OutputSpec.score());
        assertThat(DenseEncoding.supports(text)).isFalse();
        assertThat(DenseEncoding.supports(SCHEMA)).isTrue();
        assertThatThrownBy(() -> DenseEncoding.of(text)).hasMessageContaining("q of type text");
        assertThatThrownBy(() -> encoding.encode(new Object[] {1.0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 values");
        assertThatThrownBy(() -> encoding.encode(new Object[] {"x", 2L, null, null, null}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("income");
    }
}
