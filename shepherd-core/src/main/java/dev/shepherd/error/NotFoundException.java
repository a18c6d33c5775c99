package dev.shepherd.error;

/** A deployment, model, version or record that does not exist. */
public final class NotFoundException extends ShepherdException {
    public NotFoundException(String field, String message) {
        super(ErrorCode.NOT_FOUND, message, field);
    }
}
