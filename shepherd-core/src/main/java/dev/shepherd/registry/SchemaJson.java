package dev.shepherd.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.EnumFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.shepherd.schema.ModelSchema;
import java.util.Map;

/**
 * The JSON form in which stores keep a version's {@link ModelSchema}, {@link Provenance} and
 * options. Records are written by their components only (derived methods such as
 * {@code ModelSchema.size()} are not properties); enums are written in their lower-case wire form
 * ({@code "number"}, {@code "class"}, {@code "image"}) and read in any case. Unknown properties
 * are ignored so that older code can read documents written by newer code.
 *
 * <p>Every method maps {@code null} to {@code null}. Thread-safe.
 */
public final class SchemaJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(EnumFeature.WRITE_ENUMS_TO_LOWERCASE)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
    };

    private SchemaJson() {
    }

    public static String schemaToJson(ModelSchema schema) {
        return write(schema);
    }

    /** Parses a schema written by {@link #schemaToJson}; malformed text is an {@link IllegalArgumentException}. */
    public static ModelSchema schemaFromJson(String json) {
        return read(json, ModelSchema.class);
    }

    public static String provenanceToJson(Provenance provenance) {
        return write(provenance);
    }

    public static Provenance provenanceFromJson(String json) {
        return read(json, Provenance.class);
    }

    /** A string map (runtime options) as a JSON object, keys in the map's iteration order. */
    public static String mapToJson(Map<String, String> map) {
        return write(map);
    }

    public static Map<String, String> mapFromJson(String json) {
        if (json == null) {
            return null;
        }
        try {
            return MAPPER.readValue(json, STRING_MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("malformed JSON string map: " + e.getOriginalMessage(), e);
        }
    }

    private static String write(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private static <T> T read(String json, Class<T> type) {
        if (json == null) {
            return null;
        }
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("malformed " + type.getSimpleName() + " JSON: " + e.getOriginalMessage(), e);
        }
    }
}
