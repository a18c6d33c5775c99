package dev.shepherd.bench;

import dev.shepherd.error.ShepherdException;
import dev.shepherd.predictionlog.PredictionLog;
import dev.shepherd.registry.Deployment;
import dev.shepherd.registry.ModelVersion;
import dev.shepherd.registry.Provenance;
import dev.shepherd.runtime.JavaModelLoader;
import dev.shepherd.runtime.Runtimes;
import dev.shepherd.schema.Batch;
import dev.shepherd.serving.BatchDecoder;
import dev.shepherd.serving.Gateway;
import dev.shepherd.serving.ServingLimits;
import dev.shepherd.serving.ShadowStats;
import dev.shepherd.serving.TrafficSplit;
import dev.shepherd.store.InMemoryStore;
import dev.shepherd.training.LoanData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * What a shadow candidate costs the primary's latency: a closed loop of client threads sends
 * one-row requests through {@link Gateway#infer} to a deployment whose primary is a
 * {@link SimulatedModel} doing about 1 ms of work, with no split and with a
 * {@link TrafficSplit#shadow} candidate doing {@code factor} times the primary's work at each
 * share given. Rounds alternate the configurations (A, B, C, then B, C, A, …: each takes each slot
 * in turn) so slow drift of the machine falls on all of them. Each phase runs unmeasured for the
 * warm-up, then records every request's latency in an HdrHistogram; the shadow's counters come
 * from {@link Gateway#shadowStats}. Prints one line per phase, then a Markdown table of each
 * configuration's phases merged, with p50 and p99 as ratios to the no-shadow configuration, and
 * the p99 ratio within each round.
 *
 * <p>A plain main class rather than JMH: the quantity is a latency distribution under concurrent
 * load with background work, which JMH's per-invocation modes do not drive. Run it from the
 * benchmarks jar:
 * {@code java -cp shepherd-bench/target/benchmarks.jar dev.shepherd.bench.ShadowOverheadBenchmark
 * --work=sleep --clients=4}. Options ({@code --name=value}): {@code work} (primary and shadow:
 * {@code sleep} or {@code spin}; or {@code primary-work}, {@code shadow-work} apart),
 * {@code micros} (primary, 1000), {@code factor} (10), {@code shares} (shadow shares, comma
 * separated, 1.0), {@code clients} (4), {@code threads} ({@code virtual}, as the HTTP server's
 * handlers, or {@code platform}), {@code seconds} (measured per phase, 20), {@code warmup}
 * (unmeasured per phase, 3), {@code rounds} (2).
 */
public final class ShadowOverheadBenchmark {
    private static final String DEPLOYMENT = "loan-default";
    private static final long HIGHEST_NANOS = TimeUnit.SECONDS.toNanos(60);

    private ShadowOverheadBenchmark() {
    }

    /** One measured phase: a configuration's latencies and the shadow counters it moved. */
    private record Phase(String config, int round, Histogram latency, long requests, long errors, double seconds,
                         ShadowStats shadow) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = parse(args);
        String primaryWork = opt.getOrDefault("primary-work", opt.getOrDefault("work", "sleep"));
        String shadowWork = opt.getOrDefault("shadow-work", opt.getOrDefault("work", "sleep"));
        long micros = Long.parseLong(opt.getOrDefault("micros", "1000"));
        long factor = Long.parseLong(opt.getOrDefault("factor", "10"));
        List<Double> shares = new ArrayList<>();
        for (String s : opt.getOrDefault("shares", "1.0").split(",")) {
            shares.add(Double.parseDouble(s));
        }
        int clients = Integer.parseInt(opt.getOrDefault("clients", "4"));
        boolean virtual = opt.getOrDefault("threads", "virtual").equals("virtual");
        int seconds = Integer.parseInt(opt.getOrDefault("seconds", "20"));
        int warmup = Integer.parseInt(opt.getOrDefault("warmup", "3"));
        int rounds = Integer.parseInt(opt.getOrDefault("rounds", "2"));

        long spinsPerMicro = primaryWork.equals("spin") || shadowWork.equals("spin") ? SimulatedModel.calibrate() : 0;
        System.out.printf(Locale.ROOT, "# %d cpus, %s; primary %s %d us, shadow %s %d us, shares %s, %d %s clients, "
                        + "%d s (+%d s warm-up) per phase, %d rounds%s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"), primaryWork, micros,
                shadowWork, micros * factor, shares, clients, virtual ? "virtual" : "platform", seconds, warmup, rounds,
                spinsPerMicro > 0 ? ", spin calibrated at " + spinsPerMicro + " iterations/us" : "");

        Path dir = Files.createTempDirectory("shepherd-bench");
        try (InMemoryStore store = new InMemoryStore(dir);
             Gateway gateway = new Gateway(store, Runtimes.of(List.of(new JavaModelLoader())), PredictionLog.noop(),
                     Clock.systemUTC(), ServingLimits.defaults())) {
            gateway.register(version("v1", SimulatedModel.options(primaryWork, micros, spinsPerMicro)));
            gateway.register(version("v2", SimulatedModel.options(shadowWork, micros * factor, spinsPerMicro)));
            gateway.putDeployment(new Deployment(DEPLOYMENT, DEPLOYMENT, "v1", "{}", Instant.now()));
            Batch batch = LoanData.generate(1, 2).batch();
            BatchDecoder decoder = (schema, max) -> batch;

            List<String> configs = new ArrayList<>();
            configs.add("none");
            shares.forEach(s -> configs.add("shadow " + s));
            // One unmeasured pass over every configuration first: the JIT compiles both paths.
            for (String c : configs) {
                install(gateway, c);
                warm(gateway, decoder, c, clients, virtual, warmup * 2L);
            }
            List<Phase> phases = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                List<String> order = new ArrayList<>(configs);
                java.util.Collections.rotate(order, -(round - 1)); // each configuration takes each slot in turn
                for (String c : order) {
                    install(gateway, c);
                    warm(gateway, decoder, c, clients, virtual, warmup);
                    Phase p = run(gateway, decoder, c, round, clients, virtual, seconds);
                    phases.add(p);
                    System.out.printf(Locale.ROOT, "round %d %-12s %s | load %s%n", round, c, line(p), loadAverage());
                }
            }
            install(gateway, "none");
            System.out.println();
            table(configs, phases);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static ModelVersion version(String v, Map<String, String> options) {
        return new ModelVersion(DEPLOYMENT, v, JavaModelLoader.RUNTIME, JavaModelLoader.CLASSPATH, null,
                LoanData.schema(), options, Instant.now(), Provenance.of("bench"));
    }

    /**
     * Removes the split, so the copies a previous configuration left queued fail fast on the retired
     * candidate instead of running into the next phase, then installs {@code config}.
     */
    private static void install(Gateway gateway, String config) throws InterruptedException {
        gateway.split(DEPLOYMENT, null);
        Thread.sleep(500);
        if (!config.equals("none")) {
            gateway.split(DEPLOYMENT, TrafficSplit.shadow("v2", Double.parseDouble(config.substring("shadow ".length()))));
        }
    }

    /** Runs the closed loop for {@code seconds} and forgets what it measured. */
    private static void warm(Gateway gateway, BatchDecoder decoder, String config, int clients, boolean virtual,
                             long seconds) throws InterruptedException {
        run(gateway, decoder, config, 0, clients, virtual, seconds);
    }

    /** Runs the closed loop for {@code seconds}: the phase it measured. */
    private static Phase run(Gateway gateway, BatchDecoder decoder, String config, int round, int clients,
                             boolean virtual, long seconds) throws InterruptedException {
        ShadowStats before = gateway.shadowStats();
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(seconds);
        Histogram[] latencies = new Histogram[clients];
        LongAdder errors = new LongAdder();
        Thread[] threads = new Thread[clients];
        for (int i = 0; i < clients; i++) {
            Histogram h = new Histogram(HIGHEST_NANOS, 3);
            latencies[i] = h;
            Runnable loop = () -> {
                while (true) {
                    long t0 = System.nanoTime();
                    if (t0 >= deadline) {
                        return;
                    }
                    try {
                        gateway.infer(DEPLOYMENT, null, decoder, "bench", 100, null);
                    } catch (ShepherdException e) {
                        errors.increment();
                    }
                    h.recordValue(Math.min(System.nanoTime() - t0, HIGHEST_NANOS));
                }
            };
            threads[i] = virtual ? Thread.ofVirtual().unstarted(loop) : Thread.ofPlatform().unstarted(loop);
        }
        for (Thread t : threads) {
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        Histogram all = new Histogram(HIGHEST_NANOS, 3);
        for (Histogram h : latencies) {
            all.add(h);
        }
        ShadowStats after = gateway.shadowStats();
        ShadowStats moved = new ShadowStats(after.submitted() - before.submitted(), after.dropped() - before.dropped(),
                after.failed() - before.failed());
        return new Phase(config, round, all, all.getTotalCount(), errors.sum(), elapsed, moved);
    }

    private static String line(Phase p) {
        Histogram h = p.latency();
        return String.format(Locale.ROOT, "requests %,d (%,.0f/s, %d errors) shadow submitted %,d dropped %,d failed %,d"
                        + " | p50 %,.0f us p90 %,.0f p99 %,.0f p99.9 %,.0f max %,.0f",
                p.requests(), p.requests() / p.seconds(), p.errors(), p.shadow().submitted(), p.shadow().dropped(),
                p.shadow().failed(), us(h, 50), us(h, 90), us(h, 99), us(h, 99.9), h.getMaxValue() / 1e3);
    }

    /** Every configuration's phases merged, with p50 and p99 as ratios to the first configuration. */
    private static void table(List<String> configs, List<Phase> phases) {
        Map<String, Histogram> merged = new LinkedHashMap<>();
        Map<String, long[]> counts = new HashMap<>();
        Map<String, Double> secs = new HashMap<>();
        for (String c : configs) {
            merged.put(c, new Histogram(HIGHEST_NANOS, 3));
            counts.put(c, new long[5]);
            secs.put(c, 0.0);
        }
        for (Phase p : phases) {
            merged.get(p.config()).add(p.latency());
            long[] n = counts.get(p.config());
            n[0] += p.requests();
            n[1] += p.errors();
            n[2] += p.shadow().submitted();
            n[3] += p.shadow().dropped();
            n[4] += p.shadow().failed();
            secs.merge(p.config(), p.seconds(), Double::sum);
        }
        Histogram base = merged.get(configs.get(0));
        System.out.println("| configuration | requests | req/s | errors | shadow submitted | shadow dropped | shadow failed"
                + " | p50 µs | p90 µs | p99 µs | p99.9 µs | p50 ratio | p99 ratio | p99 ratio per round |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        for (String c : configs) {
            Histogram h = merged.get(c);
            long[] n = counts.get(c);
            System.out.printf(Locale.ROOT, "| %s | %,d | %,.0f | %d | %,d | %,d | %,d | %,.0f | %,.0f | %,.0f | %,.0f | %.2f | %.2f | %s |%n",
                    c, n[0], n[0] / secs.get(c), n[1], n[2], n[3], n[4], us(h, 50), us(h, 90), us(h, 99), us(h, 99.9),
                    us(h, 50) / us(base, 50), us(h, 99) / us(base, 99), perRound(phases, configs.get(0), c));
        }
    }

    /** p99 of {@code config} over p99 of {@code base} in the same round, round by round. */
    private static String perRound(List<Phase> phases, String base, String config) {
        List<String> out = new ArrayList<>();
        for (Phase p : phases) {
            if (!p.config().equals(config)) {
                continue;
            }
            for (Phase b : phases) {
                if (b.round() == p.round() && b.config().equals(base)) {
                    out.add(String.format(Locale.ROOT, "%.2f", us(p.latency(), 99) / us(b.latency(), 99)));
                }
            }
        }
        return String.join(", ", out);
    }

    /** The 1-minute load average (Linux), to show other work on the machine during a phase; "?" elsewhere. */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException | RuntimeException e) {
            return "?";
        }
    }

    private static double us(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1e3;
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> out = new HashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (!a.startsWith("--") || eq < 0) {
                throw new IllegalArgumentException("options are --name=value, was " + a);
            }
            out.put(a.substring(2, eq), a.substring(eq + 1));
        }
        return out;
    }
}
