package dev.shepherd.runtime;

import dev.shepherd.schema.Batch;
import dev.shepherd.schema.ModelSchema;
import dev.shepherd.schema.Prediction;
import java.util.List;
import java.util.Map;

/**
 * The interface a Java-native model implements to run under the {@code java} runtime. The class
 * needs a public no-argument constructor; Shepherd calls {@link #open} once, then
 * {@link #predict} from many threads at once (implementations must be thread-safe), then
 * {@link #close}.
 */
public interface JavaModel extends AutoCloseable {

    /**
     * Called once before the first prediction with the version's schema and its
     * {@code spec.options} (string values). Default: nothing.
     */
    default void open(ModelSchema schema, Map<String, String> options) {
    }

    /** One prediction per row of {@code batch}, in row order. */
    List<Prediction> predict(Batch batch);

    @Override
    default void close() {
    }
}
