package dev.shepherd.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The webhook against a real HTTP receiver on port 0 that fails the first deliveries. */
class WebhookNotifierTest {

    @Test
    void retriesWithBackoffUntilTheReceiverTakesIt() throws Exception {
        List<JsonNode> received = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            int n = calls.incrementAndGet();
            if (n <= 2) {
                ex.sendResponseHeaders(503, -1);
            } else {
                received.add(new ObjectMapper().readTree(body));
                ex.sendResponseHeaders(204, -1);
            }
            ex.close();
        });
        receiver.start();
        URI url = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
        try (WebhookNotifier hook = new WebhookNotifier(url, 4, Duration.ofMillis(50), Duration.ofSeconds(2))) {
            hook.notify(new Notification("nulls", "loans", "firing", "page", Instant.parse("2026-03-02T09:02:00Z"), null,
                    0.08, "null_output_fraction > 0.05", Map.of("alertname", "nulls", "team", "risk"),
                    Map.of("summary", "too many nulls")));
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (hook.delivered() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(hook.delivered()).isEqualTo(1);
            assertThat(calls.get()).isEqualTo(3);
            JsonNode body = received.getFirst();
            assertThat(body.path("status").asText()).isEqualTo("firing");
            assertThat(body.path("alert").path("rule").asText()).isEqualTo("nulls");
            assertThat(body.path("alert").path("starts_at").asText()).isEqualTo("2026-03-02T09:02:00Z");
            assertThat(body.path("alert").path("value").asDouble()).isEqualTo(0.08);
            assertThat(body.path("alert").path("labels").path("team").asText()).isEqualTo("risk");
            assertThat(body.path("alert").path("annotations").path("summary").asText()).isEqualTo("too many nulls");
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void givesUpAfterItsAttemptsAndCountsTheFailure() throws Exception {
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicInteger calls = new AtomicInteger();
        receiver.createContext("/hook", ex -> {
            calls.incrementAndGet();
            ex.sendResponseHeaders(500, -1);
            ex.close();
        });
        receiver.start();
        URI url = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
        try (WebhookNotifier hook = new WebhookNotifier(url, 3, Duration.ofMillis(20), Duration.ofSeconds(2))) {
            hook.notify(new Notification("x", "d", "resolved", "info", Instant.EPOCH, Instant.EPOCH, Double.NaN, "e",
                    Map.of(), Map.of()));
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (hook.failed() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(hook.failed()).isEqualTo(1);
            assertThat(hook.delivered()).isZero();
            assertThat(calls.get()).isEqualTo(3);
        } finally {
            receiver.stop(0);
        }
    }
}
