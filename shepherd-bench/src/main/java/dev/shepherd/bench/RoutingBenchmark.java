package dev.shepherd.bench;

import dev.shepherd.predictionlog.PredictionLog;
import dev.shepherd.registry.Deployment;
import dev.shepherd.registry.ModelVersion;
import dev.shepherd.registry.Provenance;
import dev.shepherd.runtime.JavaModelLoader;
import dev.shepherd.runtime.Runtimes;
import dev.shepherd.schema.Batch;
import dev.shepherd.serving.BatchDecoder;
import dev.shepherd.serving.Gateway;
import dev.shepherd.serving.InferenceResult;
import dev.shepherd.serving.ServingLimits;
import dev.shepherd.serving.StickyHash;
import dev.shepherd.serving.TrafficSplit;
import dev.shepherd.store.InMemoryStore;
import dev.shepherd.training.LoanData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
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
 * The cost of a rollout's routing decision. The decision alone: {@link StickyHash#bucket} of a
 * sticky key against 5 % in basis points, beside baselines that pick the same key and decide with
 * its cached {@code String.hashCode}, with the same polynomial hash recomputed over the characters
 * (as for a key just read from a header), or at random (the keyless path). The whole request:
 * {@link Gateway#infer} on a model that does no work ({@link SimulatedModel}, {@code work: none})
 * without a split, beside the same deployment under a 5 % canary with a sticky key and without one,
 * sampled so the median can be read apart from the tail, in three forks: from a JMH (platform)
 * thread each request is handed to the gateway's invoker thread, which costs tens of microseconds,
 * varies from one iteration to the next, and is the noise the routing decision is seen against.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class RoutingBenchmark {
    private static final int KEYS = 4096;
    private static final String DEPLOYMENT = "loan-default";
    private static final int FIVE_PERCENT = StickyHash.basisPoints(5);

    /** Pre-built sticky keys and each thread's position among them. */
    @State(Scope.Thread)
    public static class Keys {
        /** {@code user}: "user-" and six digits (11 characters); {@code uuid}: a random UUID (36). */
        @Param({"user", "uuid"})
        public String shape;

        String[] keys;
        int next;

        @Setup(Level.Trial)
        public void setUp() {
            keys = keys(shape);
        }

        String key() {
            return keys[next++ & (KEYS - 1)];
        }
    }

    /** User-shaped sticky keys for whole requests, and each thread's position among them. */
    @State(Scope.Thread)
    public static class RequestKeys {
        String[] keys;
        int next;

        @Setup(Level.Trial)
        public void setUp() {
            keys = keys("user");
        }

        String key() {
            return keys[next++ & (KEYS - 1)];
        }
    }

    static String[] keys(String shape) {
        SplittableRandom rnd = new SplittableRandom(1);
        String[] keys = new String[KEYS];
        for (int i = 0; i < KEYS; i++) {
            keys[i] = shape.equals("user") ? "user-" + (100_000 + rnd.nextInt(900_000))
                    : new UUID(rnd.nextLong(), rnd.nextLong()).toString();
            keys[i].hashCode(); // cache it, as a long-lived key would have
        }
        return keys;
    }

    /** A gateway with two deployments of the same no-work model: one plain, one under a 5 % canary. */
    @State(Scope.Benchmark)
    public static class Gateways {
        private static final String PLAIN = "loan-plain";

        Path dir;
        InMemoryStore store;
        Gateway gateway;
        Batch batch;
        BatchDecoder decoder;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            dir = Files.createTempDirectory("shepherd-bench");
            store = new InMemoryStore(dir);
            gateway = new Gateway(store, Runtimes.of(List.of(new JavaModelLoader())), PredictionLog.noop(),
                    Clock.systemUTC(), ServingLimits.defaults());
            for (String v : List.of("v1", "v2")) {
                gateway.register(new ModelVersion(DEPLOYMENT, v, JavaModelLoader.RUNTIME, JavaModelLoader.CLASSPATH, null,
                        LoanData.schema(), SimulatedModel.options("none", 0, 0), Instant.now(), Provenance.of("bench")));
            }
            gateway.putDeployment(new Deployment(PLAIN, DEPLOYMENT, "v1", "{}", Instant.now()));
            gateway.putDeployment(new Deployment(DEPLOYMENT, DEPLOYMENT, "v1", "{}", Instant.now()));
            gateway.split(DEPLOYMENT, TrafficSplit.canary("v2", 5, 0, null));
            batch = LoanData.generate(1, 2).batch();
            decoder = (schema, max) -> batch;
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            gateway.close();
            store.close();
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Picks the key and nothing else: the harness's own cost. */
    @Benchmark
    public String baseline(Keys k) {
        return k.key();
    }

    /** Decides by the key's cached {@code String.hashCode}. */
    @Benchmark
    public boolean baselineHashCode(Keys k) {
        return Math.floorMod(k.key().hashCode(), StickyHash.BUCKETS) < FIVE_PERCENT;
    }

    /** Decides by {@code String.hashCode}'s polynomial recomputed over the characters (an uncached key). */
    @Benchmark
    public boolean baselinePolynomialHash(Keys k) {
        String key = k.key();
        int h = 0;
        for (int i = 0; i < key.length(); i++) {
            h = 31 * h + key.charAt(i);
        }
        return Math.floorMod(h, StickyHash.BUCKETS) < FIVE_PERCENT;
    }

    /** Decides at random, as the gateway does for a request without a sticky key. */
    @Benchmark
    public boolean baselineRandom(Keys k) {
        k.key();
        return ThreadLocalRandom.current().nextInt(StickyHash.BUCKETS) < FIVE_PERCENT;
    }

    /** The gateway's sticky decision: the key's bucket under the deployment against 5 %. */
    @Benchmark
    public boolean stickyBucket(Keys k) {
        return StickyHash.bucket(DEPLOYMENT, k.key()) < FIVE_PERCENT;
    }

    /** A whole request on a deployment without a split: the yardstick for the two below. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Fork(value = 3, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
    public InferenceResult inferNoSplit(Gateways g, RequestKeys k) {
        return g.gateway.infer(Gateways.PLAIN, null, g.decoder, "id", 100, k.key());
    }

    /** A whole request under a 5 % canary, routed by its sticky key. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Fork(value = 3, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
    public InferenceResult inferCanarySticky(Gateways g, RequestKeys k) {
        return g.gateway.infer(DEPLOYMENT, null, g.decoder, "id", 100, k.key());
    }

    /** A whole request under a 5 % canary without a key: routed at random. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Fork(value = 3, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
    public InferenceResult inferCanaryKeyless(Gateways g, RequestKeys k) {
        k.key();
        return g.gateway.infer(DEPLOYMENT, null, g.decoder, "id", 100, null);
    }
}
