package dev.shepherd.error;

/** A request without a bearer token, or with one the server does not know; names the credential field. */
public final class UnauthenticatedException extends ShepherdException {
    public UnauthenticatedException(String field, String message) {
        super(ErrorCode.UNAUTHENTICATED, message, field);
    }
}
