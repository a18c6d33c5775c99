package dev.shepherd.api;

import dev.shepherd.error.NotFoundException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * One static web page served from the classpath: {@code GET <prefix>} answers the folder's
 * {@code index.html}, {@code GET <prefix>/<file>} any other file of that folder (flat: no
 * sub-folders), for example {@code /review} from {@code dev/shepherd/api/web/review/}. A file that
 * is not there, or a name outside {@code [A-Za-z0-9][A-Za-z0-9._-]*} with a known extension, is a
 * 404 in the usual error shape ({@link ErrorMapper}). A folder may also be an absolute class-path
 * folder, such as a WebJar's ({@link #webJar}): the dashboard's chart library comes from Maven
 * Central that way, never from a CDN.
 *
 * <p>Every file goes out with {@code Cache-Control: no-cache} and an {@code ETag} (a
 * conditional request that matches gets 304), {@code X-Content-Type-Options: nosniff} and a
 * Content-Security-Policy that allows only the server's own scripts, styles and images (plus
 * {@code data:} and {@code blob:} images): the pages use no inline script, inline handler or
 * inline style. Files are read once and kept. Thread-safe.
 */
final class WebAssets {
    /** The policy sent with every file; pages must keep scripts and styles in their own files. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data: blob:";

    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "json", "application/json",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "woff2", "font/woff2");

    private final String prefix;
    private final String folder;
    private final Map<String, Asset> loaded = new ConcurrentHashMap<>();

    /**
     * @param prefix the URL path of the page, starting with {@code /} and not ending with it
     *               (e.g. {@code /review})
     * @param folder the resource folder relative to this package (e.g. {@code web/review}), or an
     *               absolute class-path folder (e.g. {@code /META-INF/resources/webjars/uplot/1.6.30/dist})
     */
    WebAssets(String prefix, String folder) {
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.folder = Objects.requireNonNull(folder, "folder");
        if (!prefix.startsWith("/") || prefix.endsWith("/")) {
            throw new IllegalArgumentException("prefix must start and not end with '/', was '" + prefix + "'");
        }
        if (folder.isEmpty() || folder.endsWith("/")) {
            throw new IllegalArgumentException("folder must not be empty or end with '/', was '" + folder + "'");
        }
    }

    /**
     * The files of folder {@code dist} of the npm WebJar {@code artifact} (Maven
     * {@code org.webjars.npm:<artifact>}), at the version this build was made with (from
     * {@code webjars.properties}, filtered from the POM), served under {@code prefix}.
     */
    static WebAssets webJar(String prefix, String artifact, String dist) {
        Properties versions = new Properties();
        try (InputStream in = WebAssets.class.getResourceAsStream("webjars.properties")) {
            if (in == null) {
                throw new IllegalStateException("webjars.properties is missing from the class path");
            }
            versions.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read webjars.properties", e);
        }
        String version = versions.getProperty(artifact);
        if (version == null || version.isBlank() || version.startsWith("${")) {
            throw new IllegalStateException("webjars.properties names no version of " + artifact);
        }
        return new WebAssets(prefix, "/META-INF/resources/webjars/" + artifact + "/" + version + "/" + dist);
    }

    void register(RoutesConfig routes) {
        routes.get(prefix, ctx -> serve(ctx, "index.html"));
        routes.get(prefix + "/{file}", ctx -> serve(ctx, ctx.pathParam("file")));
    }

    /** Also answers {@code GET path} (e.g. {@code /}) with the folder's {@code index.html}. */
    void registerIndexAt(RoutesConfig routes, String path) {
        routes.get(path, ctx -> serve(ctx, "index.html"));
    }

    private void serve(Context ctx, String file) {
        Asset asset = find(file).orElseThrow(() ->
                new NotFoundException("file", "no file '" + file + "' under " + prefix));
        ctx.header("Cache-Control", "no-cache");
        ctx.header("ETag", asset.etag());
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        if (asset.etag().equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        ctx.status(200).contentType(asset.contentType()).result(asset.bytes());
    }

    private Optional<Asset> find(String file) {
        Asset known = loaded.get(file);
        if (known != null) {
            return Optional.of(known);
        }
        String type = FILE_NAME.matcher(file).matches() ? TYPES.get(extension(file)) : null;
        if (type == null) {
            return Optional.empty();
        }
        try (InputStream in = WebAssets.class.getResourceAsStream(folder + "/" + file)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            Asset asset = new Asset(bytes, type, etag(bytes));
            loaded.put(file, asset);
            return Optional.of(asset);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read web resource " + folder + "/" + file, e);
        }
    }

    private static String extension(String file) {
        int dot = file.lastIndexOf('.');
        return dot < 0 ? "" : file.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return '"' + HexFormat.of().formatHex(digest, 0, 12) + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    private record Asset(byte[] bytes, String contentType, String etag) {
    }
}
