package dev.shepherd.error;

import java.util.List;

/**
 * A configuration rejected as a whole. Validation collects every problem before failing, so the
 * user fixes them in one pass; nothing of an invalid configuration is applied.
 */
public final class InvalidConfigException extends ShepherdException {
    private final List<ConfigError> errors;

    public InvalidConfigException(List<ConfigError> errors) {
        super(ErrorCode.INVALID_CONFIG, summary(errors), errors.isEmpty() ? null : errors.getFirst().path());
        this.errors = List.copyOf(errors);
    }

    public InvalidConfigException(String path, String message) {
        this(List.of(new ConfigError(path, message)));
    }

    public List<ConfigError> errors() {
        return errors;
    }

    private static String summary(List<ConfigError> errors) {
        StringBuilder sb = new StringBuilder("invalid configuration (")
                .append(errors.size()).append(errors.size() == 1 ? " error)" : " errors)");
        for (ConfigError e : errors) {
            sb.append("; ").append(e);
        }
        return sb.toString();
    }
}
