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
 * background thread and never block the reviewer. Counts deliveries and failures.
 *
 * <p>Unless built to allow them, callbacks to this machine or a private network are refused, so a
 * client cannot make the server post to its neighbours: loopback, link-local (including cloud
 * metadata at 169.254.169.254), site-local and unique-local (fc00::/7), wildcard and multicast
 * addresses. The host is resolved and checked before every attempt. Thread-safe.
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
    private final AtomicLong refused = new AtomicLong();
    private final boolean privateTargets;

    /** @param privateTargets whether callbacks may go to this machine or a private network */
    public HttpCallbacks(boolean privateTargets) {
        this.privateTargets = privateTargets;
    }

    /**
     * Checks a client's callback URL as {@link Callbacks#check} does and, unless private targets
     * are allowed, refuses one whose host is {@code localhost} or a literal private address
     * ({@link dev.shepherd.error.InvalidInputException} on {@code field}). Names are resolved only
     * when calling.
     */
    public String check(String url, String field) {
        Callbacks.check(url, field);
        if (url != null && !privateTargets) {
            String host = URI.create(url).getHost();
            String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
            boolean literal = bare.matches("[0-9.]+") || bare.contains(":");
            try {
                if (bare.equalsIgnoreCase("localhost") || (literal && isPrivate(java.net.InetAddress.getByName(bare)))) {
                    throw new dev.shepherd.error.InvalidInputException(field, field + ": callbacks to this machine "
                            + "or a private network are refused, was '" + host + "'");
                }
            } catch (java.net.UnknownHostException e) {
                throw new dev.shepherd.error.InvalidInputException(field, field + ": not an address: " + host);
            }
        }
        return url;
    }

    /** Whether {@code a} is this machine, a private or link-local network, wildcard or multicast. */
    static boolean isPrivate(java.net.InetAddress a) {
        byte[] b = a.getAddress();
        boolean uniqueLocal = b.length == 16 && (b[0] & 0xfe) == 0xfc;
        return a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress() || uniqueLocal;
    }

    @Override
    public void send(ReviewItem finished) {
        String url = finished.task().callbackUrl();
        if (url == null) {
            return;
        }
        String body = Tickets.json(finished).toString();
        try {
            executor.execute(() -> attempt(url, body, finished.id(), 1));
        } catch (java.util.concurrent.RejectedExecutionException e) { // closing: the ticket stays readable
            failed.incrementAndGet();
        }
    }

    private void attempt(String url, String body, String ticket, int attempt) {
        try {
            if (!privateTargets) {
                for (java.net.InetAddress a : java.net.InetAddress.getAllByName(URI.create(url).getHost()
                        .replace("[", "").replace("]", ""))) {
                    if (isPrivate(a)) {
                        refused.incrementAndGet();
                        LOG.warn("callback for ticket {} to {} refused: {} is a private address", ticket, url, a);
                        return;
                    }
                }
            }
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
        } catch (RuntimeException | java.net.UnknownHostException e) {
            retry(url, body, ticket, attempt, e.toString());
        }
    }

    private void retry(String url, String body, String ticket, int attempt, String why) {
        if (attempt >= ATTEMPTS || executor.isShutdown()) {
            failed.incrementAndGet();
            LOG.warn("callback for ticket {} to {} failed after {} attempts: {}", ticket, url, attempt, why);
            return;
        }
        try {
            executor.schedule(() -> attempt(url, body, ticket, attempt + 1), attempt == 1 ? 1 : 4, TimeUnit.SECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            failed.incrementAndGet();
        }
    }

    /** Callbacks answered 2xx. */
    public long delivered() {
        return delivered.get();
    }

    /** Callbacks given up after {@value #ATTEMPTS} tries (or left when closing). */
    public long failed() {
        return failed.get();
    }

    /** Callbacks not sent because their host resolved to a private address. */
    public long refused() {
        return refused.get();
    }

    @Override
    public void close() {
        executor.shutdown();
        client.close();
    }
}
