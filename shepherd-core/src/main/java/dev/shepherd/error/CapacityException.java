package dev.shepherd.error;

/** A bounded resource is full; the caller may retry later. */
public final class CapacityException extends ShepherdException {
    public CapacityException(String message) {
        super(ErrorCode.CAPACITY, message);
    }
}
