package dev.shepherd.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.shepherd.access.AccessPolicy;
import dev.shepherd.access.AccessRole;
import dev.shepherd.access.Principal;
import dev.shepherd.error.ConfigError;
import dev.shepherd.error.InvalidConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads an access file, the tokens a server accepts and their roles:
 * <pre>
 * apiVersion: shepherd/v1
 * kind: Access
 * spec:
 *   tokens:
 *     - name: alice            # 1..64 letters, digits or _.@-; recorded as who acted
 *       role: reviewer         # operator | reviewer | inference
 *       token: ${ALICE_TOKEN}  # the token (at least 16 characters); ${NAME} is read from the environment
 *     - name: app
 *       role: inference
 *       sha256: 9f86d0…        # or the 64 hex digits of the token's SHA-256
 * </pre>
 * Every problem is collected with its path ({@code spec.tokens[1].role}) and reported together in
 * one {@link InvalidConfigException}; names and tokens must be unique. Messages never repeat a
 * token. Thread-safe.
 */
public final class AccessReader {
    private static final Pattern ENV_REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Pattern HEX_DIGEST = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Set<String> TOP_FIELDS = Set.of("apiVersion", "kind", "metadata", "spec");
    private static final Set<String> TOKEN_FIELDS = Set.of("name", "role", "token", "sha256");
    private static final ObjectMapper YAML = new YAMLMapper(YAMLFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build());

    private AccessReader() {
    }

