package dev.shepherd.bench;

import dev.shepherd.runtime.JavaModel;
import dev.shepherd.schema.Batch;
import dev.shepherd.schema.ModelSchema;
import dev.shepherd.schema.Prediction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in model for the {@code java} runtime whose cost is set by its options, for benchmarks
 * where the model's own work is the yardstick: {@code work: none} answers at once, {@code sleep}
 * sleeps {@code micros} per request (an IO-bound or remote model: it holds a thread, not a core),
 * {@code spin} burns a fixed amount of CPU, {@code micros} × {@code spinsPerMicro} iterations of
 * {@link #spin} (a CPU-bound model: under contention it takes longer, as a real one would). Every
 * row gets the same class answer over the schema's two labels. Stateless and thread-safe.
 */
public final class SimulatedModel implements JavaModel {
    private static volatile long sink;

    private String work = "none";
    private long micros;
    private long iterations;

    @Override
    public void open(ModelSchema schema, Map<String, String> options) {
        work = options.getOrDefault("work", "none");
        micros = Long.parseLong(options.getOrDefault("micros", "0"));
        iterations = micros * Long.parseLong(options.getOrDefault("spinsPerMicro", "0"));
        if (!work.equals("none") && !work.equals("sleep") && !work.equals("spin")) {
            throw new IllegalArgumentException("work must be none, sleep or spin, was " + work);
        }
    }

    /** The options of a model doing {@code work} for {@code micros} µs; {@code spinsPerMicro} from {@link #calibrate}. */
    public static Map<String, String> options(String work, long micros, long spinsPerMicro) {
        return Map.of("className", SimulatedModel.class.getName(), "work", work, "micros", Long.toString(micros),
                "spinsPerMicro", Long.toString(spinsPerMicro));
    }

    @Override
    public List<Prediction> predict(Batch batch) {
        switch (work) {
            case "sleep" -> sleep(micros);
            case "spin" -> sink = spin(iterations);
            default -> { }
        }
        List<Prediction> out = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            out.add(new Prediction.ClassPrediction("repaid", new double[] {0.9, 0.1}));
        }
        return out;
    }

    /** {@code n} dependent xorshift steps: CPU work that the JIT cannot remove or vectorize. */
    static long spin(long n) {
        long x = 0x9e3779b97f4a7c15L;
        for (long i = 0; i < n; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }

    /**
     * Iterations of {@link #spin} per microsecond on this machine, measured single-threaded after a
     * JIT warm-up (median of five 50 ms runs).
     */
    public static long calibrate() {
        long n = 2_000_000;
        for (int i = 0; i < 20; i++) {
            sink = spin(n);
        }
        long[] rates = new long[5];
        for (int r = 0; r < rates.length; r++) {
            long t0 = System.nanoTime();
            long done = 0;
            while (System.nanoTime() - t0 < 50_000_000L) {
                sink = spin(n);
                done += n;
            }
            rates[r] = done * 1_000 / (System.nanoTime() - t0);
        }
        java.util.Arrays.sort(rates);
        return Math.max(1, rates[2]);
    }

    private static void sleep(long micros) {
        try {
            TimeUnit.MICROSECONDS.sleep(micros);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
