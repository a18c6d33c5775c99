package dev.shepherd.alert;

/** An alert condition that does not parse: where (1-based column) and why. */
public final class ExprException extends RuntimeException {
    private final int column;

    public ExprException(int column, String message) {
        super("at column " + column + ": " + message);
        this.column = column;
    }

    /** 1-based column of the problem. */
    public int column() {
        return column;
    }
}
