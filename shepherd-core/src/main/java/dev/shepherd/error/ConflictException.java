package dev.shepherd.error;

/** A request that conflicts with current state, such as registering an existing version twice. */
public final class ConflictException extends ShepherdException {
    public ConflictException(String field, String message) {
        super(ErrorCode.CONFLICT, message, field);
    }
}
