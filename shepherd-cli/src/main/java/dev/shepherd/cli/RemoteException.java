package dev.shepherd.cli;

/** A management call to a running server that failed; carries the HTTP status (0 when unreachable). */
final class RemoteException extends RuntimeException {
    private final int status;

    RemoteException(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
