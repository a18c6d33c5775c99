package dev.shepherd.runtime.remote;

import dev.shepherd.error.ErrorCode;
import dev.shepherd.error.ModelFailureException;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of one {@link RemoteModel}: a Jetty {@link HttpClient} (HTTP/1.1, a keep-alive
 * connection pool per upstream host, redirects not followed, no cookies, no compression) with
 * its own small daemon thread pool, started on construction and stopped by {@link #close()}.
 * Every exchange is bounded in time ({@code readTimeoutMs}, total) and in size
 * ({@code maxResponseBytes}); transport failures become {@link ModelFailureException}s. Thread-safe.
 *
 * <p>One client per model rather than per loader because the connect timeout is a client setting
 * and because a model's lifecycle (load, close) is then the client's. Jetty was chosen over
 * {@code java.net.http} for latency: on a 2-core host a small inference POST to a local upstream
 * took about 560 µs at p50 with it against 1.1 to 1.45 ms with the JDK client.
 */
final class UpstreamClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UpstreamClient.class);
    private static final String JSON = "application/json";
    /** Client threads run only non-blocking I/O and completions; callers block on their own threads. */
    private static final int MAX_THREADS = 16;
    private static final int MIN_THREADS = 2;
    private static final int DESCRIBE_CHARS = 200;

    /** A complete answer: status and body (empty when there was none). */
    record Answer(int status, byte[] body) {
    }

    private final String owner;
    private final RemoteOptions options;
    private final Runnable onUnreachable;
    private final HttpClient client;
    private final long timeoutMs;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Blocking exchanges in flight; {@link #close()} waits for them to drain before stopping the client. */
    private final AtomicInteger inFlight = new AtomicInteger();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();

    /**
     * Starts a client for {@code options.base()}.
     *
     * @param owner         the model key, for thread names and messages
     * @param onUnreachable run when a connection is refused or the host cannot be found
     */
    UpstreamClient(String owner, RemoteOptions options, Runnable onUnreachable) {
        this.owner = owner;
        this.options = options;
        this.onUnreachable = onUnreachable;
        this.timeoutMs = options.readTimeout().toMillis();
        String name = "shepherd-remote-" + owner;
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, MIN_THREADS);
        threads.setName(name);
        threads.setDaemon(true);
        client = new HttpClient();
        client.setName(name);
        client.setExecutor(threads);
        client.setScheduler(new ScheduledExecutorScheduler(name + "-scheduler", true));
        client.setConnectTimeout(options.connectTimeout().toMillis());
        client.setFollowRedirects(false);
        client.setHttpCookieStore(new HttpCookieStore.Empty());
        try {
            client.start();
        } catch (Exception e) {
            stop();
            throw new ModelFailureException(ErrorCode.INTERNAL, "cannot start the HTTP client of " + owner, e);
        }
        // start() registers every decoder on the class path; without them no Accept-Encoding is sent,
        // so upstreams answer uncompressed, as they did to the JDK client (cheaper on a fast network).
        client.getContentDecoderFactories().clear();
    }

    /**
     * Sends a JSON body and waits for the complete answer. A pooled connection that fails with an
     * I/O error (typically closed by the upstream while idle) is retried once on a fresh exchange:
     * inference has no side effects, so repeating it is safe.
     *
     * @throws ModelFailureException {@code upstream_timeout} past the timeouts, {@code upstream_error}
     *         for a refused connection, a failed exchange or an answer over the size bound,
     *         {@code unavailable} once closed, {@code timeout} when the calling thread is interrupted
     */
    Answer post(URI uri, byte[] json) {
        inFlight.incrementAndGet();
        try {
            if (closed.get()) {
                throw closedFailure(null);
            }
            return exchange(uri, json, true);
        } finally {
            if (inFlight.decrementAndGet() == 0 && closed.get()) {
                drained.complete(null);
            }
        }
    }

    /**
     * Starts a GET and completes with the answer, or exceptionally with the transport failure
     * (raw, not mapped). Never throws.
     */
    CompletableFuture<Answer> get(URI uri) {
        if (closed.get()) {
            return CompletableFuture.failedFuture(closedFailure(null));
        }
        try {
            return send(newRequest(HttpMethod.GET, uri)).thenApply(r -> new Answer(r.getStatus(), r.getContent()));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    boolean isClosed() {
        return closed.get();
    }

    /**
     * Refuses new exchanges, then stops the client on a background thread once the exchanges in
     * flight have finished (each is bounded by its own timeouts). Idempotent; does not block.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (inFlight.get() == 0) {
            drained.complete(null);
        }
        drained.completeOnTimeout(null, timeoutMs + options.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .thenRun(() -> Thread.ofVirtual().name("shepherd-remote-stop-" + owner).start(this::stop));
    }

    private void stop() {
        try {
            client.stop();
        } catch (Exception e) {
            LOG.debug("stopping the HTTP client of {} failed", owner, e);
        }
    }

    private Answer exchange(URI uri, byte[] json, boolean mayRetry) {
        CompletableFuture<ContentResponse> f;
        try {
            f = send(newRequest(HttpMethod.POST, uri).body(new BytesRequestContent(JSON, json)));
        } catch (RuntimeException e) {
            throw failure(uri, e);
        }
        try {
            // Jetty enforces the total timeout; this bound is a safety net should its scheduler stall.
            ContentResponse r = f.get(timeoutMs + options.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return new Answer(r.getStatus(), r.getContent());
        } catch (TimeoutException e) {
            f.cancel(true);
            throw timeout(uri, e);
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new ModelFailureException(ErrorCode.TIMEOUT, "interrupted while waiting for upstream " + uri, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (mayRetry && retryable(cause) && !closed.get()) {
                LOG.debug("remote model {}: retrying after {}", owner, describe(cause));
                return exchange(uri, json, false);
            }
            throw failure(uri, cause);
        }
    }

    private Request newRequest(HttpMethod method, URI uri) {
        return client.newRequest(uri).method(method)
                .timeout(timeoutMs, TimeUnit.MILLISECONDS)
                // Jetty's idle timeout (30 s by default) would otherwise cut long inferences short.
                .idleTimeout(timeoutMs, TimeUnit.MILLISECONDS)
                .headers(h -> {
                    h.put(HttpHeader.ACCEPT, JSON);
                    options.headers().forEach(h::put);
                });
    }

    private CompletableFuture<ContentResponse> send(Request request) {
        return new BoundedResponseListener(request, options.maxResponseBytes()).send();
    }

    /** An I/O failure on an established exchange, not a refused connection nor a timeout. */
    private static boolean retryable(Throwable t) {
        return t instanceof IOException && !unreachable(t) && !(t instanceof SocketTimeoutException);
    }

    private static boolean unreachable(Throwable t) {
        return t instanceof ConnectException || t instanceof NoRouteToHostException || t instanceof UnknownHostException;
    }

    /** Maps a failed exchange to the model failure callers see. */
    private ModelFailureException failure(URI uri, Throwable cause) {
        if (closed.get()) {
            return closedFailure(cause);
        }
        if (cause instanceof ResponseTooLarge) {
            return new ModelFailureException(ErrorCode.UPSTREAM_ERROR, "upstream " + uri + " answered a response that exceeds "
                    + options.maxResponseBytes() + " bytes (option maxResponseBytes)", cause);
        }
        if (cause instanceof TimeoutException) {
            return timeout(uri, cause);
        }
        if (cause instanceof SocketTimeoutException) {
            return new ModelFailureException(ErrorCode.UPSTREAM_TIMEOUT, "cannot connect to upstream " + options.base()
                    + " within " + options.connectTimeout().toMillis() + " ms", cause);
        }
        if (unreachable(cause)) {
            onUnreachable.run();
            return new ModelFailureException(ErrorCode.UPSTREAM_ERROR, "cannot connect to upstream " + options.base()
                    + ": " + describe(cause), cause);
        }
        return new ModelFailureException(ErrorCode.UPSTREAM_ERROR, "upstream " + uri + " failed: " + describe(cause), cause);
    }

    private ModelFailureException timeout(URI uri, Throwable cause) {
        return new ModelFailureException(ErrorCode.UPSTREAM_TIMEOUT, "upstream " + uri + " did not answer within "
                + timeoutMs + " ms (connect timeout " + options.connectTimeout().toMillis() + " ms)", cause);
    }

    private ModelFailureException closedFailure(Throwable cause) {
        return new ModelFailureException(ErrorCode.UNAVAILABLE, "model " + owner + " is closed", cause);
    }

    /**
     * A failure for messages: "connection closed by the upstream" for an end of stream (Jetty's
     * message is a dump of the connection state), otherwise its message cut to
     * {@value #DESCRIBE_CHARS} characters, or for a message-less connect failure "connection refused".
     */
    static String describe(Throwable t) {
        if (t instanceof EOFException) {
            return "connection closed by the upstream";
        }
        String m = t.getMessage();
        if (m != null && !m.isBlank()) {
            return m.length() > DESCRIBE_CHARS ? m.substring(0, DESCRIBE_CHARS) + "..." : m;
        }
        return t instanceof ConnectException ? "connection refused" : t.getClass().getSimpleName();
    }

    /**
     * Buffers a response body of at most {@code maxBytes}, counted after content decoding; a
     * larger one (by its Content-Length, or while chunks arrive) aborts the exchange with
     * {@link ResponseTooLarge}, so the caller can tell it from other failures.
     */
    private static final class BoundedResponseListener extends CompletableResponseListener {
        private final int maxBytes;
        private long received;

        BoundedResponseListener(Request request, int maxBytes) {
            super(request, maxBytes);
            this.maxBytes = maxBytes;
        }

        @Override
        public void onHeaders(Response response) {
            if (response.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH) > maxBytes) {
                response.abort(new ResponseTooLarge());
                return;
            }
            super.onHeaders(response);
        }

        @Override
        public void onContent(Response response, Content.Chunk chunk, Runnable demander) throws Exception {
            received += chunk.remaining();
            if (received > maxBytes) {
                response.abort(new ResponseTooLarge());
                return;
            }
            super.onContent(response, chunk, demander);
        }
    }

    /** The response body exceeded {@code maxResponseBytes}; the message is built by {@link #failure}. */
    private static final class ResponseTooLarge extends RuntimeException {
        ResponseTooLarge() {
            super("response body exceeds the size bound", null, false, false);
        }
    }
}
