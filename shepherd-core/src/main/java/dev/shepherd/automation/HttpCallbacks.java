package dev.shepherd.automation;

import dev.shepherd.review.ReviewItem;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Callbacks} over HTTP: {@code POST} of the ticket JSON with a 5 s timeout, tried up to
 * {@value #ATTEMPTS} times (after 1 s, then 4 s) until the receiver answers 2xx. Calls run on one
 * background thread and never block the reviewer. Counts deliveries and failures. Thread-safe.
 */
public final class HttpCallbacks implements Callbacks, AutoCloseable {
    /** Tries per callback. */
    public static final int ATTEMPTS = 3;

    private static final Logger LOG = LoggerFactory.getLogger(HttpCallbacks.class);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "shepherd-callbacks");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    @Override
    public void send(ReviewItem finished) {
        String url = finished.task().callbackUrl();
        if (url == null) {
            return;
        }
        String body = Tickets.json(finished).toString();
        executor.execute(() -> attempt(url, body, finished.id(), 1));
    }

    private void attempt(String url, String body, String ticket, int attempt) {
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
            // sendAsync keeps the single thread free while the receiver answers
            client.sendAsync(req, HttpResponse.BodyHandlers.discarding()).whenComplete((resp, e) -> {
                if (e == null && resp.statusCode() / 100 == 2) {
                    delivered.incrementAndGet();
                } else {
                    retry(url, body, ticket, attempt, e != null ? e.toString() : "HTTP " + resp.statusCode());
                }
            });
        } catch (RuntimeException e) {
            retry(url, body, ticket, attempt, e.toString());
        }
    }

    private void retry(String url, String body, String ticket, int attempt, String why) {
        if (attempt >= ATTEMPTS || executor.isShutdown()) {
            failed.incrementAndGet();
            LOG.warn("callback for ticket {} to {} failed after {} attempts: {}", ticket, url, attempt, why);
            return;
        }
        executor.schedule(() -> attempt(url, body, ticket, attempt + 1), attempt == 1 ? 1 : 4, TimeUnit.SECONDS);
    }

    /** Callbacks answered 2xx. */
    public long delivered() {
        return delivered.get();
    }

    /** Callbacks given up after {@value #ATTEMPTS} tries. */
    public long failed() {
        return failed.get();
    }

    @Override
    public void close() {
        executor.shutdown();
    }
}
