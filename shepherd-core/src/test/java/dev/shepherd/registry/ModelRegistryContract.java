package dev.shepherd.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shepherd.error.ConflictException;
import dev.shepherd.error.ErrorCode;
import dev.shepherd.schema.FeatureSpec;
import dev.shepherd.schema.FeatureType;
import dev.shepherd.schema.ModelSchema;
import dev.shepherd.schema.OutputSpec;
import dev.shepherd.schema.TensorMedia;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ModelRegistry} must have. Subclass it per implementation and return
 * a fresh, empty registry from {@link #createRegistry()}; release resources in an
 * {@code @AfterEach} of the subclass. Times are given at millisecond precision, the least a store
 * must keep.
 */
public abstract class ModelRegistryContract {
    /** A fixed base time, at millisecond precision. */
    protected static final Instant T0 = Instant.parse("2026-03-01T12:00:00.123Z");

    protected ModelRegistry registry;

    /** A new, empty registry; called before every test. */
    protected abstract ModelRegistry createRegistry();

    @BeforeEach
    void setUpRegistry() {
        registry = createRegistry();
    }

    /** A schema that uses every feature type, a tensor with media and shape, and a class output. */
    protected static ModelSchema richSchema() {
        return new ModelSchema(List.of(
                FeatureSpec.of("income", FeatureType.NUMBER),
                FeatureSpec.of("age", FeatureType.INTEGER),
                new FeatureSpec("debt_ratio", FeatureType.NUMBER, false, List.of(), List.of(), TensorMedia.NONE, 0.25),
                FeatureSpec.optional("verified", FeatureType.BOOLEAN),
                FeatureSpec.category("employment", List.of("salaried", "self_employed", "unemployed", "retired")),
                FeatureSpec.of("note", FeatureType.TEXT),
                new FeatureSpec("photo", FeatureType.TENSOR, true, List.of(), List.of(-1, 28, 3), TensorMedia.IMAGE, 0)),
                OutputSpec.classes(List.of("repaid", "default")));
    }

    protected static ModelVersion version(String name, String version, Instant createdAt) {
        return new ModelVersion(name, version, "onnx", "/models/" + name + "-" + version + ".onnx",
                "ab".repeat(32), richSchema(), Map.of("timeoutMs", "250", "threads", "2"), createdAt,
                new Provenance("demo-trainer", Map.of("rows", "1000", "trainer", "logistic")));
    }

    @Test
    void registersAndFindsAVersionWithEveryField() {
        ModelVersion v1 = version("loan-default", "v1", T0);

        ModelVersion stored = registry.register(v1);

        assertThat(stored).isEqualTo(v1);
        assertThat(registry.find("loan-default", "v1")).contains(v1);
    }

    @Test
    void keepsNullableFieldsNullAndEmptyMapsEmpty() {
        ModelVersion remote = new ModelVersion("echo", "v1", "remote", "http://127.0.0.1:9000", null,
                new ModelSchema(List.of(FeatureSpec.tensor("x", List.of(4))), OutputSpec.tensor(List.of(2))),
                Map.of(), T0, null);

        registry.register(remote);

        assertThat(registry.find("echo", "v1")).contains(remote);
    }

    @Test
    void schemaOfEveryOutputKindRoundTrips() {
        ModelVersion score = withSchema(version("s", "v1", T0),
                new ModelSchema(List.of(FeatureSpec.of("a", FeatureType.NUMBER)), OutputSpec.score()));
        ModelVersion tensor = withSchema(version("t", "v1", T0),
                new ModelSchema(List.of(new FeatureSpec("wave", FeatureType.TENSOR, true, List.of(), List.of(1, -1),
                        TensorMedia.AUDIO, 0)), OutputSpec.tensor(List.of(-1, 10))));

        registry.register(score);
        registry.register(tensor);

        assertThat(registry.find("s", "v1").orElseThrow().schema()).isEqualTo(score.schema());
        assertThat(registry.find("t", "v1").orElseThrow().schema()).isEqualTo(tensor.schema());
    }

    @Test
    void findOfAnUnknownVersionIsEmpty() {
        registry.register(version("loan-default", "v1", T0));

        assertThat(registry.find("loan-default", "v9")).isEmpty();
        assertThat(registry.find("other", "v1")).isEmpty();
    }

    @Test
    void identicalReRegistrationIsANoOpReturningTheStoredVersion() {
        ModelVersion first = version("loan-default", "v1", T0);
        registry.register(first);
        ModelVersion again = new ModelVersion(first.name(), first.version(), first.runtime(), first.uri(),
                first.sha256(), richSchema(), Map.of("threads", "2", "timeoutMs", "250"), T0.plusSeconds(60),
                Provenance.of("config"));

        ModelVersion stored = registry.register(again);

        assertThat(stored).isEqualTo(first);
        assertThat(registry.list()).containsExactly(first);
    }

    @Test
    void reRegistrationWithADifferentUriIsAConflict() {
        ModelVersion first = version("loan-default", "v1", T0);
        registry.register(first);

        assertConflict(withUri(first, "/models/other.onnx"), "uri");
        assertThat(registry.find("loan-default", "v1")).contains(first);
    }

    @Test
    void reRegistrationWithADifferentSha256IsAConflict() {
        ModelVersion first = version("loan-default", "v1", T0);
        registry.register(first);

        assertConflict(new ModelVersion(first.name(), first.version(), first.runtime(), first.uri(), "cd".repeat(32),
                first.schema(), first.options(), first.createdAt(), first.provenance()), "sha256");
        assertConflict(new ModelVersion(first.name(), first.version(), first.runtime(), first.uri(), null,
                first.schema(), first.options(), first.createdAt(), first.provenance()), "sha256");
    }

    @Test
    void reRegistrationWithADifferentSchemaIsAConflict() {
        ModelVersion first = version("loan-default", "v1", T0);
        registry.register(first);

        assertConflict(withSchema(first, new ModelSchema(first.schema().inputs(), OutputSpec.score())), "schema");
    }

    @Test
    void reRegistrationWithADifferentRuntimeIsAConflict() {
        ModelVersion first = version("loan-default", "v1", T0);
        registry.register(first);

        assertConflict(new ModelVersion(first.name(), first.version(), "java", first.uri(), first.sha256(),
                first.schema(), first.options(), first.createdAt(), first.provenance()), "runtime");
    }

    @Test
    void reRegistrationWithDifferentOptionsIsAConflict() {
        ModelVersion first = version("loan-default", "v1", T0);
        registry.register(first);

        assertConflict(new ModelVersion(first.name(), first.version(), first.runtime(), first.uri(), first.sha256(),
                first.schema(), Map.of("timeoutMs", "999"), first.createdAt(), first.provenance()), "options");
    }

    @Test
    void listOrdersByNameThenCreationTime() {
        ModelVersion b2 = version("b", "v2", T0.plusSeconds(10));
        ModelVersion a1 = version("a", "v1", T0.plusSeconds(30));
        ModelVersion b1 = version("b", "v1", T0);
        ModelVersion a0 = version("a", "v0", T0.plusSeconds(20));
        for (ModelVersion v : List.of(b2, a1, b1, a0)) {
            registry.register(v);
        }

        assertThat(registry.list()).containsExactly(a0, a1, b1, b2);
    }

    @Test
    void versionsAreOldestFirstAndOnlyOfTheNamedModel() {
        ModelVersion v10 = version("m", "v10", T0.plusMillis(3));
        ModelVersion v2 = version("m", "v2", T0.plusMillis(2));
        ModelVersion v1 = version("m", "v1", T0.plusMillis(1));
        registry.register(v10);
        registry.register(version("n", "v1", T0));
        registry.register(v2);
        registry.register(v1);

        assertThat(registry.versions("m")).containsExactly(v1, v2, v10);
        assertThat(registry.versions("none")).isEmpty();
    }

    @Test
    void versionsCreatedInTheSameInstantKeepRegistrationOrder() {
        ModelVersion z = version("m", "z", T0);
        ModelVersion a = version("m", "a", T0);
        registry.register(z);
        registry.register(a);

        assertThat(registry.versions("m")).containsExactly(z, a);
    }

    @Test
    void concurrentRegistrationsFromEightThreadsAllSucceed() throws Exception {
        int threads = 8;
        int perThread = 20;
        ModelVersion shared = version("shared", "v1", T0);
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            tasks.add(() -> {
                for (int i = 0; i < perThread; i++) {
                    registry.register(version("m" + thread, "v" + i, T0.plusMillis(i)));
                    assertThat(registry.register(shared)).isEqualTo(shared);
                }
                return null;
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (Future<Void> f : pool.invokeAll(tasks, 20, TimeUnit.SECONDS)) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(registry.list()).hasSize(threads * perThread + 1);
        assertThat(registry.versions("m3")).extracting(ModelVersion::version)
                .containsExactly(java.util.stream.IntStream.range(0, perThread).mapToObj(i -> "v" + i).toArray(String[]::new));
    }

    private void assertConflict(ModelVersion incoming, String part) {
        assertThatThrownBy(() -> registry.register(incoming))
                .isInstanceOfSatisfying(ConflictException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT);
                    assertThat(e.field()).isEqualTo("metadata.version");
                })
                .hasMessageContaining(incoming.key())
                .hasMessageContaining(part);
    }

    private static ModelVersion withUri(ModelVersion v, String uri) {
        return new ModelVersion(v.name(), v.version(), v.runtime(), uri, v.sha256(), v.schema(), v.options(),
                v.createdAt(), v.provenance());
    }

    private static ModelVersion withSchema(ModelVersion v, ModelSchema schema) {
        return new ModelVersion(v.name(), v.version(), v.runtime(), v.uri(), v.sha256(), schema, v.options(),
                v.createdAt(), v.provenance());
    }
}
