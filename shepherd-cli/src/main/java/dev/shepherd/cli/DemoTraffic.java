package dev.shepherd.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Simulated clients for the demo: a steady stream of requests over real HTTP, alternating the
 * Open Inference Protocol {@code infer} endpoint and the plain JSON {@code predict} endpoint, with
 * occasional small batches. At most 32 requests are in flight; a tick that finds no free slot is
 * skipped and counted, so a slow server is not flooded. Simulated users then react to single-record
 * answers: each request carries the applicant's {@code X-Shepherd-Key}, so an applicant stays on
 * one version during a canary; a share of them later sends the true label ({@link #labelShare}, after
 * {@link #labelDelay}) and a few send a {@code redo_search} event. Thread-safe; stop with
 * {@link #close()}.
 */
final class DemoTraffic implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "shepherd-demo-traffic");
        t.setDaemon(true);
        return t;
    });
    private final Semaphore inFlight = new Semaphore(32);
    private final String baseUrl;
    private final String deployment;
    private final Supplier<Applicant> records;
    private final java.util.SplittableRandom rnd = new java.util.SplittableRandom(42);
    /** Share of single-record answers whose true label is sent later (default 0.3). */
    private final double labelShare;
    /** How long after the answer a label arrives (default 2 s). */
    private final Duration labelDelay;
    /** Share of single-record answers followed by a {@code redo_search} event (default 0.05). */
    private final double redoShare;
    private final AtomicLong labels = new AtomicLong();
    private final AtomicLong events = new AtomicLong();

    /** One simulated request: the record sent, and the truth the user learns later (may be null). */
    record Applicant(Map<String, Object> record, String trueLabel) {
    }
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();

    /**
     * Counters since start: requests sent, answered 2xx, answered otherwise or failed, skipped
     * ticks, labels and events sent.
     */
    record Stats(long sent, long ok, long failed, long skipped, long labels, long events) {
    }

    DemoTraffic(String baseUrl, String deployment, Supplier<Applicant> records) {
        this(baseUrl, deployment, records, 0.3, Duration.ofSeconds(2), 0.05);
    }

    DemoTraffic(String baseUrl, String deployment, Supplier<Applicant> records, double labelShare,
                Duration labelDelay, double redoShare) {
        this.baseUrl = baseUrl;
        this.deployment = deployment;
        this.records = records;
        this.labelShare = labelShare;
        this.labelDelay = labelDelay;
        this.redoShare = redoShare;
    }

    /** Starts sending {@code perSecond} requests per second. */
    DemoTraffic start(double perSecond) {
        long periodMicros = Math.max(1, (long) (1_000_000 / perSecond));
        ticker.scheduleAtFixedRate(this::tick, 0, periodMicros, TimeUnit.MICROSECONDS);
        return this;
    }

    Stats stats() {
        return new Stats(sent.get(), ok.get(), failed.get(), skipped.get(), labels.get(), events.get());
    }

    private void tick() {
        if (!inFlight.tryAcquire()) {
            skipped.incrementAndGet();
            return;
        }
        long n = sent.incrementAndGet();
        Applicant first = records.get();
        boolean single = n % 10 != 0;
        HttpRequest req = n % 2 == 0 ? oip(first, single ? 1 : 4) : predict(first);
        http.sendAsync(req, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
            inFlight.release();
            if (e == null && r.statusCode() < 300) {
                ok.incrementAndGet();
                if (single) {
                    r.headers().firstValue("X-Request-Id").ifPresent(id -> react(id, first));
                }
            } else {
                failed.incrementAndGet();
            }
        });
    }

    /** What a simulated user does after an answer: sometimes a late label, rarely a redo. */
    private void react(String requestId, Applicant applicant) {
        double u;
        synchronized (rnd) {
            u = rnd.nextDouble();
        }
        if (applicant.trueLabel() != null && u < labelShare) {
            ObjectNode label = JSON.createObjectNode().put("request_id", requestId).put("label", applicant.trueLabel());
            ticker.schedule(() -> feedback(label, labels), labelDelay.toMillis(), TimeUnit.MILLISECONDS);
        } else if (u > 1 - redoShare) {
            feedback(JSON.createObjectNode().put("event", "redo_search").put("request_id", requestId), events);
        }
    }

    private void feedback(ObjectNode body, AtomicLong counter) {
        http.sendAsync(post("/api/v1/feedback", body), HttpResponse.BodyHandlers.discarding())
                .thenAccept(r -> {
                    if (r.statusCode() < 300) {
                        counter.incrementAndGet();
                    }
                });
    }

    private HttpRequest predict(Applicant applicant) {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("instances").add(JSON.valueToTree(applicant.record()));
        return post("/api/v1/deployments/" + deployment + "/predict", body, key(applicant));
    }

    /** An OIP request with one tensor per feature; a missing optional feature is sent as null. */
    @SuppressWarnings("unchecked")
    private HttpRequest oip(Applicant first, int rows) {
        Map<String, Object>[] batch = new Map[rows];
        batch[0] = first.record();
        for (int i = 1; i < rows; i++) {
            batch[i] = records.get().record();
        }
        ObjectNode body = JSON.createObjectNode();
        ArrayNode inputs = body.putArray("inputs");
        for (String feature : batch[0].keySet()) {
            ObjectNode in = inputs.addObject();
            in.put("name", feature);
            Object sample = firstNonNull(batch, feature);
            in.put("datatype", sample instanceof String ? "BYTES" : sample instanceof Long || sample instanceof Integer ? "INT64" : "FP64");
            in.putArray("shape").add(rows);
            ArrayNode data = in.putArray("data");
            for (Map<String, Object> r : batch) {
                data.add(JSON.valueToTree(r.get(feature)));
            }
        }
        return post("/v2/models/" + deployment + "/infer", body, key(first));
    }

    private static Object firstNonNull(Map<String, Object>[] batch, String feature) {
        for (Map<String, Object> r : batch) {
            if (r.get(feature) != null) {
                return r.get(feature);
            }
        }
        return 0.0;
    }

    private HttpRequest post(String path, ObjectNode body) {
        return post(path, body, null);
    }

    /** A POST of {@code body}; {@code key} (may be null) is the caller's sticky routing key. */
    private HttpRequest post(String path, ObjectNode body, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json");
        if (key != null) {
            b.header("X-Shepherd-Key", key);
        }
        return b.POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
    }

    /** The applicant's sticky key: the same applicant always reaches the same version during a canary. */
    private static String key(Applicant a) {
        return "applicant-" + Integer.toHexString(a.record().hashCode());
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        http.close();
    }
}
