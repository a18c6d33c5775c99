package dev.shepherd.error;

/**
 * A model could not produce an answer: it threw ({@link ErrorCode#MODEL_ERROR}), is not loaded
 * ({@link ErrorCode#UNAVAILABLE}), its upstream failed ({@link ErrorCode#UPSTREAM_ERROR}) or timed
 * out ({@link ErrorCode#UPSTREAM_TIMEOUT}), or the request timed out ({@link ErrorCode#TIMEOUT}).
 */
public final class ModelFailureException extends ShepherdException {
    public ModelFailureException(ErrorCode code, String message, Throwable cause) {
        super(code, message, null, cause);
    }

    public ModelFailureException(ErrorCode code, String message) {
        this(code, message, null);
    }
}
