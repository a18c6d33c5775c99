package dev.shepherd.runtime;

import dev.shepherd.schema.Batch;
import dev.shepherd.schema.ModelSchema;
import dev.shepherd.schema.Prediction;
import java.util.List;

/**
 * A loaded, ready-to-call model version. Implementations are thread-safe: the gateway calls
 * {@link #predict} from many request threads at once. {@link #close()} releases native sessions
 * or connections; calling {@code predict} after {@code close} throws a
 * {@link dev.shepherd.error.ModelFailureException} with code {@code unavailable}.
 */
public interface Model extends AutoCloseable {

    /** The schema the model was loaded with (the version's declared schema). */
    ModelSchema schema();

    /** What the runtime knows of the artifact, for OIP metadata. */
    ModelInfo info();

    /**
     * Predicts every instance of {@code batch}, returning exactly one prediction per row in row
     * order. Failures are {@link dev.shepherd.error.ModelFailureException}s with a code
     * ({@code model_error}, {@code upstream_error}, {@code upstream_timeout}).
     */
    List<Prediction> predict(Batch batch);

    @Override
    void close();
}
