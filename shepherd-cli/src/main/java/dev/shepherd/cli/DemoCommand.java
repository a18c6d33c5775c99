package dev.shepherd.cli;

import dev.shepherd.training.LabelledData;
import dev.shepherd.training.LoanData;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code shepherd demo}: the main job in one command. Starts a node on an embedded store, trains
 * and registers two real ONNX models, deploys one, drives live traffic over HTTP, prints what to
 * try, and runs until Ctrl-C (or for {@code --duration}).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Train two real models, serve one, and drive live traffic until Ctrl-C.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = {"-p", "--port"}, defaultValue = "8080", description = "HTTP port, 0 for any (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Interface to listen on (default ${DEFAULT-VALUE}: this machine only; 0.0.0.0 for all).")
    String host;

    @Option(names = {"-d", "--data"}, defaultValue = "shepherd-data", description = "Data directory (default ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--rate", defaultValue = "20", description = "Simulated requests per second, 0 for none (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--duration", converter = DurationConverter.class,
            description = "Stop after this long (e.g. 30s); default: run until Ctrl-C.")
    Duration duration;

    @Option(names = "--rollouts", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Tell the rollout story: v2 in shadow then canary and promoted, a bad v3 rolled back "
                    + "(default ${DEFAULT-VALUE}; --no-rollouts to only serve).")
    boolean rollouts;

    @Option(names = "--drift-after", converter = DurationConverter.class, defaultValue = "2m",
            description = "When the simulated applicants start to drift (more debt, a new region), default ${DEFAULT-VALUE}.")
    Duration driftAfter;

    @Option(names = "--no-drift", description = "Keep the simulated applicants like the training data.")
    boolean noDrift;

    @Option(names = "--review", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Run " + DemoModels.REVIEW + " in partial automation with three simulated reviewers "
                    + "(default ${DEFAULT-VALUE}; --no-review to leave it idle).")
    boolean review;

    @Override
    public Integer call() throws InterruptedException {
        if (noDrift) {
            driftAfter = null;
        }
        Options.check(port, 1, 1024, 0.1);
        if (!(rate >= 0 && rate <= 10_000)) {
            throw new dev.shepherd.error.InvalidInputException("--rate", "--rate must be in 0..10000, was " + rate);
        }
        Clock clock = Clock.systemUTC();
        System.out.println("Shepherd demo: data directory " + data.toAbsolutePath());
        Node node = Node.start(new Node.Options(data, host, port, dev.shepherd.serving.ServingLimits.defaults(), 0.1, java.util.List.of()));
        System.out.println("Dashboard: " + node.url() + "/   (open it now; it fills in as the models train and traffic starts)");
        CountDownLatch stop = new CountDownLatch(1);
        DemoTraffic traffic;
        DemoRollouts story;
        DemoReviewer reviewers;
        try {
            DemoModels.ensure(node.gateway(), data, clock, System.out);
            traffic = new DemoTraffic(node.url(), DemoModels.NAME, liveRecords(driftAfter, clock));
            if (rate > 0) {
                traffic.start(rate);
            }
            story = rollouts && rate > 0
                    ? new DemoRollouts(node, data, clock, System.out, DemoRollouts.Timing.demo()).start() : null;
            reviewers = review && rate > 0 ? new DemoReviewer(node.url(), DemoModels.REVIEW, liveRecords(driftAfter, clock),
                    Duration.ofMillis(1500), 0.03).start(Math.min(3, rate / 6), java.util.List.of("ana", "ben", "chen")) : null;
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
        Thread hook = new Thread(() -> {
            if (story != null) {
                story.close();
            }
            if (reviewers != null) {
                reviewers.close();
            }
            traffic.close();
            node.close();
            stop.countDown();
        }, "shepherd-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        printTour(node.url());
        java.util.Set<String> announced = new java.util.HashSet<>();
        long deadline = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
        while (!stop.await(Math.max(1, Math.min(10_000_000_000L, deadline - System.nanoTime())), TimeUnit.NANOSECONDS)) {
            DemoTraffic.Stats s = traffic.stats();
            var log = node.predictionLog().stats();
            System.out.printf("traffic: %,d sent, %,d ok, %,d failed, %,d labels, %,d redo_search | prediction log: %,d written, %,d dropped%n",
                    s.sent(), s.ok(), s.failed(), s.labels(), s.events(), log.written(), log.dropped());
            printDrift(node);
            printReview(node, reviewers);
            printAlerts(node, announced);
            if (System.nanoTime() >= deadline) {
                Runtime.getRuntime().removeShutdownHook(hook);
                hook.run();
                break;
            }
        }
        return 0;
    }

    /**
     * An endless stream of applicants drawn from the baseline period, with their true outcome; about
     * 7 % lack a debt ratio (sent as null), as real application forms do.
     */
    static Supplier<DemoTraffic.Applicant> liveRecords() {
        return liveRecords(null, Clock.systemUTC());
    }

    /**
     * As {@link #liveRecords()}, until {@code driftAfter} has passed (null: never): then applicants
     * come from the later, riskier period (more debt, another region mix) and one in eight from a
     * region never seen in training, {@code offshore}.
     */
    static Supplier<DemoTraffic.Applicant> liveRecords(Duration driftAfter, Clock clock) {
        java.util.List<DemoTraffic.Applicant> baseline = applicants(LoanData.generate(5_000, 99, 0.0), 0);
        java.util.List<DemoTraffic.Applicant> drifted = applicants(LoanData.generate(5_000, 98, 1.0), 8);
        java.time.Instant start = clock.instant();
        SplittableRandom rnd = new SplittableRandom(7);
        return () -> {
            boolean late = driftAfter != null && !clock.instant().isBefore(start.plus(driftAfter));
            java.util.List<DemoTraffic.Applicant> pool = late ? drifted : baseline;
            synchronized (rnd) {
                return pool.get(rnd.nextInt(pool.size()));
            }
        };
    }

    private static java.util.List<DemoTraffic.Applicant> applicants(LabelledData pool, int newRegionEvery) {
        var features = pool.schema().inputs();
        java.util.List<DemoTraffic.Applicant> applicants = new java.util.ArrayList<>();
        for (int row = 0; row < pool.size(); row++) {
            Object[] values = pool.rows().get(row);
            Map<String, Object> r = new java.util.LinkedHashMap<>();
            for (int i = 0; i < values.length; i++) {
                r.put(features.get(i).name(), values[i]);
            }
            if (newRegionEvery > 0 && row % newRegionEvery == 0) {
                r.put("region", "offshore");
            }
            applicants.add(new DemoTraffic.Applicant(r, pool.labels().get(row)));
        }
        return applicants;
    }

    /** The partial-automation deployment: who decided what, and how well. */
    private static void printReview(Node node, DemoReviewer reviewers) {
        if (reviewers == null) {
            return;
        }
        DemoReviewer.Stats s = reviewers.stats();
        var backlog = node.automation().stats().backlog(DemoModels.REVIEW);
        var w = node.automation().stats().window(DemoModels.REVIEW, Duration.ofMinutes(15));
        System.out.printf("review of %s (partial, 80 %%): %,d answered by the model, %,d sent to people, %,d decided, "
                        + "queue %d (oldest %.0f s) | people agree with the model %s, audited accuracy %s%n",
                DemoModels.REVIEW, s.answeredByModel(), s.queued(), s.decided(), backlog.open(), backlog.oldestAgeSeconds(),
                percent(w.agreement()), percent(w.automatedAccuracy()));
    }

    private static String percent(double v) {
        return Double.isFinite(v) ? String.format(java.util.Locale.ROOT, "%.1f %%", v * 100) : "-";
    }

    /** Firing alerts not shown before (each firing once). */
    private static void printAlerts(Node node, java.util.Set<String> announced) {
        java.util.Set<String> firing = new java.util.HashSet<>();
        for (dev.shepherd.alert.AlertState a : node.alerts().store().active()) {
            if (a.state() != dev.shepherd.alert.AlertState.State.FIRING) {
                continue;
            }
            String key = a.rule() + "@" + a.deployment() + "@" + a.firedAt();
            firing.add(key);
            if (announced.add(key)) {
                System.out.printf("[alert] %s firing on %s since %s (value %.3f); see ./shepherd alerts list%n", a.rule(),
                        a.deployment(), a.firedAt(), a.value());
            }
        }
        announced.retainAll(firing);
    }

    /** The latest live drift of the demo deployment over its shortest window. */
    private static void printDrift(Node node) {
        node.drift().latest().stream().filter(r -> r.deployment().equals(DemoModels.NAME) && r.report() != null)
                .min(java.util.Comparator.comparing(dev.shepherd.drift.LiveDrift.Result::window)).ifPresent(r -> {
                    var report = r.report();
                    java.util.List<String> drifted = report.features().stream().filter(dev.shepherd.drift.FeatureDrift::drifted)
                            .map(dev.shepherd.drift.FeatureDrift::feature).toList();
                    System.out.printf("drift of %s:%s over the last %s against its training data: %d of %d features (%s)%s%n",
                            r.deployment(), r.version(), dev.shepherd.config.Durations.format(r.window()), report.drifted(),
                            report.evaluated(), drifted.isEmpty() ? "none" : String.join(", ", drifted),
                            report.datasetDrift() ? " -> DATASET DRIFT" : "");
                });
    }

    private static void printTour(String url) {
        System.out.println();
        System.out.println("Dashboard: " + url + "/   (live charts of every deployment; Ctrl-C to stop)");
        System.out.println("Reviewer page: " + url + "/review");
        System.out.println();
        System.out.println("Try:");
        System.out.println("  curl -s " + url + "/v2/models/" + DemoModels.NAME);
        System.out.println("  curl -s " + url + "/v2/models/" + DemoModels.NAME + "/infer -H 'Content-Type: application/json' -d '"
                + "{\"inputs\": [{\"name\": \"income\", \"datatype\": \"FP64\", \"shape\": [1], \"data\": [48000]},"
                + " {\"name\": \"age\", \"datatype\": \"INT64\", \"shape\": [1], \"data\": [41]},"
                + " {\"name\": \"employment\", \"datatype\": \"BYTES\", \"shape\": [1], \"data\": [\"salaried\"]},"
                + " {\"name\": \"region\", \"datatype\": \"BYTES\", \"shape\": [1], \"data\": [\"north\"]}]}'");
        System.out.println("  curl -s " + url + "/api/v1/deployments/" + DemoModels.NAME + "/predict -H 'Content-Type: application/json' -d '"
                + "{\"instances\": [{\"income\": 48000, \"age\": 41, \"employment\": \"salaried\", \"region\": \"north\"}]}'");
        System.out.println("  ./shepherd rollout status " + DemoModels.NAME + " --server " + url);
        System.out.println("  ./shepherd rollout history " + DemoModels.NAME + " --server " + url);
        System.out.println("  curl -s " + url + "/api/v1/deployments/" + DemoModels.NAME + "/rollouts");
        System.out.println("  curl -s '" + url + "/api/v1/deployments/" + DemoModels.NAME + "/drift?window=1m' | jq");
        System.out.println("  ./shepherd metrics " + DemoModels.NAME + " --server " + url);
        System.out.println("  curl -s " + url + "/metrics | grep '^shepherd_'");
        System.out.println("  " + url + "/review   (the reviewer page: claim, decide with keys 1 and 2)");
        System.out.println("  ./shepherd automation status " + DemoModels.REVIEW + " --server " + url);
        System.out.println("  ./shepherd automation advise " + DemoModels.REVIEW + " --target-accuracy 0.9 --server " + url);
        System.out.println("  ./shepherd get models --server " + url);
        System.out.println("  ./shepherd get deployments --server " + url);
        System.out.println();
    }
}
