package dev.shepherd.cli;

import dev.shepherd.serving.ServingLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code shepherd serve}: runs the gateway until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the deployments stored in the data directory (and those in --config).")
final class ServeCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, description = "Declarative YAML file(s) applied at start.")
    List<Path> config = new ArrayList<>();

    @Option(names = {"-p", "--port"}, defaultValue = "8080", description = "HTTP port, 0 for any (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "0.0.0.0",
            description = "Interface to listen on (default ${DEFAULT-VALUE}: all). Without --access the API has no "
                    + "authentication: use 127.0.0.1 or a proxy on shared networks.")
    String host;

    @Option(names = {"-d", "--data"}, defaultValue = "shepherd-data", description = "Data directory (default ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--max-batch", defaultValue = "1000", description = "Most instances per request (default ${DEFAULT-VALUE}).")
    int maxBatch;

    @Option(names = "--max-body", defaultValue = "8388608", description = "Largest request body in bytes (default ${DEFAULT-VALUE}).")
    long maxBody;

    @Option(names = "--timeout", defaultValue = "10s", converter = DurationConverter.class,
            description = "Model invocation timeout, e.g. 500ms, 10s (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--log-sample-rate", defaultValue = "0.1",
            description = "Share of requests whose inputs and outputs are logged, 0..1 (default ${DEFAULT-VALUE}).")
    double sampleRate;

    @Option(names = "--alert-webhook", description = "URL that receives alert notifications as JSON (repeatable).")
    java.util.List<java.net.URI> alertWebhooks = java.util.List.of();

    @Option(names = "--alertmanager", description = "Base URL of a Prometheus Alertmanager to send alerts to (repeatable), "
            + "e.g. http://localhost:9093.")
    java.util.List<java.net.URI> alertmanagers = java.util.List.of();

    @Option(names = "--access", paramLabel = "FILE",
            description = "Access file (kind: Access): bearer tokens and their roles (operator, reviewer, inference). "
                    + "Without it every request is allowed.")
    Path access;

    @Option(names = "--allow-private-callbacks",
            description = "Let review callbacks (X-Shepherd-Callback) reach this machine or a private network; refused "
                    + "by default so clients cannot make the server call its neighbours.")
    boolean privateCallbacks;

    @Override
    public Integer call() throws InterruptedException {
        Options.check(port, maxBatch, maxBody, sampleRate);
        for (java.net.URI u : concat(alertWebhooks, alertmanagers)) {
            if (u.getScheme() == null || !u.getScheme().matches("https?") || u.getHost() == null) {
                throw new dev.shepherd.error.InvalidInputException("--alert-webhook", "--alert-webhook/--alertmanager: "
                        + "an http(s) URL, was '" + u + "'");
            }
        }
        dev.shepherd.access.AccessPolicy policy = access == null ? dev.shepherd.access.AccessPolicy.open()
                : dev.shepherd.config.AccessReader.read(access);
        Node node = Node.start(new Node.Options(data, host, port, new ServingLimits(maxBatch, timeout, maxBody), sampleRate, config,
                alertWebhooks, alertmanagers, policy, privateCallbacks));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stopped.countDown();
        }));
        System.out.println("Shepherd serving on " + node.url() + " (data: " + data.toAbsolutePath() + ")");
        if (policy.enabled()) {
            System.out.println("Access control: " + policy.principals().size() + " token(s) from " + access);
        }
        stopped.await();
        return 0;
    }

    private static java.util.List<java.net.URI> concat(java.util.List<java.net.URI> a, java.util.List<java.net.URI> b) {
        java.util.List<java.net.URI> out = new java.util.ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
