package dev.shepherd.error;

/** A request by a known caller whose role does not allow it; the message names the role needed. */
public final class ForbiddenException extends ShepherdException {
    public ForbiddenException(String field, String message) {
        super(ErrorCode.FORBIDDEN, message, field);
    }
}
