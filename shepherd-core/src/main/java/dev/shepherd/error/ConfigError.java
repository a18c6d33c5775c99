package dev.shepherd.error;

/**
 * One problem found in a configuration document: {@code path} locates it
 * ({@code models[1].spec.uri}), {@code message} says what is wrong.
 */
public record ConfigError(String path, String message) {
    @Override
    public String toString() {
        return path + ": " + message;
    }
}
