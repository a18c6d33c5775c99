package dev.shepherd.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.shepherd.error.ErrorCode;
import dev.shepherd.error.ShepherdException;
import dev.shepherd.schema.Values;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads request bodies safely: checks the content type, enforces the size limit (the declared
 * {@code Content-Length} before reading, then the bytes actually read, so chunked bodies are
 * bounded too), and parses JSON or YAML under strict limits. Every failure is a
 * {@link ShepherdException} ({@code unsupported_media_type}, {@code payload_too_large},
 * {@code malformed_body}) that the {@link ErrorMapper} turns into a 4xx; bad input never reaches a
 * 500.
 *
 * <p>Content types: JSON endpoints accept {@code application/json} (any parameters, such as
 * {@code charset=utf-8}) and {@code application/*+json}; a request <em>without</em> a
 * {@code Content-Type} is read as JSON (lenient for {@code curl -d} and simple clients), any other
 * declared type is a 415. Configuration endpoints also accept the YAML types
 * ({@code application/yaml}, {@code application/x-yaml}, {@code text/yaml}, {@code text/x-yaml});
 * without a content type they read YAML, which also covers JSON.
 *
 * <p>JSON rules: standard JSON only (no NaN/Infinity, comments or single quotes), duplicate keys
 * rejected, nothing after the value, nesting at most {@value #MAX_DEPTH} levels, numbers at most
 * {@value #MAX_NUMBER_LENGTH} characters, strings at most {@link Values#MAX_STRING} characters.
 * Immutable and thread-safe.
 */
final class Bodies {
    /** Deepest accepted nesting of arrays and objects. */
    static final int MAX_DEPTH = 64;
    /** Longest accepted number literal, in characters. */
    static final int MAX_NUMBER_LENGTH = 100;

    private static final StreamReadConstraints CONSTRAINTS = StreamReadConstraints.builder()
            .maxNestingDepth(MAX_DEPTH)
            .maxNumberLength(MAX_NUMBER_LENGTH)
            .maxStringLength(Values.MAX_STRING)
            .maxNameLength(1024)
            .build();

    private static final String BYTES_READ = "shepherd.bodyBytes";

    /** Strict JSON reader, also used to write responses (writing is not constrained). */
    static final ObjectMapper JSON = JsonMapper.builder(
                    com.fasterxml.jackson.core.JsonFactory.builder().streamReadConstraints(CONSTRAINTS).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();

    private static final ObjectMapper YAML = yamlMapper();
    private static final ObjectReader JSON_TREE = JSON.readerFor(JsonNode.class);
    private static final ObjectReader YAML_TREE = YAML.readerFor(JsonNode.class);
    private static final List<String> YAML_TYPES =
            List.of("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml");

    private final long maxBodyBytes;

    /** @param maxBodyBytes largest accepted body, bytes (at most about 2 GiB, the largest array) */
    Bodies(long maxBodyBytes) {
        this.maxBodyBytes = Math.min(maxBodyBytes, Integer.MAX_VALUE - 16);
    }

    /** Size in bytes of the body {@link #read} read in this exchange; 0 when none was read. */
    static long bytesRead(Context ctx) {
        Long n = ctx.attribute(BYTES_READ);
        return n == null ? 0 : n;
    }

    long maxBodyBytes() {
        return maxBodyBytes;
    }

    /** The body of a JSON endpoint as a tree: checks the content type, size and syntax. */
    JsonNode json(Context ctx) {
        String type = mediaType(ctx);
        if (type != null && !isJson(type)) {
            throw unsupported(type, "application/json");
        }
        return parseJson(read(ctx));
    }

    /** As {@link #json}, but an empty body is an empty object (for actions whose body is optional). */
    JsonNode optionalJson(Context ctx) {
        byte[] bytes = read(ctx);
        for (byte b : bytes) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                String type = mediaType(ctx);
                if (type != null && !isJson(type)) {
                    throw unsupported(type, "application/json");
                }
                return parseJson(bytes);
            }
        }
        return JSON.createObjectNode();
    }

    /**
     * The documents of a configuration body: one for JSON, one or more for YAML ({@code ---}
     * separated). Empty documents (such as the one after a trailing {@code ---}) are skipped.
     */
    List<JsonNode> documents(Context ctx) {
        String type = mediaType(ctx);
        if (type != null && !isJson(type) && !YAML_TYPES.contains(type)) {
            throw unsupported(type, "application/yaml or application/json");
        }
        byte[] bytes = read(ctx);
        if (type != null && isJson(type)) {
            return List.of(parseJson(bytes));
        }
        return parseYaml(bytes);
    }

    /** The lower-case media type without parameters, or {@code null} when the request declares none. */
    static String mediaType(Context ctx) {
        String header = ctx.header("Content-Type");
        if (header == null || header.isBlank()) {
            return null;
        }
        int semi = header.indexOf(';');
        return (semi < 0 ? header : header.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    static boolean isJson(String mediaType) {
        return mediaType.equals("application/json")
                || (mediaType.startsWith("application/") && mediaType.endsWith("+json"));
    }

    /** Rejects a declared {@code Content-Length} above {@code limit} before anything is read. */
    static void checkDeclaredLength(Context ctx, long limit) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > limit) {
            throw tooLarge("request body of " + declared + " bytes exceeds the limit of " + limit + " bytes");
        }
    }

    /** Reads the whole body, never more than {@code maxBodyBytes}; remembers its size ({@link #bytesRead}). */
    byte[] read(Context ctx) {
        checkDeclaredLength(ctx, maxBodyBytes);
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] bytes = in.readNBytes((int) maxBodyBytes + 1);
            if (bytes.length > maxBodyBytes) {
                throw tooLarge("request body exceeds the limit of " + maxBodyBytes + " bytes");
            }
            ctx.attribute(BYTES_READ, (long) bytes.length);
            return bytes;
        } catch (IOException e) {
            throw new ShepherdException(ErrorCode.MALFORMED_BODY, "request body could not be read: " + e.getMessage(), "body");
        }
    }

    static JsonNode parseJson(byte[] bytes) {
        requireContent(bytes, "a JSON object");
        try {
            return JSON_TREE.readValue(bytes);
        } catch (JsonProcessingException e) {
            throw malformed("JSON", e);
        } catch (IOException e) {
            throw new ShepherdException(ErrorCode.MALFORMED_BODY, "malformed JSON: " + e.getMessage(), "body");
        }
    }

    static List<JsonNode> parseYaml(byte[] bytes) {
        requireContent(bytes, "YAML or JSON documents");
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML_TREE.readValues(bytes)) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                boolean empty = doc == null || doc.isNull() || doc.isMissingNode()
                        || (doc.isTextual() && doc.textValue().isBlank());
                if (!empty) {
                    docs.add(doc);
                }
            }
        } catch (JsonProcessingException e) {
            throw malformed("YAML", e);
        } catch (IOException | RuntimeException e) {
            // SnakeYAML reports some limits (aliases, code points) as unchecked exceptions
            throw new ShepherdException(ErrorCode.MALFORMED_BODY, "malformed YAML: " + e.getMessage(), "body");
        }
        return docs;
    }

    private static void requireContent(byte[] bytes, String expected) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return;
            }
        }
        throw new ShepherdException(ErrorCode.MALFORMED_BODY, "request body is empty; expected " + expected, "body");
    }

    private static ShepherdException malformed(String format, JsonProcessingException e) {
        String where = e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        String field = "body";
        if (!(e instanceof StreamConstraintsException) && e.getProcessor() instanceof JsonParser p) {
            field = path(p.getParsingContext());
        }
        return new ShepherdException(ErrorCode.MALFORMED_BODY,
                "malformed " + format + where + ": " + e.getOriginalMessage(), field);
    }

    /** The parser position as a field path such as {@code instances[0].income}; {@code body} at the root. */
    static String path(JsonStreamContext context) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.push("[" + Math.max(c.getCurrentIndex(), 0) + "]");
            } else if (c.getCurrentName() != null) {
                parts.push("." + c.getCurrentName());
            }
        }
        String p = String.join("", parts);
        p = p.startsWith(".") ? p.substring(1) : p;
        return p.isEmpty() || p.length() > 256 ? "body" : p;
    }

    private static ShepherdException unsupported(String type, String expected) {
        return new ShepherdException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                "content type '" + type + "' is not accepted here; send " + expected, "Content-Type");
    }

    static ShepherdException tooLarge(String message) {
        return new ShepherdException(ErrorCode.PAYLOAD_TOO_LARGE, message, "body");
    }

    private static ObjectMapper yamlMapper() {
        LoaderOptions loader = new LoaderOptions();
        loader.setMaxAliasesForCollections(20);
        loader.setCodePointLimit(Integer.MAX_VALUE);
        loader.setNestingDepthLimit(MAX_DEPTH);
        YAMLFactory factory = YAMLFactory.builder()
                .loaderOptions(loader)
                .streamReadConstraints(CONSTRAINTS)
                .build();
        return YAMLMapper.builder(factory)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
    }
}
