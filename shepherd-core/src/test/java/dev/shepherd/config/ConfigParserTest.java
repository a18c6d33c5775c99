package dev.shepherd.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shepherd.error.ConfigError;
import dev.shepherd.error.InvalidConfigException;
import dev.shepherd.schema.FeatureType;
import dev.shepherd.schema.OutputKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigParserTest {
    private final ConfigParser parser = new ConfigParser(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));

    @TempDir
    Path dir;

    private static final String GOOD = """
            apiVersion: shepherd/v1
            kind: Model
            metadata: {name: loan-default, version: v1}
            spec:
              runtime: onnx
              uri: models/v1.onnx
              schema:
                inputs:
                  - {name: income, type: number}
                  - {name: age, type: integer}
                  - {name: debt_ratio, type: number, required: false, impute: 0.3}
                  - {name: employment, type: category, values: [salaried, self_employed]}
                  - {name: photo, type: tensor, shape: [-1, 28, 28], media: image}
                output: {type: class, labels: [repaid, default]}
              provenance: {source: ci, trainer: tribuo-logistic}
            ---
            apiVersion: shepherd/v1
            kind: Deployment
            metadata: {name: loan-default}
            spec:
              serving: v1
              automation: {level: full}
            """;

    @Test
    void parsesModelsAndDeploymentsWithAbsoluteHashedArtifacts() throws Exception {
        Files.createDirectories(dir.resolve("models"));
        Files.write(dir.resolve("models/v1.onnx"), new byte[] {1, 2, 3});
        ConfigBundle b = parser.parse(GOOD, dir, "test");
        assertThat(b.models()).hasSize(1);
        var m = b.models().getFirst();
        assertThat(m.key()).isEqualTo("loan-default:v1");
        assertThat(Path.of(m.uri())).isAbsolute().isEqualTo(dir.resolve("models/v1.onnx").toAbsolutePath());
        // sha256 of bytes 01 02 03
        assertThat(m.sha256()).isEqualTo("039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81");
        assertThat(m.schema().inputs()).extracting(f -> f.type())
                .containsExactly(FeatureType.NUMBER, FeatureType.INTEGER, FeatureType.NUMBER, FeatureType.CATEGORY, FeatureType.TENSOR);
        assertThat(m.schema().inputs().get(2).required()).isFalse();
        assertThat(m.schema().inputs().get(2).impute()).isEqualTo(0.3);
        assertThat(m.schema().output().kind()).isEqualTo(OutputKind.CLASS);
        assertThat(m.provenance().source()).isEqualTo("ci");
        assertThat(m.provenance().details()).containsEntry("trainer", "tribuo-logistic");
        assertThat(b.deployments()).singleElement().satisfies(d -> {
            assertThat(d.name()).isEqualTo("loan-default");
            assertThat(d.model()).isEqualTo("loan-default");
            assertThat(d.serving()).isEqualTo("v1");
            assertThat(d.specJson()).contains("automation");
        });
    }

    @Test
    void collectsEveryErrorWithItsPath() {
        String bad = """
                apiVersion: shepherd/v2
                kind: Model
                metadata: {name: Loan_Default}
                spec:
                  runtime: onnx
                  uri: missing.onnx
                  schema:
                    inputs:
                      - {name: income, type: float}
                      - {name: employment, type: category}
                      - {name: income, type: number}
                    output: {type: class, labels: [only-one]}
                ---
                apiVersion: shepherd/v1
                kind: Deployment
                metadata: {name: loan}
                spec: {}
                ---
                apiVersion: shepherd/v1
                kind: Service
                metadata: {name: x}
                spec: {}
                """;
        assertThatThrownBy(() -> parser.parse(bad, dir, "test"))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.errors())
                        .extracting(ConfigError::path)
                        .contains("documents[0].apiVersion", "documents[0].metadata.name", "documents[0].metadata.version",
                                "documents[0].spec.uri", "documents[0].spec.schema.inputs[0].type",
                                "documents[0].spec.schema.inputs[1].values", "documents[0].spec.schema.inputs[2].name",
                                "documents[0].spec.schema.output.labels", "documents[1].spec.serving", "documents[2].kind"));
    }

    @Test
    void reportsMissingArtifactWithFileNotFound() {
        String text = GOOD.replace("models/v1.onnx", "nope/v9.onnx");
        assertThatThrownBy(() -> parser.parse(text, dir, "test"))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.errors())
                        .singleElement().satisfies(err -> {
                            assertThat(err.path()).isEqualTo("documents[0].spec.uri");
                            assertThat(err.message()).startsWith("file not found");
                        }));
    }

    @Test
    void rejectsMalformedYamlWithItsPosition() {
        assertThatThrownBy(() -> parser.parse("kind: [unclosed\n  - x: {", dir, "test"))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("line");
    }

    @Test
    void ignoresEmptyDocumentsSuchAsATrailingSeparator() throws Exception {
        Files.createDirectories(dir.resolve("models"));
        Files.write(dir.resolve("models/v1.onnx"), new byte[] {1});
        ConfigBundle b = parser.parse("---\n" + GOOD + "---\n", dir, "test");
        assertThat(b.models()).hasSize(1);
        assertThat(b.deployments()).hasSize(1);
    }

    @Test
    void rejectsEmptyAndDuplicateDocuments() {
        assertThatThrownBy(() -> parser.parse("", dir, "t")).hasMessageContaining("no documents");
        String dup = """
                apiVersion: shepherd/v1
                kind: Deployment
                metadata: {name: a}
                spec: {serving: v1}
                ---
                apiVersion: shepherd/v1
                kind: Deployment
                metadata: {name: a}
                spec: {serving: v2}
                """;
        assertThatThrownBy(() -> parser.parse(dup, dir, "t")).hasMessageContaining("declared twice");
    }

    @Test
    void javaAndRemoteRuntimesAreCheckedForTheirOwnFields() {
        String text = """
                apiVersion: shepherd/v1
                kind: Model
                metadata: {name: a, version: v1}
                spec:
                  runtime: java
                  uri: "classpath:"
                  schema: {inputs: [{name: x, type: number}], output: {type: score}}
                ---
                apiVersion: shepherd/v1
                kind: Model
                metadata: {name: b, version: v1}
                spec:
                  runtime: remote
                  uri: ftp://upstream
                  schema: {inputs: [{name: x, type: number}], output: {type: score}}
                """;
        assertThatThrownBy(() -> parser.parse(text, dir, "t"))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.errors())
                        .extracting(ConfigError::path)
                        .containsExactlyInAnyOrder("documents[0].spec.options.className", "documents[1].spec.uri"));
    }
}
