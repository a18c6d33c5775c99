package dev.shepherd.bench;

import dev.shepherd.monitor.MetricsStore;
import dev.shepherd.monitor.Monitoring;
import dev.shepherd.monitor.MonitoringSettings;
import dev.shepherd.monitor.RequestObservation;
import dev.shepherd.monitor.Role;
import dev.shepherd.monitor.SeriesKey;
import dev.shepherd.schema.Batch;
import dev.shepherd.schema.FeatureSpec;
import dev.shepherd.schema.FeatureType;
import dev.shepherd.schema.ModelSchema;
import dev.shepherd.schema.OutputSpec;
import dev.shepherd.schema.Prediction;
import dev.shepherd.schema.TensorMedia;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The monitoring cost of one request: 20 input features (15 numbers, one of them an optional
 * feature that is always missing, 4 categories, 1 boolean) and a class prediction, recorded by
 * {@link Monitoring#record} on the system clock. {@code baseline} does the same work to pick the
 * request but records nothing; {@code recordDisabled} calls a deployment whose monitoring is off.
 * Buckets are closed between iterations, as the scheduler would. Target: at most 2 µs median
 * added over the baseline.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class MonitoringBenchmark {
    private static final int POOL = 1024;
    private static final List<String> EMPLOYMENT = List.of("salaried", "self_employed", "unemployed", "retired");
    private static final List<String> REGION = List.of("north", "south", "east", "west", "centre", "islands");
    private static final List<String> CHANNEL = List.of("web", "app", "branch", "phone", "partner");
    private static final List<String> PRODUCT = List.of("loan", "mortgage", "card", "overdraft", "lease",
            "student", "auto", "business");

    private final SeriesKey key = new SeriesKey("loan-default", "v1", Role.PRIMARY);
    private final SeriesKey off = new SeriesKey("loan-off", "v1", Role.PRIMARY);
    private Monitoring monitoring;
    private ModelSchema schema;
    private RequestObservation[] observations;

    /** Each thread's position in the pool of requests. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;
    }

    @Setup(Level.Trial)
    public void setUp() {
        monitoring = new Monitoring(Clock.systemUTC(), MonitoringSettings.defaults(), MetricsStore.none());
        monitoring.setEnabled("loan-off", false);
        List<FeatureSpec> inputs = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            inputs.add(FeatureSpec.of("x" + i, FeatureType.NUMBER));
        }
        inputs.add(FeatureSpec.optional("debt_ratio", FeatureType.NUMBER));
        inputs.add(FeatureSpec.of("age", FeatureType.INTEGER));
        inputs.add(FeatureSpec.of("tenure_months", FeatureType.INTEGER));
        inputs.add(FeatureSpec.category("employment", EMPLOYMENT));
        inputs.add(FeatureSpec.category("region", REGION));
        inputs.add(FeatureSpec.category("channel", CHANNEL));
        inputs.add(new FeatureSpec("product", FeatureType.CATEGORY, true, PRODUCT, List.of(), TensorMedia.NONE, 0));
        inputs.add(FeatureSpec.of("has_collateral", FeatureType.BOOLEAN));
        schema = new ModelSchema(inputs, OutputSpec.classes(List.of("repaid", "default")));

        SplittableRandom rnd = new SplittableRandom(1);
        observations = new RequestObservation[POOL];
        for (int r = 0; r < POOL; r++) {
            Object[] row = new Object[20];
            for (int i = 0; i < 12; i++) {
                row[i] = rnd.nextDouble() * 1000;
            }
            row[12] = null;
            row[13] = (long) (18 + rnd.nextInt(60));
            row[14] = (long) rnd.nextInt(240);
            row[15] = EMPLOYMENT.get(rnd.nextInt(EMPLOYMENT.size()));
            row[16] = REGION.get(rnd.nextInt(REGION.size()));
            row[17] = CHANNEL.get(rnd.nextInt(CHANNEL.size()));
            row[18] = rnd.nextInt(20) == 0 ? "crypto" : PRODUCT.get(rnd.nextInt(PRODUCT.size()));
            row[19] = rnd.nextBoolean();
            double p = rnd.nextDouble();
            Prediction answer = new Prediction.ClassPrediction(p < 0.5 ? "default" : "repaid", new double[] {1 - p, p});
            observations[r] = new RequestObservation(new Batch(schema, List.<Object[]>of(row)), List.of(answer), "ok",
                    200_000 + rnd.nextInt(800_000), 100_000 + rnd.nextInt(400_000), 400 + rnd.nextInt(200));
        }
    }

    /** Closes the buckets that ended, as the scheduler does every bucket. */
    @TearDown(Level.Iteration)
    public void tick() {
        monitoring.tick();
    }

    private RequestObservation nextObservation(Cursor c) {
        return observations[c.next++ & (POOL - 1)];
    }

    @Benchmark
    public RequestObservation baseline(Cursor c) {
        return nextObservation(c);
    }

    @Benchmark
    public RequestObservation record(Cursor c) {
        RequestObservation o = nextObservation(c);
        monitoring.record(key, schema, o);
        return o;
    }

    @Benchmark
    public RequestObservation recordDisabled(Cursor c) {
        RequestObservation o = nextObservation(c);
        monitoring.record(off, schema, o);
        return o;
    }
}
