package dev.shepherd.bench;

import dev.shepherd.cli.DemoAccess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one refresh of the dashboard's deployment page costs the server, over real HTTP against a
 * real node (SQLite, the demo's ONNX models, 3,000 recorded predictions in monitoring, a drift
 * evaluation, and partial automation on a second deployment): the page's ten API calls made one after the other
 * (the browser makes them in parallel, so this is the server time, not the page's latency),
 * beside the baseline of one prediction over the same HTTP client in the same run.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 15, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class DashboardRefreshBenchmark {
    /** A node with history, and the HTTP client. */
    @State(Scope.Benchmark)
    public static class Server {
        /** The window picked on the page (its step as the page picks it). */
        @Param({"15m", "1h"})
        public String window;

        Path dir;
        DemoAccess.Running node;
        HttpClient http;
        List<String> paths;
        String predictBody;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            dir = Files.createTempDirectory("shepherd-bench-dashboard");
            node = DemoAccess.startWithHistory(dir, 3_000);
            http = HttpClient.newHttpClient();
            String step = window.equals("15m") ? "30s" : "1m";
            String d = "/api/v1/deployments/loan-default";
            paths = List.of(d, d + "/rollouts?limit=20", d + "/metrics?window=" + window + "&step=" + step,
                    "/api/v1/system?window=" + window + "&step=" + step, d + "/metrics/summary?window=" + window,
                    "/api/v1/alerts", "/api/v1/alerts/rules", d + "/automation", d + "/drift?window=" + window,
                    "/api/v1/models/loan-default");
            predictBody = "{\"instances\": [{\"income\": 48000, \"age\": 41, \"employment\": \"salaried\", "
                    + "\"region\": \"north\"}]}";
            for (String p : paths) { // every call must succeed, or the benchmark measures error pages
                HttpResponse<String> r = get(p);
                if (r.statusCode() != 200) {
                    throw new IllegalStateException(p + " answered " + r.statusCode() + ": " + r.body());
                }
            }
        }

        HttpResponse<String> get(String path) throws IOException, InterruptedException {
            return http.send(HttpRequest.newBuilder(URI.create(node.url() + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            node.close();
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The baseline: one prediction over HTTP. */
    @Benchmark
    public int predict(Server s) throws Exception {
        return s.http.send(HttpRequest.newBuilder(URI.create(s.node.url() + "/api/v1/deployments/loan-default/predict"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(s.predictBody))
                .build(), HttpResponse.BodyHandlers.ofString()).body().length();
    }

    /** One refresh of the deployment page: its ten API calls, bodies read. */
    @Benchmark
    public long refresh(Server s) throws Exception {
        long bytes = 0;
        for (String p : s.paths) {
            bytes += s.get(p).body().length();
        }
        return bytes;
    }
}
