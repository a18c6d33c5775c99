package dev.shepherd.error;

/**
 * Stable, machine-readable error codes. The wire form ({@link #wireName()}) is part of the public
 * API: clients switch on it, so a code is never renamed. The HTTP adapter maps each code to a
 * status in exactly one place.
 */
public enum ErrorCode {
    /** A request field is missing, malformed, of the wrong type or out of range. */
    INVALID_INPUT,
    /** A declarative configuration document is invalid. */
    INVALID_CONFIG,
    /** The request body is not valid JSON (or YAML for config endpoints). */
    MALFORMED_BODY,
    /** The request's content type is not one the endpoint accepts. */
    UNSUPPORTED_MEDIA_TYPE,
    /** The request body exceeds the configured maximum size. */
    PAYLOAD_TOO_LARGE,
    /** The request carries no bearer token, or one the server does not know. */
    UNAUTHENTICATED,
    /** The caller's token is known but its role may not make this request. */
    FORBIDDEN,
    /** A deployment, model or version does not exist (or no route matches the path). */
    NOT_FOUND,
    /** The path exists but not for this HTTP method. */
    METHOD_NOT_ALLOWED,
    /** The request conflicts with the current state (for example, a version already registered). */
    CONFLICT,
    /** A bounded resource is full (queue, executor, batch limit). */
    CAPACITY,
    /** The model is not loaded or not ready. */
    UNAVAILABLE,
    /** The model raised an error while predicting. */
    MODEL_ERROR,
    /** An upstream model server answered with an error or an unreadable body. */
    UPSTREAM_ERROR,
    /** An upstream model server did not answer in time. */
    UPSTREAM_TIMEOUT,
    /** The request did not complete within the server's request timeout. */
    TIMEOUT,
    /** An unexpected failure inside Shepherd. */
    INTERNAL;

    /** The lower-case form used on the wire, for example {@code invalid_input}. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
