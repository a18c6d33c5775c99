package dev.shepherd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.shepherd.schema.RecordDecoder;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alerting in a real node: rules declared in the deployment (over the starter pack), a rule that
 * fires on live traffic, its webhook notification, the CLI's list, history, silence and ack, and
 * the Prometheus export accepted by {@code promtool check rules} and naming only families that
 * {@code /metrics} really has.
 */
class AlertsEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aDeclaredRuleFiresNotifiesAndExportsToPrometheus() throws Exception {
        List<JsonNode> hooks = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", ex -> {
            hooks.add(JSON.readTree(ex.getRequestBody().readAllBytes()));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        receiver.start();
        Path data = dir.resolve("data");
        URI hook = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
        try (Node node = Node.start(new Node.Options(data, "127.0.0.1", 0, dev.shepherd.serving.ServingLimits.defaults(), 0.1,
                List.of(), List.of(hook), List.of()))) {
            DemoModels.ensure(node.gateway(), data, Clock.systemUTC(), new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
            HttpResponse<String> put = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(node.url()
                            + "/api/v1/deployments/loan-default")).header("Content-Type", "application/json").PUT(
                            HttpRequest.BodyPublishers.ofString("""
                                    {"serving": "v1", "alerts": [
                                      {"name": "busy", "expr": "request_rate > 0.001", "window": "1m", "severity": "info",
                                       "annotations": {"summary": "traffic arrives"}},
                                      {"name": "income-missing", "expr": "missing_input_fraction{feature=\\"income\\"} > 0.5"},
                                      {"name": "cpu", "enabled": false}]}""")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
            HttpResponse<String> bad = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(node.url()
                            + "/api/v1/deployments/loan-default")).header("Content-Type", "application/json").PUT(
                            HttpRequest.BodyPublishers.ofString("{\"serving\": \"v1\", \"alerts\": [{\"name\": \"x\", "
                                    + "\"expr\": \"error_rate >\"}]}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("spec.alerts[0].expr").contains("at column");

            for (int i = 0; i < 30; i++) {
                com.fasterxml.jackson.databind.node.ObjectNode r = JSON.createObjectNode().put("income", 40_000 + i)
                        .put("age", 40L).put("employment", "salaried").put("region", "north");
                node.gateway().infer("loan-default", null, (schema, max) -> RecordDecoder.decode(schema, r, max), "a-" + i);
            }
            node.alerts().tick();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (hooks.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(hooks).singleElement().satisfies(h -> {
                assertThat(h.path("status").asText()).isEqualTo("firing");
                assertThat(h.path("alert").path("rule").asText()).isEqualTo("busy");
                assertThat(h.path("alert").path("annotations").path("summary").asText()).isEqualTo("traffic arrives");
            });

            JsonNode active = JSON.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(node.url()
                    + "/api/v1/alerts")).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
            assertThat(active.path("notifiers").get(0).path("delivered").asLong()).isEqualTo(1);
            assertThat(active.path("notifiers").get(0).path("failed").asLong()).isZero();
            CliRunner.Run list = CliRunner.run("alerts", "list", "--server", node.url());
            assertThat(list.code()).as(list.err()).isZero();
            assertThat(list.out()).contains("busy").contains("loan-default").contains("firing");
            CliRunner.Run history = CliRunner.run("alerts", "history", "--server", node.url());
            assertThat(history.out()).contains("busy").contains("inactive").contains("firing");
            CliRunner.Run silence = CliRunner.run("alerts", "silence", "busy", "--deployment", "loan-default", "--for", "1h",
                    "--server", node.url());
            assertThat(silence.code()).as(silence.err()).isZero();
            CliRunner.Run ack = CliRunner.run("alerts", "ack", "busy", "--deployment", "loan-default", "--actor", "dana",
                    "--server", node.url());
            assertThat(ack.out()).contains("as dana");
            assertThat(CliRunner.run("alerts", "ack", "nope", "--deployment", "loan-default", "--server", node.url()).code())
                    .isEqualTo(2);

            Path rules = dir.resolve("rules.yml");
            CliRunner.Run export = CliRunner.run("alerts", "export-prometheus", "--server", node.url(), "--out", rules.toString());
            assertThat(export.code()).as(export.err()).isZero();
            String yaml = Files.readString(rules);
            String loanDefault = yaml.substring(yaml.indexOf("- name: shepherd-loan-default"),
                    yaml.indexOf("- name: shepherd-loan-review"));
            assertThat(loanDefault).contains("alert: 'busy'").contains("alert: 'income-missing'").doesNotContain("alert: 'cpu'");
            assertThat(yaml).contains("shepherd_review_queue_oldest_age_seconds{deployment=\"loan-review\"}");
            Process promtool = new ProcessBuilder("promtool", "check", "rules", rules.toString()).redirectErrorStream(true).start();
            String out = new String(promtool.getInputStream().readAllBytes());
            assertThat(promtool.waitFor()).as(out).isZero();
            assertThat(out).contains("SUCCESS");

            // a user event, so the feedback family the starter rule redo-search reads exists too
            HttpResponse<String> event = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(node.url()
                    + "/api/v1/feedback")).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                    "{\"event\": \"redo_search\", \"request_id\": \"a-1\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(event.statusCode()).as(event.body()).isEqualTo(201);
            node.monitoring().tick();
            String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(node.url() + "/metrics")).GET()
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = Pattern.compile("(shepherd_[a-z0-9_]+)[{ ]").matcher(yaml);
            int checked = 0;
            while (m.find()) {
                String family = m.group(1);
                if (family.startsWith("shepherd_drift")) {
                    continue; // drift families appear once the deployment has a drift result
                }
                assertThat(metrics).as("/metrics has %s", family).containsPattern("(?m)^" + family + "[{ ]");
                checked++;
            }
            assertThat(checked).isGreaterThan(5);
        } finally {
            receiver.stop(0);
        }
    }
}
