package dev.shepherd.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shepherd's alert notifications in a real Prometheus Alertmanager (Debian's
 * prometheus-alertmanager, installed by .ci/run): a firing alert appears in its API v2 with
 * Shepherd's labels and annotations, and the resolution takes it away. A missing Alertmanager is a
 * failure, not a skip.
 */
class AlertmanagerIntegrationTest {
    @TempDir
    Path dir;

    private static Path binary() {
        for (String name : new String[] {"prometheus-alertmanager", "alertmanager"}) {
            for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
                if (!d.isEmpty() && Files.isExecutable(Path.of(d, name))) {
                    return Path.of(d, name);
                }
            }
        }
        Path p = Path.of("/usr/bin/prometheus-alertmanager");
        if (Files.isExecutable(p)) {
            return p;
        }
        return fail("Alertmanager is not installed: apt-get install prometheus-alertmanager, as .ci/run does");
    }

    @Test
    void aFiringAlertAppearsInAlertmanagerAndItsResolutionClearsIt() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path config = Files.writeString(dir.resolve("alertmanager.yml"), """
                route:
                  receiver: blackhole
                  group_wait: 1s
                receivers:
                  - name: blackhole
                """);
        Process am = new ProcessBuilder(binary().toString(), "--config.file=" + config, "--storage.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port, "--cluster.listen-address=")
                .redirectErrorStream(true).redirectOutput(dir.resolve("alertmanager.log").toFile()).start();
        HttpClient http = HttpClient.newHttpClient();
        URI base = URI.create("http://127.0.0.1:" + port);
        try (WebhookNotifier notifier = WebhookNotifier.alertmanager(base, 5, Duration.ofMillis(200), Duration.ofSeconds(2))) {
            await(() -> get(http, base.resolve("/-/ready")).statusCode() == 200, "Alertmanager ready", dir);
            Instant started = Instant.now().minusSeconds(30);
            Notification firing = new Notification("many-nulls", "loans", "firing", "page", started, null, 0.08,
                    "null_output_fraction > 0.05", Map.of("alertname", "many-nulls", "deployment", "loans", "severity", "page"),
                    Map.of("summary", "too many null outputs"));
            notifier.notify(firing);
            await(() -> alert(http, base).isPresent(), "the alert in Alertmanager", dir);
            JsonNode a = alert(http, base).orElseThrow();
            assertThat(a.path("labels").path("deployment").asText()).isEqualTo("loans");
            assertThat(a.path("labels").path("severity").asText()).isEqualTo("page");
            assertThat(a.path("annotations").path("summary").asText()).isEqualTo("too many null outputs");
            assertThat(a.path("annotations").path("expr").asText()).isEqualTo("null_output_fraction > 0.05");
            assertThat(a.path("status").path("state").asText()).isEqualTo("active");
            assertThat(Duration.between(started, Instant.parse(a.path("startsAt").asText())).abs())
                    .isLessThan(Duration.ofSeconds(1));

            notifier.notify(new Notification("many-nulls", "loans", "resolved", "page", started, Instant.now(), 0.01,
                    firing.expr(), firing.labels(), firing.annotations()));
            await(() -> alert(http, base).isEmpty(), "the resolved alert gone from the active ones", dir);
            // the count is taken when the client reads the answer, which may come after Alertmanager shows it
            await(() -> notifier.delivered() == 2, "both deliveries counted", dir);
            assertThat(notifier.delivered()).isEqualTo(2);
        } finally {
            am.destroy();
            if (!am.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                am.destroyForcibly();
            }
        }
    }

    private static java.util.Optional<JsonNode> alert(HttpClient http, URI base) {
        HttpResponse<String> r = get(http, base.resolve("/api/v2/alerts?active=true"));
        if (r.statusCode() != 200) {
            return java.util.Optional.empty();
        }
        try {
            for (JsonNode a : new ObjectMapper().readTree(r.body())) {
                if ("many-nulls".equals(a.path("labels").path("alertname").asText())) {
                    return java.util.Optional.of(a);
                }
            }
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.empty();
    }

    private static HttpResponse<String> get(HttpClient http, URI uri) {
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return new FailedResponse(uri);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void await(java.util.function.BooleanSupplier ok, String what, Path dir) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!ok.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                String log = Files.exists(dir.resolve("alertmanager.log")) ? Files.readString(dir.resolve("alertmanager.log")) : "";
                fail("timed out waiting for " + what + "; Alertmanager log:\n" + log);
            }
            Thread.sleep(100);
        }
    }

    /** A response standing for a connection that failed (Alertmanager not up yet). */
    private record FailedResponse(URI uri) implements HttpResponse<String> {
        @Override
        public int statusCode() {
            return 0;
        }

        @Override
        public HttpRequest request() {
            return HttpRequest.newBuilder(uri).build();
        }

        @Override
        public java.util.Optional<HttpResponse<String>> previousResponse() {
            return java.util.Optional.empty();
        }

        @Override
        public java.net.http.HttpHeaders headers() {
            return java.net.http.HttpHeaders.of(Map.of(), (a, b) -> true);
        }

        @Override
        public String body() {
            return "";
        }

        @Override
        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
            return java.util.Optional.empty();
        }

        @Override
        public URI uri() {
            return uri;
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }
}
