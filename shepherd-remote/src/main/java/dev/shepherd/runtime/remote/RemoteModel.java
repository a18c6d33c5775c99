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
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A model version served by an upstream Open Inference Protocol v2 server: each
 * {@link #predict} is one {@code POST .../infer} of the whole batch, encoded and decoded with
 * {@link OipCodec} and sent through the model's own {@link UpstreamClient}. Thread-safe.
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
    private final UpstreamClient upstream;
    private final Clock clock;
    private final URI inferUri;
    private final URI readyUri;
    private final AtomicLong requests = new AtomicLong();
    private final String idPrefix = Long.toHexString(System.nanoTime() & 0xFFFFFF) + "-";

    /** Upstream metadata, {@code null} until known; see the class comment. */
    private volatile UpstreamMetadata metadata;
    private CompletableFuture<UpstreamMetadata> metadataFetch;
    private long nextMetadataAttempt;
    private boolean metadataWarned;

    private volatile boolean ready;
    private volatile long readyCheckedAt;
    /** The latest readiness check; replaced by compare-and-set so {@link #ready()} never locks. */
    private final AtomicReference<CompletableFuture<Boolean>> readyCheck = new AtomicReference<>();

    RemoteModel(ModelVersion version, RemoteOptions options, Clock clock) {
        this.version = version;
        this.options = options;
        this.clock = clock;
        this.inferUri = options.modelUri("/infer");
        this.readyUri = options.modelUri("/ready");
        this.upstream = new UpstreamClient(version.key(), options, () -> ready = false);
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
        if (upstream.isClosed()) {
            throw new ModelFailureException(ErrorCode.UNAVAILABLE, "model " + version.key() + " is closed");
        }
        UpstreamMetadata m = awaitMetadata();
        String id = idPrefix + requests.incrementAndGet();
        byte[] body = toBytes(OipCodec.encodeRequest(version.schema(), batch, id, m == null ? List.of() : m.inputs()));
        UpstreamClient.Answer answer = upstream.post(inferUri, body);
        if (answer.status() != 200) {
            if (answer.status() == 503) {
                ready = false;
            }
            throw new ModelFailureException(ErrorCode.UPSTREAM_ERROR, "upstream " + inferUri + " answered "
                    + answer.status() + ": " + excerpt(answer.body()));
        }
        if (!ready) {
            ready = true;
        }
        JsonNode json;
        try {
            json = JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new ModelFailureException(ErrorCode.UPSTREAM_ERROR, "upstream " + inferUri
                    + " answered an unreadable body: " + excerpt(answer.body()), e);
        }
        return OipCodec.decodeResponse(version.schema(), json, batch.size());
    }

    /**
     * The last known readiness of the upstream ({@code GET .../ready} answering 200, or the last
     * inference succeeding); refreshed in the background when older than {@value #READY_TTL_MS}
     * ms. {@code false} until the first check completes and after {@link #close()}. Never blocks
     * and takes no lock: three volatile reads and a clock read while the answer is fresh.
     */
    @Override
    public boolean ready() {
        if (upstream.isClosed()) {
            return false;
        }
        if (clock.millis() - readyCheckedAt >= READY_TTL_MS) {
            checkReady();
        }
        return ready;
    }

    /** Starts (or joins) a readiness check; completes with the new state and never fails. Lock-free. */
    CompletableFuture<Boolean> checkReady() {
        CompletableFuture<Boolean> current = readyCheck.get();
        if (current != null && !current.isDone()) {
            return current;
        }
        CompletableFuture<Boolean> next = new CompletableFuture<>();
        if (!readyCheck.compareAndSet(current, next)) {
            return readyCheck.get();
        }
        readyCheckedAt = clock.millis();
        upstream.get(readyUri).whenComplete((answer, failure) -> {
            boolean ok = failure == null && answer.status() == 200;
            ready = ok && !upstream.isClosed();
            if (ok && metadata == null) {
                refreshMetadata();
            }
            next.complete(ok);
        });
        return next;
    }

    /**
     * Refuses new predictions and releases the HTTP client once the requests in flight have run
     * to completion (bounded by their own timeouts). Idempotent; does not block.
     */
    @Override
    public void close() {
        if (!upstream.isClosed()) {
            ready = false;
            upstream.close();
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
        metadataFetch = upstream.get(uri)
                .thenApply(answer -> {
                    UpstreamMetadata m = UpstreamMetadata.from(version.schema(), uri, answer.status(), answer.body());
                    if (m != null) {
                        metadata = m;
                    }
                    return m;
                })
                .whenComplete((m, failure) -> {
                    if (failure != null && !upstream.isClosed()) {
                        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                                ? failure.getCause() : failure;
                        logMetadataFailure(uri, UpstreamClient.describe(cause));
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
