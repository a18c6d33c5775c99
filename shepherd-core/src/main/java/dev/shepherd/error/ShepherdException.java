package dev.shepherd.error;

/**
 * The root of every error Shepherd raises on purpose. It carries a stable {@link ErrorCode} and,
 * where one input is to blame, the {@code field} path that names it (for example
 * {@code instances[3].income} or {@code spec.serving}).
 */
public class ShepherdException extends RuntimeException {
    private final ErrorCode code;
    private final String field;

    /** An error not tied to one field. */
    public ShepherdException(ErrorCode code, String message) {
        this(code, message, null, null);
    }

    /** An error about {@code field} (a path such as {@code instances[3].income}). */
    public ShepherdException(ErrorCode code, String message, String field) {
        this(code, message, field, null);
    }

    /** An error about {@code field} (may be {@code null}) with its cause. */
    public ShepherdException(ErrorCode code, String message, String field, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.field = field;
    }

    /** The stable machine-readable code. */
    public ErrorCode code() {
        return code;
    }

    /** The offending field path, or {@code null} when the error is not about one field. */
    public String field() {
        return field;
    }
}
