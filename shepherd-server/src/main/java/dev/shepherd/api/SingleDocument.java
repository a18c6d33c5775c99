package dev.shepherd.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.config.ConfigBundle;
import dev.shepherd.config.ConfigParser;
import dev.shepherd.error.ConfigError;
import dev.shepherd.error.InvalidConfigException;
import java.nio.file.Path;
import java.util.List;

/**
 * Helpers for endpoints that take exactly one declarative document ({@code PUT} of a deployment,
 * {@code POST} of a model): picks the one document, and validates it with the
 * {@link ConfigParser} while reporting error paths relative to the document
 * ({@code spec.serving} rather than {@code documents[0].spec.serving}). Stateless and thread-safe.
 */
final class SingleDocument {
    private static final String PREFIX = "documents[0]";

    private SingleDocument() {
    }

    /** The only document of the body, which must be a mapping; copied so callers may edit it. */
    static ObjectNode of(List<JsonNode> docs, String kind) {
        if (docs.size() != 1) {
            throw new InvalidConfigException("documents", "expected one " + kind + " document, found " + docs.size());
        }
        if (!docs.getFirst().isObject()) {
            throw new InvalidConfigException("documents[0]", "expected a mapping with apiVersion, kind, metadata and spec");
        }
        return ((ObjectNode) docs.getFirst()).deepCopy();
    }

    /** Validates the document; errors name paths inside it. */
    static ConfigBundle parse(ConfigParser parser, JsonNode doc, Path baseDir, String source) {
        try {
            return parser.parseDocuments(List.of(doc), baseDir, source);
        } catch (InvalidConfigException e) {
            throw relative(e);
        }
    }

    static InvalidConfigException relative(InvalidConfigException e) {
        List<ConfigError> errors = e.errors().stream().map(err -> new ConfigError(strip(err.path()), err.message())).toList();
        return new InvalidConfigException(errors);
    }

    private static String strip(String path) {
        if (path.startsWith(PREFIX + ".")) {
            return path.substring(PREFIX.length() + 1);
        }
        return path.equals(PREFIX) ? "document" : path;
    }
}
