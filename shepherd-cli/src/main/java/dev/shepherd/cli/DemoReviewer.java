package dev.shepherd.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The demo's partial automation: applicants sent to a deployment whose model answers only when
 * confident, and simulated reviewers who take the rest (and the audit samples) over the HTTP
 * review API. A reviewer claims the next item, takes a while to read it (log-normal, median
 * {@code medianDelay}), and decides the applicant's true outcome, wrong with probability
 * {@code errorRate}. The truth is looked up by the request id the item names. Thread-safe; stop
 * with {@link #close}.
 */
final class DemoReviewer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int REMEMBERED = 100_000;

    private final String baseUrl;
    private final String deployment;
    private final Supplier<DemoTraffic.Applicant> applicants;
    private final Duration medianDelay;
    private final double errorRate;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile ScheduledExecutorService threads;
    private final SplittableRandom rnd = new SplittableRandom(42);
    private final Map<String, String> truths = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > REMEMBERED;
        }
    };
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong decided = new AtomicLong();
    private final AtomicLong mistakes = new AtomicLong();
    private volatile boolean closed;

    /** What happened so far. */
    record Stats(long sent, long answeredByModel, long queued, long decided, long mistakes) {
    }

    DemoReviewer(String baseUrl, String deployment, Supplier<DemoTraffic.Applicant> applicants, Duration medianDelay,
                 double errorRate) {
        this.baseUrl = baseUrl;
        this.deployment = deployment;
        this.applicants = applicants;
        this.medianDelay = medianDelay;
        this.errorRate = errorRate;
    }

    /** Sends {@code rate} applicants per second and starts {@code reviewers} reviewers. */
    synchronized DemoReviewer start(double rate, List<String> reviewers) {
        threads = Executors.newScheduledThreadPool(1 + reviewers.size(), r -> {
            Thread t = new Thread(r, "shepherd-demo-review");
            t.setDaemon(true);
            return t;
        });
        threads.scheduleAtFixedRate(this::send, 0, Math.max(1, Math.round(1e6 / rate)), TimeUnit.MICROSECONDS);
        for (String name : reviewers) {
            threads.execute(() -> review(name));
        }
        return this;
    }

    Stats stats() {
        return new Stats(sent.get(), answered.get(), queued.get(), decided.get(), mistakes.get());
    }

    private void send() {
        DemoTraffic.Applicant a = applicants.get();
        ObjectNode body = JSON.createObjectNode();
        body.putArray("instances").add(JSON.valueToTree(a.record()));
        sent.incrementAndGet();
        http.sendAsync(post("/api/v1/deployments/" + deployment + "/predict", body, "demo-app"),
                HttpResponse.BodyHandlers.discarding()).thenAccept(r -> {
                    r.headers().firstValue("X-Request-Id").ifPresent(id -> {
                        synchronized (truths) {
                            truths.put(id, a.trueLabel());
                        }
                    });
                    if (r.statusCode() == 200) {
                        answered.incrementAndGet();
                    } else if (r.statusCode() == 202) {
                        queued.incrementAndGet();
                    }
                });
    }

    private void review(String name) {
        while (!closed) {
            try {
                HttpResponse<String> claim = http.send(post("/api/v1/review/claim",
                        JSON.createObjectNode().put("deployment", deployment).put("lease_seconds", 60), name),
                        HttpResponse.BodyHandlers.ofString());
                if (claim.statusCode() != 200) {
                    Thread.sleep(1_000);
                    continue;
                }
                JsonNode item = JSON.readTree(claim.body());
                Thread.sleep(readingTime());
                String truth;
                synchronized (truths) {
                    truth = truths.get(item.path("request_id").asText());
                }
                String id = item.path("id").asText();
                if (truth == null) {
                    http.send(post("/api/v1/review/items/" + id + "/skip",
                            JSON.createObjectNode().put("note", "cannot tell"), name), HttpResponse.BodyHandlers.discarding());
                    continue;
                }
                String label = truth;
                if (draw() < errorRate) {
                    List<String> others = new ArrayList<>();
                    item.path("labels").forEach(l -> {
                        if (!l.asText().equals(truth)) {
                            others.add(l.asText());
                        }
                    });
                    label = others.isEmpty() ? truth : others.getFirst();
                    mistakes.incrementAndGet();
                }
                HttpResponse<Void> r = http.send(post("/api/v1/review/items/" + id + "/decide",
                        JSON.createObjectNode().put("label", label), name), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    decided.incrementAndGet();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                sleepQuietly();
            }
        }
    }

    /** Log-normal reading time around the median, sigma 0.5. */
    private long readingTime() {
        double u1 = 1 - draw();
        double u2 = draw();
        double z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
        return Math.round(medianDelay.toMillis() * Math.exp(0.5 * z));
    }

    private double draw() {
        synchronized (rnd) {
            return rnd.nextDouble();
        }
    }

    private HttpRequest post(String path, JsonNode body, String actor) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json").header("X-Shepherd-Actor", actor)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
    }

    private void sleepQuietly() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (threads != null) {
            threads.shutdownNow();
        }
    }
}
