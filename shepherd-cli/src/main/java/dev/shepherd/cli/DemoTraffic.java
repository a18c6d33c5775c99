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
 * skipped and counted, so a slow server is not flooded. Thread-safe; stop with {@link #close()}.
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
    private final Supplier<Map<String, Object>> records;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();

    /** Counters since start: requests sent, answered 2xx, answered otherwise or failed, skipped ticks. */
    record Stats(long sent, long ok, long failed, long skipped) {
    }

    DemoTraffic(String baseUrl, String deployment, Supplier<Map<String, Object>> records) {
        this.baseUrl = baseUrl;
        this.deployment = deployment;
        this.records = records;
    }

    /** Starts sending {@code perSecond} requests per second. */
    DemoTraffic start(double perSecond) {
        long periodMicros = Math.max(1, (long) (1_000_000 / perSecond));
        ticker.scheduleAtFixedRate(this::tick, 0, periodMicros, TimeUnit.MICROSECONDS);
        return this;
    }

    Stats stats() {
        return new Stats(sent.get(), ok.get(), failed.get(), skipped.get());
    }

    private void tick() {
        if (!inFlight.tryAcquire()) {
            skipped.incrementAndGet();
            return;
        }
        long n = sent.incrementAndGet();
        HttpRequest req = n % 2 == 0 ? oip(n % 10 == 0 ? 4 : 1) : predict();
        http.sendAsync(req, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
            inFlight.release();
            if (e == null && r.statusCode() < 300) {
                ok.incrementAndGet();
            } else {
                failed.incrementAndGet();
            }
        });
    }

    private HttpRequest predict() {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("instances").add(JSON.valueToTree(records.get()));
        return post("/api/v1/deployments/" + deployment + "/predict", body);
    }

    /** An OIP request with one tensor per feature; a missing optional feature is sent as null. */
    private HttpRequest oip(int rows) {
        Map<String, Object>[] batch = new Map[rows];
        for (int i = 0; i < rows; i++) {
            batch[i] = records.get();
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
        return post("/v2/models/" + deployment + "/infer", body);
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
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        http.close();
    }
}
