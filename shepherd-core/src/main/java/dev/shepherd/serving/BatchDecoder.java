package dev.shepherd.serving;

import dev.shepherd.schema.Batch;
import dev.shepherd.schema.ModelSchema;

/**
 * Decodes a request body against the schema of the version that will answer. Supplied by the
 * protocol adapter (plain JSON or OIP); throws {@link dev.shepherd.error.InvalidInputException}.
 */
@FunctionalInterface
public interface BatchDecoder {
    Batch decode(ModelSchema schema, int maxBatch);
}
