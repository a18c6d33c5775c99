package dev.shepherd.runtime.remote;

import dev.shepherd.error.ConfigError;
import dev.shepherd.error.InvalidConfigException;
import dev.shepherd.registry.ModelVersion;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The validated settings of one remote model version, read from its {@code uri} and
 * {@code spec.options} (documented on {@link RemoteModelLoader}). Immutable.
 *
 * @param base            upstream base URL without a trailing slash ({@code http://host:8000})
 * @param upstreamModel   the model name on the upstream server
 * @param upstreamVersion the model version on the upstream server, or {@code null} for its default
 * @param connectTimeout   TCP connect timeout
 * @param readTimeout      total time allowed for one exchange, from sending the request to the
 *                         last byte of the answer (including connecting when no pooled connection
 *                         is free)
 * @param headers          extra request headers, in declared order
 * @param fetchMetadata    whether to read the upstream's model metadata to match its datatypes
 * @param maxResponseBytes largest response body accepted, in bytes (after content decoding)
 */
record RemoteOptions(URI base, String upstreamModel, String upstreamVersion, Duration connectTimeout,
                     Duration readTimeout, Map<String, String> headers, boolean fetchMetadata, int maxResponseBytes) {
    static final String HEADER_PREFIX = "headers.";
    static final int DEFAULT_CONNECT_TIMEOUT_MS = 1000;
    static final int DEFAULT_READ_TIMEOUT_MS = 5000;
    static final int MAX_TIMEOUT_MS = 600_000;
    static final int DEFAULT_MAX_RESPONSE_BYTES = 64 << 20;
    static final int MAX_RESPONSE_BYTES = 1 << 30;
    /**
     * Headers the HTTP client manages itself (framing, connection management, routing); a
     * per-model value would corrupt the exchange. Compared in lower case.
     */
    private static final Set<String> RESTRICTED_HEADERS = Set.of("connection", "content-length", "expect", "host",
            "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade");

    RemoteOptions {
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** Reads and checks every option, failing with all problems at once. */
    static RemoteOptions of(ModelVersion version) {
        List<ConfigError> errors = new ArrayList<>();
        Map<String, String> o = version.options();
        URI base = base(version.uri(), errors);
        String model = o.getOrDefault("upstreamModel", version.name());
        if (model == null || model.isBlank()) {
            errors.add(new ConfigError("spec.options.upstreamModel", "must not be blank"));
        }
        String upstreamVersion = o.get("upstreamVersion");
        if (upstreamVersion != null && upstreamVersion.isBlank()) {
            upstreamVersion = null;
        }
        int connect = bounded(o, "connectTimeoutMs", DEFAULT_CONNECT_TIMEOUT_MS, MAX_TIMEOUT_MS, "milliseconds", errors);
        int read = bounded(o, "readTimeoutMs", DEFAULT_READ_TIMEOUT_MS, MAX_TIMEOUT_MS, "milliseconds", errors);
        int maxResponse = bounded(o, "maxResponseBytes", DEFAULT_MAX_RESPONSE_BYTES, MAX_RESPONSE_BYTES, "bytes", errors);
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : o.entrySet()) {
            if (e.getKey().startsWith(HEADER_PREFIX)) {
                String name = e.getKey().substring(HEADER_PREFIX.length());
                String problem = headerProblem(name, e.getValue());
                if (problem == null) {
                    headers.put(name, e.getValue());
                } else {
                    errors.add(new ConfigError("spec.options." + e.getKey(), "header '" + name + "' cannot be set: " + problem));
                }
            }
        }
        String fetch = o.getOrDefault("fetchMetadata", "true").toLowerCase(Locale.ROOT);
        if (!fetch.equals("true") && !fetch.equals("false")) {
            errors.add(new ConfigError("spec.options.fetchMetadata", "must be true or false, was '" + fetch + "'"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidConfigException(errors);
        }
        return new RemoteOptions(base, model, upstreamVersion, Duration.ofMillis(connect), Duration.ofMillis(read),
                headers, fetch.equals("true"), maxResponse);
    }

    /** {@code base/v2/models/{m}[/versions/{v}]} followed by {@code suffix} ({@code "/infer"}, {@code "/ready"} or {@code ""}). */
    URI modelUri(String suffix) {
        StringBuilder sb = new StringBuilder(base.toString()).append("/v2/models/").append(segment(upstreamModel));
        if (upstreamVersion != null) {
            sb.append("/versions/").append(segment(upstreamVersion));
        }
        return URI.create(sb.append(suffix).toString());
    }

    private static URI base(String uri, List<ConfigError> errors) {
        if (uri == null || uri.isBlank()) {
            errors.add(new ConfigError("spec.uri", "the upstream base URL is required, for example http://host:8000"));
            return null;
        }
        try {
            URI u = new URI(uri.strip());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null
                    || u.getQuery() != null || u.getFragment() != null) {
                errors.add(new ConfigError("spec.uri", "expected an http or https base URL such as http://host:8000, was '"
                        + uri + "'"));
                return null;
            }
            String s = u.toString();
            while (s.endsWith("/")) {
                s = s.substring(0, s.length() - 1);
            }
            return URI.create(s);
        } catch (URISyntaxException e) {
            errors.add(new ConfigError("spec.uri", "not a valid URL '" + uri + "': " + e.getReason()));
            return null;
        }
    }

    /** Option {@code key} as a whole number in {@code 1..max}, {@code dflt} when absent. */
    private static int bounded(Map<String, String> o, String key, int dflt, int max, String unit, List<ConfigError> errors) {
        String v = o.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new ConfigError("spec.options." + key, "must be a whole number of " + unit + " in 1.." + max
                + ", was '" + v + "'"));
        return dflt;
    }

    /**
     * Why a header cannot be sent, or {@code null} when it can: the name must be an RFC 9110 token
     * and not one the client manages ({@link #RESTRICTED_HEADERS}); the value may hold visible
     * characters, spaces and tabs but no control characters (no CR or LF, so no header injection).
     */
    static String headerProblem(String name, String value) {
        if (name.isEmpty()) {
            return "empty header name";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean tchar = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!tchar) {
                return "invalid character " + String.format("U+%04X", (int) c) + " in the header name";
            }
        }
        if (RESTRICTED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
            return "the HTTP client manages this header";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(c == '\t' || (c >= 0x20 && c < 0x7F) || (c >= 0x80 && c <= 0xFF))) {
                return "invalid character " + String.format("U+%04X", (int) c) + " in the value";
            }
        }
        return null;
    }

    /** Percent-encodes a path segment (RFC 3986 unreserved characters stay as they are). */
    static String segment(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                sb.append(c);
            } else {
                sb.append('%').append(String.format("%02X", b & 0xFF));
            }
        }
        return sb.toString();
    }
}
