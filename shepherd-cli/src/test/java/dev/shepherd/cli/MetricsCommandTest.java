package dev.shepherd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.api.ShepherdServer;
import dev.shepherd.config.ConfigParser;
import dev.shepherd.monitor.Monitoring;
import dev.shepherd.monitor.MonitoringSettings;
import dev.shepherd.monitor.MutableClock;
import dev.shepherd.predictionlog.PredictionLog;
import dev.shepherd.runtime.JavaModelLoader;
import dev.shepherd.runtime.Runtimes;
import dev.shepherd.runtime.fixtures.CreditScorer;
import dev.shepherd.runtime.fixtures.FixtureSchemas;
import dev.shepherd.schema.RecordDecoder;
import dev.shepherd.serving.Gateway;
import dev.shepherd.serving.ServingLimits;
import dev.shepherd.store.InMemoryStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code shepherd metrics} against a real server with monitoring, after traffic with missing values. */
class MetricsCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T10:00:01Z"));
    private InMemoryStore store;
    private Monitoring monitoring;
    private Gateway gateway;
    private ShepherdServer server;


    @BeforeEach
    void start() {
        ConfigParser parser = new ConfigParser(Clock.systemUTC());
        store = new InMemoryStore(dir);
        monitoring = new Monitoring(clock, MonitoringSettings.defaults(), store.metrics());
        gateway = new Gateway(store, Runtimes.of(List.of(new JavaModelLoader())), PredictionLog.noop(),
                Clock.systemUTC(), ServingLimits.defaults());
        gateway.observeWith(monitoring::record);
        gateway.start();
        gateway.apply(parser.parse(FixtureSchemas.creditModelYaml("v1", CreditScorer.class.getName()) + "---\n"
                + FixtureSchemas.creditDeploymentYaml("v1"), dir, "test"));
        server = ShepherdServer.builder(gateway, parser, ServingLimits.defaults()).monitoring(monitoring).clock(clock)
                .build().start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        server.stop();
        gateway.close();
        monitoring.close();
        store.close();
    }

    /** 20 requests, a quarter of them without {@code debt_ratio}. */
    private void traffic() throws Exception {
        for (int i = 0; i < 20; i++) {
            String body = "{\"income\": " + (30_000 + 1_000 * i) + ", \"age\": 40, "
                    + (i % 4 == 0 ? "" : "\"debt_ratio\": 0.3, ") + "\"employment\": \"salaried\", \"has_collateral\": true}";
            var record = JSON.readTree(body);
            gateway.infer("credit", null, (schema, max) -> RecordDecoder.decode(schema, record, max), "r" + i);
        }
        clock.advance(Duration.ofSeconds(5));
    }

    private String url() {
        return "http://127.0.0.1:" + server.port();
    }

    private static CliRunner.Run run(String... args) {
        return CliRunner.run(args);
    }

    @Test
    void printsCurrentValuesAsATablePerVersionAndRole() throws Exception {
        traffic();
        CliRunner.Run r = run("metrics", "credit", "--server", url(), "--window", "5m");
        assertThat(r.code()).as(r.err()).isZero();
        List<List<String>> rows = r.out().lines().skip(1).map(l -> List.of(l.split(" {3,}"))).toList();
        assertThat(r.out().lines().findFirst()).hasValue("deployment credit, last 5m");
        assertThat(rows.getFirst()).containsExactly("METRIC", "v1/primary");
        assertThat(rows).contains(List.of("requests", "20"), List.of("missing_input_fraction{feature=\"debt_ratio\"}", "0.25"),
                List.of("missing_input_fraction{feature=\"income\"}", "0"), List.of("error_rate", "0"));
        assertThat(rows.stream().map(List::getFirst)).contains("request_rate", "latency_p50_ms", "latency_p99_ms");
    }

    @Test
    void printsTheServersAnswerAsJson() throws Exception {
        traffic();
        CliRunner.Run r = run("metrics", "credit", "--server", url(), "-o", "json", "-w", "1h");
        assertThat(r.code()).as(r.err()).isZero();
        var body = JSON.readTree(r.out());
        assertThat(body.get("window").asText()).isEqualTo("1h");
        assertThat(body.at("/series/0/values/missing_input_fraction{feature=\"debt_ratio\"}").asDouble()).isEqualTo(0.25);
    }

    @Test
    void saysSoWhenNothingWasServed() {
        CliRunner.Run r = run("metrics", "credit", "--server", url());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("no requests in this window");
    }

    @Test
    void badWindowsAndUnknownDeploymentsExitWithTwo() {
        CliRunner.Run unknown = run("metrics", "nope", "--server", url());
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("404 not_found", "deployment 'nope' does not exist");

        CliRunner.Run tooShort = run("metrics", "credit", "--server", url(), "--window", "10s");
        assertThat(tooShort.code()).isEqualTo(2);
        assertThat(tooShort.err()).contains("400 invalid_input", "window must be in 30s..30d, was 10s");

        CliRunner.Run garbage = run("metrics", "credit", "--server", url(), "--window", "soon");
        assertThat(garbage.code()).isEqualTo(2);
        assertThat(garbage.err()).contains("--window");

        CliRunner.Run output = run("metrics", "credit", "--server", url(), "-o", "yaml");
        assertThat(output.code()).isEqualTo(2);
        assertThat(output.err()).contains("--output must be table or json, was yaml");
    }

    @Test
    void anUnreachableServerExitsWithOne() {
        CliRunner.Run r = run("metrics", "credit", "--server", "http://127.0.0.1:1");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("cannot reach the server");
    }
}
