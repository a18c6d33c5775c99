package dev.shepherd.alert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts each notification as JSON to a URL, off the evaluator's thread: {@code {"status":
 * "firing"|"resolved", "alert": {rule, deployment, severity, starts_at, ends_at, value, expr,
 * labels, annotations}}}. A failed delivery (a non-2xx answer, a timeout, no connection) is retried
 * {@code attempts − 1} times with doubling waits from {@code backoff}; deliveries and failures are
 * counted ({@link #delivered()}, {@link #failed()}). Thread-safe; {@link #close()} stops it.
 */
public final class WebhookNotifier implements Notifier, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookNotifier.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI url;
    private final java.util.function.Function<Notification, com.fasterxml.jackson.databind.JsonNode> format;
    private final int attempts;
    private final Duration backoff;
    private final Duration timeout;
    private final HttpClient http;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "shepherd-webhook");
        t.setDaemon(true);
        return t;
    });
    private final LongAdder delivered = new LongAdder();
    private final LongAdder failed = new LongAdder();

    /**
     * @param attempts tries per notification, at least 1 (default 4)
     * @param backoff  wait before the first retry, doubled for each next one (default 500 ms)
     * @param timeout  per attempt (default 5 s)
     */
    public WebhookNotifier(URI url, int attempts, Duration backoff, Duration timeout) {
        this(url, WebhookNotifier::body, attempts, backoff, timeout);
    }

    private WebhookNotifier(URI url, java.util.function.Function<Notification, com.fasterxml.jackson.databind.JsonNode> format,
                            int attempts, Duration backoff, Duration timeout) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
        this.url = url;
        this.format = format;
        this.attempts = attempts;
        this.backoff = backoff;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    public WebhookNotifier(URI url) {
        this(url, 4, Duration.ofMillis(500), Duration.ofSeconds(5));
    }

    /**
     * Notifications for a Prometheus Alertmanager at {@code base} ({@code http://host:9093}),
     * through its API v2: {@code POST /api/v2/alerts} with {@code [{labels, annotations, startsAt,
     * endsAt, generatorURL}]}; a resolution is the same alert with {@code endsAt} set. The
     * condition and its value travel as the annotations {@code expr} and {@code value}.
     */
    public static WebhookNotifier alertmanager(URI base, int attempts, Duration backoff, Duration timeout) {
        String b = base.toString().endsWith("/") ? base.toString() : base + "/";
        return new WebhookNotifier(URI.create(b + "api/v2/alerts"), WebhookNotifier::alertmanagerBody, attempts, backoff,
                timeout);
    }

    static com.fasterxml.jackson.databind.node.ArrayNode alertmanagerBody(Notification n) {
        com.fasterxml.jackson.databind.node.ArrayNode arr = JSON.createArrayNode();
        ObjectNode a = arr.addObject();
        ObjectNode labels = a.putObject("labels");
        n.labels().forEach(labels::put);
        ObjectNode annotations = a.putObject("annotations");
        n.annotations().forEach(annotations::put);
        annotations.put("expr", n.expr());
        if (Double.isFinite(n.value())) {
            annotations.put("value", Double.toString(n.value()));
        }
        if (n.startsAt() != null) {
            a.put("startsAt", n.startsAt().toString());
        }
        if (n.endsAt() != null) {
            a.put("endsAt", n.endsAt().toString());
        }
        a.put("generatorURL", "");
        return arr;
    }

    @Override
    public void notify(Notification n) {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(format.apply(n));
        } catch (java.io.IOException e) {
            failed.increment();
            return;
        }
        retries.execute(() -> attempt(n, body, 1));
    }

    static ObjectNode body(Notification n) {
        ObjectNode root = JSON.createObjectNode();
        root.put("status", n.status());
        ObjectNode a = root.putObject("alert");
        a.put("rule", n.rule());
        a.put("deployment", n.deployment());
        a.put("severity", n.severity());
        a.put("starts_at", n.startsAt() == null ? null : n.startsAt().toString());
        a.put("ends_at", n.endsAt() == null ? null : n.endsAt().toString());
        if (Double.isFinite(n.value())) {
            a.put("value", n.value());
        } else {
            a.putNull("value");
        }
        a.put("expr", n.expr());
        ObjectNode labels = a.putObject("labels");
        n.labels().forEach(labels::put);
        ObjectNode annotations = a.putObject("annotations");
        n.annotations().forEach(annotations::put);
        return root;
    }

    private void attempt(Notification n, byte[] body, int attempt) {
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(url).timeout(timeout)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() / 100 == 2) {
                delivered.increment();
                return;
            }
            retryOrFail(n, body, attempt, "HTTP " + r.statusCode());
        } catch (java.io.IOException e) {
            retryOrFail(n, body, attempt, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void retryOrFail(Notification n, byte[] body, int attempt, String why) {
        if (attempt >= attempts) {
            failed.increment();
            LOG.warn("webhook {}: {} of {} on {} not delivered after {} attempts: {}", url, n.status(), n.rule(),
                    n.deployment(), attempt, why);
            return;
        }
        long wait = backoff.toMillis() << (attempt - 1);
        retries.schedule(() -> attempt(n, body, attempt + 1), wait, TimeUnit.MILLISECONDS);
    }

    /** Where notifications go. */
    public URI url() {
        return url;
    }

    /** Notifications delivered. */
    public long delivered() {
        return delivered.sum();
    }

    /** Notifications given up after every attempt failed. */
    public long failed() {
        return failed.sum();
    }

    @Override
    public void close() {
        retries.shutdownNow();
        http.close();
    }
}
