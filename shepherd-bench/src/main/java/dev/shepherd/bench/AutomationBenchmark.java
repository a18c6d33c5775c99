package dev.shepherd.bench;

import dev.shepherd.automation.AutomationLayer;
import dev.shepherd.automation.AutomationLevel;
import dev.shepherd.automation.AutomationSetting;
import dev.shepherd.automation.Outcome;
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
import dev.shepherd.store.Store;
import dev.shepherd.store.sqlite.SqliteStore;
import dev.shepherd.training.LoanData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * What the automation ladder adds to a request, over a real SQLite store and a model that does no
 * work ({@link SimulatedModel}: every answer {@code repaid} at confidence 0.9), beside the baseline
 * of the same request straight to {@link Gateway#infer} in the same run:
 * <ul>
 *   <li>{@code full}: a deployment without {@code spec.automation} (the pass-through);</li>
 *   <li>{@code partialConfident}: partial at threshold 0.8, every answer confident, no audit;</li>
 *   <li>{@code partialAudited}: the same with 5 % audited (written off the path);</li>
 *   <li>{@code partialToPeople}: partial at threshold 0.95: every request becomes a durable review
 *       item and a 202, the one path that writes to the store before answering.</li>
 * </ul>
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class AutomationBenchmark {

    /** One SQLite store, gateway and automation layer with a deployment per case. */
    @State(Scope.Benchmark)
    public static class Ladder {
        Path dir;
        Store store;
        Gateway gateway;
        AutomationLayer layer;
        BatchDecoder decoder;
        final AtomicLong ids = new AtomicLong();

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            dir = Files.createTempDirectory("shepherd-bench-automation");
            store = SqliteStore.open(dir);
            gateway = new Gateway(store, Runtimes.of(List.of(new JavaModelLoader())), PredictionLog.noop(),
                    Clock.systemUTC(), ServingLimits.defaults());
            gateway.start();
            gateway.register(new ModelVersion("loan", "v1", JavaModelLoader.RUNTIME, JavaModelLoader.CLASSPATH, null,
                    LoanData.schema(), SimulatedModel.options("none", 0, 0), Instant.now(), Provenance.of("bench")));
            for (String d : List.of("full", "confident", "audited", "people")) {
                gateway.putDeployment(new Deployment(d, "loan", "v1", "{}", Instant.now()));
            }
            layer = AutomationLayer.create(gateway, null, Clock.systemUTC());
            layer.settings().set("confident", new AutomationSetting(AutomationLevel.PARTIAL, 0.8, Map.of(), 0, 0), "bench", null);
            layer.settings().set("audited", new AutomationSetting(AutomationLevel.PARTIAL, 0.8, Map.of(), 0.05, 0), "bench", null);
            layer.settings().set("people", new AutomationSetting(AutomationLevel.PARTIAL, 0.95, Map.of(), 0, 0), "bench", null);
            Batch batch = LoanData.generate(1, 2).batch();
            decoder = (schema, max) -> batch;
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            layer.close();
            gateway.close();
            store.close();
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }

        Outcome via(String deployment) {
            return layer.automation().infer(deployment, decoder, "r-" + ids.incrementAndGet(), 100, null, null);
        }
    }

    /** The baseline: the same request straight to the gateway. */
    @Benchmark
    public InferenceResult gatewayDirect(Ladder l) {
        return l.gateway.infer("full", null, l.decoder, "r-" + l.ids.incrementAndGet(), 100, null);
    }

    @Benchmark
    public Outcome full(Ladder l) {
        return l.via("full");
    }

    @Benchmark
    public Outcome partialConfident(Ladder l) {
        return l.via("confident");
    }

    @Benchmark
    public Outcome partialAudited(Ladder l) {
        return l.via("audited");
    }

    @Benchmark
    public Outcome partialToPeople(Ladder l) {
        return l.via("people");
    }
}
