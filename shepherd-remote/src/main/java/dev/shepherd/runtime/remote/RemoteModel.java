package dev.shepherd.runtime.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.error.ErrorCode;
import dev.shepherd.error.ModelFailureException;
import dev.shepherd.oip.OipCodec;
import dev.shepherd.registry.ModelVersion;
import dev.shepherd.runtime.Model;
import dev.shepherd.runtime.ModelInfo;
import dev.shepherd.runtime.ReadinessProbe;
import dev.shepherd.schema.Batch;
import dev.shepherd.schema.ModelSchema;
import dev.shepherd.schema.Prediction;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A model version served by an upstream Open Inference Protocol v2 server: each
 * {@link #predict} is one {@code POST .../infer} of the whole batch, encoded and decoded with
 * {@link OipCodec}. Thread-safe; its own {@link HttpClient} (HTTP/1.1, keep-alive connection pool)
 * is shared by all callers and released by {@link #close()}.
 *
 * <p>Upstream metadata ({@code GET /v2/models/{m}}) is read in the background after loading and
 * retried at most every {@value #METADATA_RETRY_MS} ms while the upstream is unreachable; once
 * known, requests follow the upstream's declared datatypes and shapes (see
 * {@link OipCodec#encodeRequest(ModelSchema, Batch, String, List)}) and {@link #info()} reports its
 * tensors. An upstream without metadata (4xx) is sent Shepherd's own layout. A prediction made
 * while a metadata request is in flight waits for it (at most the read timeout).
 */
final class RemoteModel implements Model, ReadinessProbe {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteModel.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Platform reported in {@link ModelInfo}. */
    static final String PLATFORM = "remote";
    /** Least time between two metadata attempts, in milliseconds. */
    static final long METADATA_RETRY_MS = 5_000;
    /** Age after which {@link #ready()} refreshes its answer in the background, in milliseconds. */
    static final long READY_TTL_MS = 1_000;
    private static final int EXCERPT_CHARS = 200;

    private final ModelVersion version;
    private final RemoteOptions options;
    private final HttpClient client;
    private final Clock clock;
    private final URI inferUri;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong requests = new AtomicLong();
    private final String idPrefix = Long.toHexString(System.nanoTime() & 0xFFFFFF) + "-";

    /** Upstream metadata, {@code null} until known; see the class comment. */
    private volatile UpstreamMetadata metadata;
    private CompletableFuture<UpstreamMetadata> metadataFetch;
    private long nextMetadataAttempt;
    private boolean metadataWarned;

    private volatile boolean ready;
    private volatile long readyCheckedAt;
    private CompletableFuture<Boolean> readyCheck;

    RemoteModel(ModelVersion version, RemoteOptions options, Clock clock) {
        this.version = version;
        this.options = options;
        this.clock = clock;
        this.inferUri = options.modelUri("/infer");
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(options.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        if (options.fetchMetadata()) {
            refreshMetadata();
        } else {
            metadata = UpstreamMetadata.none(version.schema());
        }
        checkReady();
    }

    @Override
    public ModelSchema schema() {
        return version.schema();
    }

    @Override
    public ModelInfo info() {
        UpstreamMetadata m = metadata;
        return m != null ? m.info() : UpstreamMetadata.none(version.schema()).info();
    }

    @Override
    public List<Prediction> predict(Batch batch) {
        if (closed.get()) {
            throw new ModelFailureException(ErrorCode.UNAVAILABLE, "model " + version.key() + " is closed");
        }
        UpstreamMetadata m = awaitMetadata();
        String id = idPrefix + requests.incrementAndGet();
        byte[] body = toBytes(OipCodec.encodeRequest(version.schema(), batch, id, m == null ? List.of() : m.inputs()));
        HttpRequest.Builder request = HttpRequest.newBuilder(inferUri)
                .timeout(options.readTimeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        options.headers().forEach(request::setHeader);
        HttpResponse<byte[]> response = send(request.build(), inferUri, true);
        if (response.statusCode() != 200) {
            if (response.statusCode() == 503) {
                ready = false;
            }
            throw new ModelFailureException(ErrorCode.UPSTREAM_ERROR, "upstream " + inferUri + " answered "
                    + response.statusCode() + ": " + excerpt(response.body()));
        }
        ready = true;
        JsonNode json;
        try {
            json = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new ModelFailureException(ErrorCode.UPSTREAM_ERROR, "upstream " + inferUri
                    + " answered an unreadable body: " + excerpt(response.body()), e);
        }
        return OipCodec.decodeResponse(version.schema(), json, batch.size());
    }

    /**
     * The last known readiness of the upstream ({@code GET .../ready} answering 200, or the last
     * inference succeeding); refreshed in the background when older than {@value #READY_TTL_MS}
     * ms. {@code false} until the first check completes and after {@link #close()}. Never blocks.
     */
    @Override
    public boolean ready() {
        if (closed.get()) {
            return false;
        }
        if (clock.millis() - readyCheckedAt >= READY_TTL_MS) {
            checkReady();
        }
        return ready;
    }

    /** Starts (or joins) a readiness check; completes with the new state and never fails. */
    synchronized CompletableFuture<Boolean> checkReady() {
        if (readyCheck != null && !readyCheck.isDone()) {
            return readyCheck;
        }
        readyCheckedAt = clock.millis();
        HttpRequest request = get(options.modelUri("/ready"));
        readyCheck = client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .handle((response, failure) -> {
                    boolean ok = failure == null && response.statusCode() == 200;
                    ready = ok;
                    if (ok && metadata == null) {
                        refreshMetadata();
                    }
                    return ok;
                });
        return readyCheck;
    }

    /**
     * Releases the HTTP client: no new request is accepted, requests in flight run to completion
     * (bounded by their own timeouts). Idempotent; does not block.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            ready = false;
            client.shutdown();
            LOG.debug("closed remote model {} ({})", version.key(), options.base());
        }
    }

    /** The metadata if known; waits (up to the read timeout) for a fetch already in flight. */
    private UpstreamMetadata awaitMetadata() {
        UpstreamMetadata m = metadata;
        if (m != null) {
            return m;
        }
        CompletableFuture<UpstreamMetadata> f = refreshMetadata();
        try {
            return f.get(options.readTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelFailureException(ErrorCode.TIMEOUT, "interrupted while reading upstream metadata", e);
        } catch (ExecutionException | TimeoutException | CancellationException e) {
            return null;
        }
    }

    /** Starts a metadata fetch unless one is in flight or the last failed less than the retry interval ago. */
    private synchronized CompletableFuture<UpstreamMetadata> refreshMetadata() {
        if (metadataFetch != null && (!metadataFetch.isDone() || clock.millis() < nextMetadataAttempt)) {
            return metadataFetch;
        }
        nextMetadataAttempt = clock.millis() + METADATA_RETRY_MS;
        URI uri = options.modelUri("");
        metadataFetch = client.sendAsync(get(uri), HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(response -> {
                    UpstreamMetadata m = UpstreamMetadata.from(version.schema(), uri, response.statusCode(), response.body());
                    if (m != null) {
                        metadata = m;
                    }
                    return m;
                })
                .whenComplete((m, failure) -> {
                    if (failure != null) {
                        logMetadataFailure(uri, describe(failure.getCause() != null ? failure.getCause() : failure));
                    }
                });
        return metadataFetch;
    }

    /** Warns once per model, then logs at debug level, so a down upstream does not flood the log. */
    private synchronized void logMetadataFailure(URI uri, String failure) {
        String format = "remote model {}: cannot read upstream metadata from {} ({}); retrying after {} ms";
        if (metadataWarned) {
            LOG.debug(format, version.key(), uri, failure, METADATA_RETRY_MS);
        } else {
            metadataWarned = true;
            LOG.warn(format, version.key(), uri, failure, METADATA_RETRY_MS);
        }
    }

    private HttpRequest get(URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(options.readTimeout())
                .header("Accept", "application/json").GET();
        options.headers().forEach(b::setHeader);
        return b.build();
    }

    /**
     * Sends and waits for the complete response, mapping every failure to an upstream error code.
     * An I/O failure other than a refused connection or a timeout (typically a pooled keep-alive
     * connection the upstream closed while idle) is retried once on a fresh exchange: inference
     * has no side effects, so repeating it is safe.
     */
    private HttpResponse<byte[]> send(HttpRequest request, URI uri, boolean mayRetry) {
        long deadline = options.connectTimeout().toMillis() + options.readTimeout().toMillis();
        CompletableFuture<HttpResponse<byte[]>> f;
        try {
            f = client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IllegalStateException e) {
            throw new ModelFailureException(ErrorCode.UNAVAILABLE, "model " + version.key() + " is closed", e);
        }
        try {
            return f.get(deadline, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw timeout(uri, e);
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new ModelFailureException(ErrorCode.TIMEOUT, "interrupted while waiting for upstream " + uri, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof HttpTimeoutException) {
                throw timeout(uri, cause);
            }
            if (closed.get()) {
                throw new ModelFailureException(ErrorCode.UNAVAILABLE, "model " + version.key() + " is closed", cause);
            }
            if (cause instanceof ConnectException) {
                ready = false;
                throw new ModelFailureException(ErrorCode.UPSTREAM_ERROR, "cannot connect to upstream " + options.base()
                        + ": " + describe(cause), cause);
            }
            if (mayRetry && cause instanceof IOException) {
                LOG.debug("remote model {}: retrying after {}", version.key(), describe(cause));
                return send(request, uri, false);
            }
            throw new ModelFailureException(ErrorCode.UPSTREAM_ERROR, "upstream " + uri + " failed: " + describe(cause), cause);
        }
    }

    private ModelFailureException timeout(URI uri, Throwable cause) {
        return new ModelFailureException(ErrorCode.UPSTREAM_TIMEOUT, "upstream " + uri + " did not answer within "
                + options.readTimeout().toMillis() + " ms (connect timeout " + options.connectTimeout().toMillis() + " ms)",
                cause);
    }

    /** A failure for messages: its message, or for a message-less connect failure "connection refused". */
    static String describe(Throwable t) {
        if (t.getMessage() != null && !t.getMessage().isBlank()) {
            return t.getMessage();
        }
        return t instanceof ConnectException ? "connection refused" : t.getClass().getSimpleName();
    }

    private static byte[] toBytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize an OIP request", e);
        }
    }

    /** The start of a response body for messages, at most {@value #EXCERPT_CHARS} characters on one line. */
    static String excerpt(byte[] body) {
        if (body == null || body.length == 0) {
            return "(empty body)";
        }
        String s = new String(body, 0, Math.min(body.length, EXCERPT_CHARS * 4), StandardCharsets.UTF_8)
                .replaceAll("\\s+", " ").strip();
        return s.length() > EXCERPT_CHARS ? s.substring(0, EXCERPT_CHARS) + "..." : s;
    }
}
