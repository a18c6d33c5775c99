package dev.shepherd.runtime;

import dev.shepherd.error.ErrorCode;
import dev.shepherd.error.InvalidConfigException;
import dev.shepherd.error.ModelFailureException;
import dev.shepherd.registry.ModelVersion;
import dev.shepherd.oip.OipCodec;
import dev.shepherd.schema.Batch;
import dev.shepherd.schema.ModelSchema;
import dev.shepherd.schema.Prediction;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code java} runtime: runs a class implementing {@link JavaModel} inside the gateway's JVM.
 * {@code spec.options.className} names the class; {@code spec.uri} is {@code classpath:} (load it
 * from this loader's class loader) or the path of a jar (plain path or {@code file:} URI), loaded in
 * its own {@link URLClassLoader} whose parent is this loader's class loader and which is closed
 * with the model. Thread-safe.
 */
public final class JavaModelLoader implements ModelLoader {
    /** The runtime name, as written in {@code spec.runtime}. */
    public static final String RUNTIME = "java";
    /** The {@code spec.uri} that loads the class from the application class path. */
    public static final String CLASSPATH = "classpath:";

    private static final Logger LOG = LoggerFactory.getLogger(JavaModelLoader.class);

    private final ClassLoader parent;

    /** A loader resolving classes with the class loader that loaded Shepherd. */
    public JavaModelLoader() {
        this(JavaModelLoader.class.getClassLoader());
    }

    /** A loader resolving {@code classpath:} classes, and the parents of jar class loaders, with {@code parent}. */
    public JavaModelLoader(ClassLoader parent) {
        this.parent = parent;
    }

    @Override
    public String runtime() {
        return RUNTIME;
    }

    /**
     * Instantiates the class with its public no-argument constructor and calls
     * {@link JavaModel#open} with the version's schema and options.
     *
     * @throws InvalidConfigException on {@code spec.uri} when the jar is missing or unreadable, on
     *                                {@code spec.options.className} when the class is missing,
     *                                not a {@link JavaModel} or cannot be instantiated, and on
     *                                {@code spec.options} when {@code open} fails
     */
    @Override
    public Model load(ModelVersion version) {
        String className = version.options().get("className");
        if (className == null || className.isBlank()) {
            throw new InvalidConfigException("spec.options.className",
                    "the java runtime needs spec.options.className naming a class that implements "
                            + JavaModel.class.getName());
        }
        String uri = version.uri() == null ? "" : version.uri().trim();
        URLClassLoader own = uri.equals(CLASSPATH) ? null : jarLoader(uri, version.sha256());
        ClassLoader loader = own == null ? parent : own;
        try {
            JavaModel model = instantiate(className, loader);
            try {
                model.open(version.schema(), version.options());
            } catch (RuntimeException | LinkageError e) {
                closeQuietly(model);
                throw new InvalidConfigException("spec.options",
                        className + ".open failed: " + e);
            }
            LOG.debug("loaded java model {} from {}", className, uri);
            return new LoadedJavaModel(version.key(), version.schema(), model, own);
        } catch (RuntimeException e) {
            closeQuietly(own);
            throw e;
        }
    }

    private URLClassLoader jarLoader(String uri, String expectedSha256) {
        Path jar;
        try {
            jar = uri.startsWith("file:") ? Path.of(URI.create(uri)) : Path.of(uri);
        } catch (RuntimeException e) {
            throw new InvalidConfigException("spec.uri", "'" + uri + "' is neither " + CLASSPATH + " nor a jar path");
        }
        if (!Files.isRegularFile(jar) || !Files.isReadable(jar)) {
            throw new InvalidConfigException("spec.uri", "jar " + jar + " does not exist or is not readable");
        }
        if (expectedSha256 != null && !expectedSha256.isBlank()) {
            String actual = dev.shepherd.registry.Artifacts.sha256(jar, "spec.uri");
            if (!actual.equalsIgnoreCase(expectedSha256)) {
                throw new InvalidConfigException("spec.uri", "jar " + jar + " has sha256 " + actual
                        + " but the version was registered with " + expectedSha256 + "; versions are immutable");
            }
        }
        try {
            URL url = jar.toUri().toURL();
            return new URLClassLoader("shepherd-java-model:" + jar.getFileName(), new URL[] {url}, parent);
        } catch (MalformedURLException e) {
            throw new InvalidConfigException("spec.uri", "jar " + jar + " has no URL form: " + e.getMessage());
        }
    }

    private static JavaModel instantiate(String className, ClassLoader loader) {
        String field = "spec.options.className";
        Class<?> type;
        try {
            type = Class.forName(className, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new InvalidConfigException(field, "class " + className + " cannot be loaded: " + e);
        }
        if (!JavaModel.class.isAssignableFrom(type)) {
            throw new InvalidConfigException(field, "class " + className + " does not implement " + JavaModel.class.getName());
        }
        try {
            return (JavaModel) type.getConstructor().newInstance();
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new InvalidConfigException(field, "class " + className + " needs a public no-argument constructor");
        } catch (InstantiationException e) {
            throw new InvalidConfigException(field, "class " + className + " is abstract or an interface");
        } catch (InvocationTargetException e) {
            throw new InvalidConfigException(field, "constructor of " + className + " failed: " + e.getCause());
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception | LinkageError e) {
            LOG.warn("closing {} failed", c, e);
        }
    }

    /** A loaded {@link JavaModel} behind the {@link Model} contract. Thread-safe if the user model is. */
    static final class LoadedJavaModel implements Model {
        private final String key;
        private final ModelSchema schema;
        private final ModelInfo info;
        private final JavaModel model;
        private final URLClassLoader classLoader;
        private final AtomicBoolean closed = new AtomicBoolean();

        LoadedJavaModel(String key, ModelSchema schema, JavaModel model, URLClassLoader classLoader) {
            this.key = key;
            this.schema = schema;
            this.info = new ModelInfo(RUNTIME, OipCodec.inputTensors(schema), OipCodec.outputTensors(schema));
            this.model = model;
            this.classLoader = classLoader;
        }

        @Override
        public ModelSchema schema() {
            return schema;
        }

        @Override
        public ModelInfo info() {
            return info;
        }

        @Override
        public List<Prediction> predict(Batch batch) {
            if (closed.get()) {
                throw new ModelFailureException(ErrorCode.UNAVAILABLE, "model " + key + " is closed");
            }
            List<Prediction> result;
            try {
                result = model.predict(batch);
            } catch (RuntimeException | LinkageError | StackOverflowError e) {
                if (closed.get()) {
                    throw new ModelFailureException(ErrorCode.UNAVAILABLE, "model " + key + " was closed while predicting", e);
                }
                throw new ModelFailureException(ErrorCode.MODEL_ERROR, "model " + key + " failed: " + e, e);
            }
            if (result == null || result.size() != batch.size()) {
                throw new ModelFailureException(ErrorCode.MODEL_ERROR, "model " + key + " returned "
                        + (result == null ? "null" : result.size() + " predictions") + " for " + batch.size() + " rows");
            }
            List<Prediction> checked = new ArrayList<>(result.size());
            for (Prediction p : result) {
                checked.add(p == null ? new Prediction.NullPrediction("model returned null") : p);
            }
            return checked;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                closeQuietly(model);
                closeQuietly(classLoader);
            }
        }

        @Override
        public String toString() {
            return "JavaModel[" + key + "]";
        }
    }
}
