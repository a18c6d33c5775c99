package dev.shepherd.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.oip.OipCodec;
import dev.shepherd.predictionlog.PredictionLog;
import dev.shepherd.registry.Deployment;
import dev.shepherd.registry.ModelVersion;
import dev.shepherd.runtime.Runtimes;
import dev.shepherd.serving.Gateway;
import dev.shepherd.serving.InferenceResult;
import dev.shepherd.serving.ServingLimits;
import dev.shepherd.store.InMemoryStore;
import java.time.Clock;
import dev.shepherd.runtime.Model;
import dev.shepherd.runtime.onnx.OnnxModelLoader;
import dev.shepherd.schema.Batch;
import dev.shepherd.schema.ModelSchema;
import dev.shepherd.schema.Prediction;
import dev.shepherd.training.LabelledData;
import dev.shepherd.training.LoanData;
import dev.shepherd.training.TabularTrainer;
import dev.shepherd.training.TrainedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
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
 * The in-process request path of an OIP inference request: JSON bytes → decode and validate
 * against the schema → ONNX Runtime invocation of a real Tribuo-trained model → encode the OIP
 * response → JSON bytes. Stages are measured alone and together, beside an empty baseline, so
 * results can be read as ratios on a noisy machine.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class RequestPathBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Instances per request. */
    @Param({"1", "32"})
    public int batch;

    private Path dir;
    private Model model;
    private ModelSchema schema;
    private byte[] requestBytes;
    private JsonNode requestJson;
    private Batch decoded;
    private List<Prediction> predictions;
    private InMemoryStore store;
    private Gateway gateway;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("shepherd-bench");
        TrainedModel trained = TabularTrainer.logisticRegression().withSeed(1)
                .train(LoanData.generate(2_000, 1, 0.0), dir.resolve("loan.onnx"));
        ModelVersion mv = trained.toVersion("loan-default", "v1", "bench", Instant.now());
        schema = mv.schema();
        model = new OnnxModelLoader().load(mv);
        LabelledData sample = LoanData.generate(batch, 2, 0.0);
        requestBytes = JSON.writeValueAsBytes(OipCodec.encodeRequest(schema, sample.batch(), "bench"));
        requestJson = JSON.readTree(requestBytes);
        decoded = OipCodec.decodeRequest(schema, requestJson, 1_000);
        predictions = model.predict(decoded);
        store = new InMemoryStore(dir);
        gateway = new Gateway(store, Runtimes.of(List.of(new OnnxModelLoader())), PredictionLog.noop(),
                Clock.systemUTC(), ServingLimits.defaults());
        gateway.register(mv);
        gateway.putDeployment(new Deployment("loan-default", "loan-default", "v1", "{}", Instant.now()));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        gateway.close();
        store.close();
        model.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Nothing: the harness's own cost, the yardstick for the others. */
    @Benchmark
    public void baseline() {
    }

    /** Parse JSON bytes and decode/validate the OIP request into a typed batch. */
    @Benchmark
    public Batch decode() throws Exception {
        return OipCodec.decodeRequest(schema, JSON.readTree(requestBytes), 1_000);
    }

    /** The ONNX Runtime invocation alone (dense encoding included). */
    @Benchmark
    public List<Prediction> invoke() {
        return model.predict(decoded);
    }

    /** Encode the OIP response and serialize it to bytes. */
    @Benchmark
    public byte[] encode() throws Exception {
        ObjectNode out = OipCodec.encodeResponse(schema, "loan-default", "v1", "id", predictions, null);
        return JSON.writeValueAsBytes(out);
    }

    /** The whole in-process path: bytes in, bytes out. */
    @Benchmark
    public byte[] fullPath() throws Exception {
        Batch b = OipCodec.decodeRequest(schema, JSON.readTree(requestBytes), 1_000);
        List<Prediction> p = model.predict(b);
        return JSON.writeValueAsBytes(OipCodec.encodeResponse(schema, "loan-default", "v1", "id", p, null));
    }

    /**
     * The whole path as the server runs it: bytes → {@link Gateway#infer} (route lookup, decode,
     * in-flight accounting, hand-off to the invoker thread, prediction-log offer) → encode → bytes.
     */
    @Benchmark
    public byte[] gatewayPath() throws Exception {
        JsonNode body = JSON.readTree(requestBytes);
        InferenceResult r = gateway.infer("loan-default", null, (s, max) -> OipCodec.decodeRequest(s, body, max), "id");
        return JSON.writeValueAsBytes(OipCodec.encodeResponse(r.schema(), "loan-default", r.version(), "id",
                r.predictions(), null));
    }
}
