package dev.shepherd.error;

/** A request that does not fit the schema or the endpoint's contract; always names the field. */
public final class InvalidInputException extends ShepherdException {
    public InvalidInputException(String field, String message) {
        super(ErrorCode.INVALID_INPUT, message, field);
    }
}
