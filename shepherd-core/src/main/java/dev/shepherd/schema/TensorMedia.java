package dev.shepherd.schema;

/** What a tensor input represents, so monitoring can compute media-specific metrics. */
public enum TensorMedia {
    /** Plain numbers (embeddings, arrays). */
    NONE,
    /** Pixels, shape [height, width] or [height, width, channels] (or channels first). */
    IMAGE,
    /** Samples, shape [samples] or [channels, samples]. */
    AUDIO
}