    /** Reads {@code file}, expanding {@code ${NAME}} from the process environment. */
    public static AccessPolicy read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException | RuntimeException e) {
            throw new InvalidConfigException(file.toString(), "cannot read the access file: "
                    + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()));
        }
        return parse(text, System::getenv);
    }

    /**
     * Parses an access document; {@code env} answers {@code ${NAME}} references ({@code null} when
     * unset).
     */
    public static AccessPolicy parse(String text, Function<String, String> env) {
        JsonNode doc = document(text);
        if (!doc.isObject()) {
            throw new InvalidConfigException("documents[0]", "expected a mapping with apiVersion, kind and spec");
        }
        List<ConfigError> errors = new ArrayList<>();
        unknownFields(doc, "", TOP_FIELDS, errors);
        expect(doc, "apiVersion", ConfigParser.API_VERSION, errors);
        expect(doc, "kind", "Access", errors);
        AccessPolicy.Builder policy = AccessPolicy.builder();
        JsonNode spec = doc.get("spec");
        JsonNode tokens = spec == null || !spec.isObject() ? null : spec.get("tokens");
        if (spec == null || spec.isNull()) {
            errors.add(new ConfigError("spec", "is required"));
        } else if (!spec.isObject()) {
            errors.add(new ConfigError("spec", "must be a mapping with tokens"));
        } else {
            unknownFields(spec, "spec", Set.of("tokens"), errors);
            if (tokens == null || !tokens.isArray() || tokens.isEmpty()) {
                errors.add(new ConfigError("spec.tokens", "must be a non-empty list of {name, role, token or sha256}"));
            } else {
                readTokens(tokens, env, policy, errors);
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidConfigException(errors);
        }
        return policy.build();
    }

    private static void readTokens(JsonNode tokens, Function<String, String> env, AccessPolicy.Builder policy,
                                   List<ConfigError> errors) {
        Map<String, String> names = new HashMap<>();
        Map<String, String> digests = new HashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            String path = "spec.tokens[" + i + "]";
            JsonNode t = tokens.get(i);
            if (!t.isObject()) {
                errors.add(new ConfigError(path, "must be a mapping with name, role and token or sha256"));
                continue;
            }
            Fields f = new Fields(t, path, errors);
            unknownFields(t, path, TOKEN_FIELDS, errors);
            String name = f.text("name", true);
            if (name != null && !Principal.NAME.matcher(name).matches()) {
                f.error("name", "must be 1..64 letters, digits or _.@-, was '" + name + "'");
                name = null;
            } else if (name != null && names.putIfAbsent(name, path) != null) {
                f.error("name", name + " is declared twice (first at " + names.get(name) + ")");
                name = null;
            }
            String roleText = f.text("role", true);
            AccessRole role = roleText == null ? null : AccessRole.parse(roleText).orElse(null);
            if (roleText != null && role == null) {
                f.error("role", "must be operator, reviewer or inference, was '" + roleText + "'");
            }
            String field = t.has("sha256") ? "sha256" : "token";
            byte[] digest = digest(f, env);
            if (digest != null) {
                String hex = HexFormat.of().formatHex(digest);
                String first = digests.putIfAbsent(hex, path);
                if (first != null) {
                    f.error(field, "the same token as " + first + "; every token must be different");
                    digest = null;
                }
            }
            if (name != null && role != null && digest != null) {
                policy.digest(name, role, digest);
            }
        }
    }

    /** The token's digest from {@code token} or {@code sha256}; {@code null} with the error recorded. */
    private static byte[] digest(Fields f, Function<String, String> env) {
        JsonNode token = f.node.get("token");
        JsonNode sha = f.node.get("sha256");
        boolean hasToken = token != null && !token.isNull();
        boolean hasSha = sha != null && !sha.isNull();
        if (hasToken == hasSha) {
            f.error("", hasToken ? "give either token or sha256, not both" : "token or sha256 is required");
            return null;
        }
        if (hasSha) {
            if (!sha.isTextual() || !HEX_DIGEST.matcher(sha.textValue()).matches()) {
                f.error("sha256", "must be the 64 hex digits of the token's SHA-256");
                return null;
            }
            return HexFormat.of().parseHex(sha.textValue().toLowerCase(java.util.Locale.ROOT));
        }
        if (!token.isTextual()) {
            f.error("token", "must be a string (quote it)");
            return null;
        }
        String value = expand(token.textValue(), env, f);
        if (value == null) {
            return null;
        }
        if (value.length() < AccessPolicy.MIN_TOKEN_LENGTH) {
            f.error("token", "must be at least " + AccessPolicy.MIN_TOKEN_LENGTH + " characters, was "
                    + value.length());
            return null;
        }
        if (!value.strip().equals(value)) {
            f.error("token", "must not start or end with white space");
            return null;
        }
        return AccessPolicy.sha256(value);
    }

    /** {@code text} with every {@code ${NAME}} replaced from {@code env}; {@code null} if one is unset. */
    private static String expand(String text, Function<String, String> env, Fields f) {
        Matcher m = ENV_REF.matcher(text);
        StringBuilder out = new StringBuilder();
        boolean ok = true;
        while (m.find()) {
            String value = env.apply(m.group(1));
            if (value == null || value.isEmpty()) {
                f.error("token", "environment variable " + m.group(1) + " is not set");
                ok = false;
                value = "";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return ok ? out.toString() : null;
    }

    private static void expect(JsonNode doc, String field, String expected, List<ConfigError> errors) {
        JsonNode v = doc.get(field);
        if (v == null || v.isNull()) {
            errors.add(new ConfigError(field, "is required"));
        } else if (!expected.equals(v.asText())) {
            errors.add(new ConfigError(field, "must be " + expected + ", was " + v.asText()));
        }
    }

    private static void unknownFields(JsonNode node, String path, Set<String> known, List<ConfigError> errors) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!known.contains(k)) {
                errors.add(new ConfigError(path.isEmpty() ? k : path + "." + k,
                        "unknown field; expected one of " + new java.util.TreeSet<>(known)));
            }
        }
    }

    private static JsonNode document(String text) {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(text)) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    docs.add(doc);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new InvalidConfigException("documents", "not valid YAML" + where(e) + ": " + problem(e));
        }
        if (docs.size() != 1) {
            throw new InvalidConfigException("documents", "expected one Access document, found " + docs.size());
        }
        return docs.getFirst();
    }

    /** Where parsing stopped, from the first {@link JsonProcessingException} among the causes. */
    private static String where(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JsonProcessingException j && j.getLocation() != null) {
                return " at line " + j.getLocation().getLineNr() + ", column " + j.getLocation().getColumnNr();
            }
        }
        return "";
    }

    /** What is wrong, without the excerpt of the file the YAML parser quotes (it may hold a token). */
    private static String problem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYAMLException m && m.getProblem() != null) {
                return m.getProblem();
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JsonProcessingException j) {
                return j.getOriginalMessage();
            }
        }
        return e.getClass().getSimpleName();
    }
}
