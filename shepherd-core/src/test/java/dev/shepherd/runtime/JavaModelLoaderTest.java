package dev.shepherd.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shepherd.error.ErrorCode;
import dev.shepherd.error.InvalidConfigException;
import dev.shepherd.error.ModelFailureException;
import dev.shepherd.registry.ModelVersion;
import dev.shepherd.registry.Provenance;
import dev.shepherd.runtime.fixtures.CreditScorer;
import dev.shepherd.runtime.fixtures.FixtureSchemas;
import dev.shepherd.schema.Batch;
import dev.shepherd.schema.Prediction;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaModelLoaderTest extends ModelContract {
    private final JavaModelLoader loader = new JavaModelLoader();

    static ModelVersion version(String uri, Map<String, String> options) {
        return new ModelVersion("credit", "v1", "java", uri, null, FixtureSchemas.credit(), options,
                Instant.EPOCH, Provenance.of("test"));
    }

    static ModelVersion classpath(Class<?> type) {
        return version(JavaModelLoader.CLASSPATH, Map.of("className", type.getName()));
    }

    @Override
    protected Model newModel() {
        return loader.load(classpath(CreditScorer.class));
    }

    @Override
    protected List<Batch> sampleBatches() {
        return List.of(FixtureSchemas.creditBatch(40, 1), FixtureSchemas.creditBatch(3, 2));
    }

    @Test
    void answersWithTheUserModelAndDescribesTheSchema() {
        Batch batch = FixtureSchemas.creditBatch(5, 7);
        List<Prediction> got = model.predict(batch);
        for (int r = 0; r < batch.size(); r++) {
            var c = (Prediction.ClassPrediction) got.get(r);
            assertThat(c.probabilities()[1]).isEqualTo(CreditScorer.defaultProbability(batch.rows().get(r)));
        }
        assertThat(loader.runtime()).isEqualTo("java");
        assertThat(model.info().platform()).isEqualTo("java");
        assertThat(model.info().inputs()).extracting(ModelInfo.TensorInfo::name)
                .containsExactly("income", "age", "debt_ratio", "employment", "has_collateral");
        assertThat(model.info().inputs()).extracting(ModelInfo.TensorInfo::datatype)
                .containsExactly("FP64", "INT64", "FP64", "BYTES", "BOOL");
        assertThat(model.info().outputs().get(1).shape()).containsExactly(-1L, 2L);
    }

    @Test
    void userModelExceptionsAreModelErrors() {
        try (Model m = loader.load(classpath(Throwing.class))) {
            assertThatThrownBy(() -> m.predict(FixtureSchemas.creditBatch(2, 1)))
                    .isInstanceOfSatisfying(ModelFailureException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_ERROR))
                    .hasMessageContaining("boom");
        }
    }

    @Test
    void wrongPredictionCountIsAModelError() {
        try (Model m = loader.load(classpath(OneTooFew.class))) {
            assertThatThrownBy(() -> m.predict(FixtureSchemas.creditBatch(3, 1)))
                    .isInstanceOfSatisfying(ModelFailureException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_ERROR))
                    .hasMessageContaining("2 predictions for 3 rows");
        }
    }

    @Test
    void closeClosesTheUserModelOnce() {
        Model m = loader.load(classpath(Counting.class));
        m.close();
        m.close();
        assertThat(Counting.closes).isEqualTo(1);
    }

    @Test
    void missingClassNameIsAConfigErrorOnClassName() {
        assertConfigError(version("classpath:", Map.of()), "spec.options.className");
    }

    @Test
    void unknownClassIsAConfigErrorOnClassName() {
        assertConfigError(version("classpath:", Map.of("className", "no.such.Model")), "spec.options.className");
    }

    @Test
    void classThatIsNotAJavaModelIsAConfigErrorOnClassName() {
        assertConfigError(classpath(String.class), "spec.options.className");
    }

    @Test
    void classWithoutNoArgConstructorIsAConfigErrorOnClassName() {
        assertConfigError(classpath(NoDefaultConstructor.class), "spec.options.className");
    }

    @Test
    void missingJarIsAConfigErrorOnUri(@TempDir Path dir) {
        assertConfigError(version(dir.resolve("absent.jar").toString(),
                Map.of("className", CreditScorer.class.getName())), "spec.uri");
    }

    @Test
    void failingOpenIsAConfigError() {
        assertConfigError(classpath(FailingOpen.class), "spec.options");
    }

    @Test
    void loadsAModelFromItsOwnJar(@TempDir Path dir) throws IOException {
        Path jar = compileJar(dir, "demo.Constant", """
                package demo;
                import dev.shepherd.runtime.JavaModel;
                import dev.shepherd.schema.*;
                import java.util.*;
                public class Constant implements JavaModel {
                    private double p = 0.25;
                    @Override public void open(ModelSchema schema, Map<String, String> options) {
                        p = Double.parseDouble(options.getOrDefault("p", "0.25"));
                    }
                    @Override public List<Prediction> predict(Batch batch) {
                        List<Prediction> out = new ArrayList<>();
                        for (int i = 0; i < batch.size(); i++) {
                            out.add(new Prediction.ClassPrediction(p > 0.5 ? "default" : "repaid", new double[] {1 - p, p}));
                        }
                        return out;
                    }
                }
                """);
        ModelVersion v = version(jar.toString(), Map.of("className", "demo.Constant", "p", "0.75"));
        try (Model m = loader.load(v)) {
            var c = (Prediction.ClassPrediction) m.predict(FixtureSchemas.creditBatch(1, 1)).getFirst();
            assertThat(c.label()).isEqualTo("default");
            assertThat(c.probabilities()).containsExactly(0.25, 0.75);
        }
        assertThatThrownBy(() -> Class.forName("demo.Constant")).isInstanceOf(ClassNotFoundException.class);
        try (Model m = loader.load(version(jar.toUri().toString(), Map.of("className", "demo.Constant")))) {
            assertThat(m.predict(FixtureSchemas.creditBatch(2, 1))).hasSize(2);
        }
        String sha = dev.shepherd.registry.Artifacts.sha256(jar, "spec.uri");
        ModelVersion pinned = new ModelVersion("credit", "v1", "java", jar.toString(), sha, FixtureSchemas.credit(),
                Map.of("className", "demo.Constant"), Instant.EPOCH, Provenance.of("test"));
        loader.load(pinned).close();
        Files.write(jar, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        assertConfigError(pinned, "spec.uri"); // the jar changed after registration: versions are immutable
    }

    private void assertConfigError(ModelVersion v, String field) {
        assertThatThrownBy(() -> loader.load(v))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
                    assertThat(e.errors()).extracting(err -> err.path()).containsExactly(field);
                });
    }

    private static Path compileJar(Path dir, String className, String source) throws IOException {
        Path src = dir.resolve("src").resolve(className.replace('.', '/') + ".java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, source);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        String coreClasses = Path.of(JavaModel.class.getProtectionDomain().getCodeSource().getLocation().getPath()).toString();
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "-classpath", coreClasses, "-d", classes.toString(), src.toString());
        assertThat(rc).isZero();
        Path jar = dir.resolve("model.jar");
        String entry = className.replace('.', '/') + ".class";
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jos = new JarOutputStream(out)) {
            jos.putNextEntry(new JarEntry(entry));
            jos.write(Files.readAllBytes(classes.resolve(entry)));
            jos.closeEntry();
        }
        return jar;
    }

    public static final class Throwing implements JavaModel {
        @Override
        public List<Prediction> predict(Batch batch) {
            throw new IllegalStateException("boom");
        }
    }

    public static final class OneTooFew implements JavaModel {
        @Override
        public List<Prediction> predict(Batch batch) {
            return new CreditScorer().predict(batch).subList(1, batch.size());
        }
    }

    public static final class Counting implements JavaModel {
        static int closes;

        @Override
        public List<Prediction> predict(Batch batch) {
            return List.of();
        }

        @Override
        public void close() {
            closes++;
        }
    }

    public static final class FailingOpen implements JavaModel {
        @Override
        public void open(dev.shepherd.schema.ModelSchema schema, Map<String, String> options) {
            throw new IllegalArgumentException("needs option x");
        }

        @Override
        public List<Prediction> predict(Batch batch) {
            return List.of();
        }
    }

    public static final class NoDefaultConstructor implements JavaModel {
        public NoDefaultConstructor(String unused) {
        }

        @Override
        public List<Prediction> predict(Batch batch) {
            return List.of();
        }
    }
}
