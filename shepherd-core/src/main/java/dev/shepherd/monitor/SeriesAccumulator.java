package dev.shepherd.monitor;

import dev.shepherd.schema.FeatureSpec;
import dev.shepherd.schema.Prediction;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * Everything monitoring keeps about one series in one bucket (or a merge of several): software
 * counters and latency histograms, per-feature input statistics, output and feedback statistics.
 * Mergeable and serializable (see {@link BucketCodec}). Not thread-safe: a stripe lock guards a
 * recording instance; merged instances belong to one reader.
 *
 * <p>Implementation notes. Latencies are recorded in microseconds into auto-resizing
 * HdrHistograms with {@value #LATENCY_DIGITS} significant digits, so a reported quantile is within
 * 0.1 % of a recorded value at that rank. Features are kept by name so that buckets recorded under
 * different schemas, or reloaded from the store, merge; the recording path reaches them through
 * an array bound to the series' current {@link Layout}, with no lookups.
 */
final class SeriesAccumulator {
    /** Significant decimal digits of the latency histograms. */
    static final int LATENCY_DIGITS = 3;
    /** Most distinct error codes per series and bucket (more go to {@code _other}). */
    static final int MAX_ERROR_CODES = 32;

    private final int topK;

    long requests;
    long decodedRequests;
    long instances;
    long payloadBytes;
    final NamedCounts errors = new NamedCounts(MAX_ERROR_CODES);
    final Histogram latency = new Histogram(LATENCY_DIGITS);
    final Histogram modelLatency = new Histogram(LATENCY_DIGITS);

    long cells;
    long missingCells;
    long inputRequests;
    double requestMissingSum;
    private final Map<String, FeatureAccumulator> features = new LinkedHashMap<>();
    private Layout bound;
    private FeatureAccumulator[] slots;

    final OutputAccumulator outputs = new OutputAccumulator();
    final FeedbackAccumulator feedback = new FeedbackAccumulator();

    SeriesAccumulator(int topK) {
        this.topK = topK;
    }

    /** Records one request; {@code layout} is {@code null} when the schema is unknown. */
    void record(Layout layout, RequestObservation o, double lowConfidenceThreshold) {
        requests++;
        payloadBytes += Math.max(0, o.payloadBytes());
        String outcome = o.outcome();
        if (outcome != null && !"ok".equals(outcome)) {
            errors.increment(outcome);
        }
        latency.recordValue(Math.max(0, o.latencyNanos()) / 1000);
        if (o.modelNanos() > 0) {
            modelLatency.recordValue(o.modelNanos() / 1000);
        }
        if (o.batch() != null) {
            List<Object[]> rows = o.batch().rows();
            decodedRequests++;
            instances += rows.size();
            if (layout != null) {
                recordInputs(layout, rows);
            }
        }
        List<Prediction> answers = o.predictions();
        if (answers != null) {
            outputs.record(answers, lowConfidenceThreshold);
        }
    }

    private void recordInputs(Layout layout, List<Object[]> rows) {
        FeatureAccumulator[] fs = slotsFor(layout);
        int[] columns = layout.columns;
        int width = fs.length;
        int n = rows.size();
        if (width == 0 || n == 0) {
            return;
        }
        long missed = 0;
        for (int r = 0; r < n; r++) {
            Object[] row = rows.get(r);
            for (int s = 0; s < width; s++) {
                int c = columns[s];
                Object v = row != null && c < row.length ? row[c] : null;
                if (!fs[s].add(v, layout.declared[s])) {
                    missed++;
                }
            }
        }
        long total = (long) n * width;
        cells += total;
        missingCells += missed;
        inputRequests++;
        requestMissingSum += (double) missed / total;
    }

    private FeatureAccumulator[] slotsFor(Layout layout) {
        if (bound == layout) {
            return slots;
        }
        FeatureAccumulator[] fs = new FeatureAccumulator[layout.specs.length];
        for (int s = 0; s < fs.length; s++) {
            FeatureSpec spec = layout.specs[s];
            FeatureAccumulator f = features.get(spec.name());
            if (f == null || !f.accepts(spec)) {
                f = FeatureAccumulator.of(spec, topK);
                features.put(spec.name(), f);
            }
            fs[s] = f;
        }
        bound = layout;
        slots = fs;
        return fs;
    }

    void recordLabel(Prediction predicted, String trueLabel, Double trueValue) {
        feedback.label(predicted, trueLabel, trueValue);
    }

    void recordEvent(String event, double value) {
        feedback.event(event, value);
    }

    boolean isEmpty() {
        return requests == 0 && feedback.isEmpty();
    }

    /** Adds {@code o}'s statistics; a feature whose kind differs from ours is skipped. */
    void merge(SeriesAccumulator o) {
        requests += o.requests;
        decodedRequests += o.decodedRequests;
        instances += o.instances;
        payloadBytes += o.payloadBytes;
        errors.merge(o.errors);
        latency.add(o.latency);
        modelLatency.add(o.modelLatency);
        cells += o.cells;
        missingCells += o.missingCells;
        inputRequests += o.inputRequests;
        requestMissingSum += o.requestMissingSum;
        for (FeatureAccumulator theirs : o.features.values()) {
            FeatureAccumulator ours = features.get(theirs.name);
            if (ours == null) {
                ours = theirs.emptyCopy();
                features.put(theirs.name, ours);
            }
            if (ours.kind == theirs.kind) {
                ours.merge(theirs);
            }
        }
        outputs.merge(o.outputs);
        feedback.merge(o.feedback);
    }

    /** Empties the statistics but keeps the feature structure, for reuse by the same series. */
    void reset() {
        requests = 0;
        decodedRequests = 0;
        instances = 0;
        payloadBytes = 0;
        errors.reset();
        latency.reset();
        modelLatency.reset();
        cells = 0;
        missingCells = 0;
        inputRequests = 0;
        requestMissingSum = 0;
        features.values().forEach(FeatureAccumulator::reset);
        outputs.reset();
        feedback.reset();
    }

    SeriesStats snapshot(Duration window, double lowConfidenceThreshold) {
        Map<String, FeatureStats> fs = new LinkedHashMap<>();
        for (FeatureAccumulator f : features.values()) {
            fs.put(f.name, f.snapshot(topK));
        }
        return new SeriesStats(window, requests, decodedRequests, instances, errors.counts(),
                LatencySummary.of(latency), LatencySummary.of(modelLatency), payloadBytes, fs, cells, missingCells,
                inputRequests, requestMissingSum, outputs.snapshot(lowConfidenceThreshold),
                feedback.snapshot(requests));
    }

    void write(DataOutput out) throws IOException {
        out.writeLong(requests);
        out.writeLong(decodedRequests);
        out.writeLong(instances);
        out.writeLong(payloadBytes);
        errors.write(out);
        writeHistogram(latency, out);
        writeHistogram(modelLatency, out);
        out.writeLong(cells);
        out.writeLong(missingCells);
        out.writeLong(inputRequests);
        out.writeDouble(requestMissingSum);
        out.writeInt(features.size());
        for (FeatureAccumulator f : features.values()) {
            f.write(out);
        }
        outputs.write(out);
        feedback.write(out);
    }

    static SeriesAccumulator read(DataInput in, int topK) throws IOException {
        SeriesAccumulator a = new SeriesAccumulator(topK);
        a.requests = in.readLong();
        a.decodedRequests = in.readLong();
        a.instances = in.readLong();
        a.payloadBytes = in.readLong();
        a.errors.readInto(in);
        readHistogram(in, a.latency);
        readHistogram(in, a.modelLatency);
        a.cells = in.readLong();
        a.missingCells = in.readLong();
        a.inputRequests = in.readLong();
        a.requestMissingSum = in.readDouble();
        int n = in.readInt();
        if (n < 0 || n > 100_000) {
            throw new IOException("bad feature count " + n);
        }
        for (int i = 0; i < n; i++) {
            FeatureAccumulator f = FeatureAccumulator.read(in);
            a.features.put(f.name, f);
        }
        a.outputs.readInto(in);
        a.feedback.readInto(in);
        return a;
    }

    private static void writeHistogram(Histogram h, DataOutput out) throws IOException {
        if (h.getTotalCount() == 0) {
            out.writeInt(0);
            return;
        }
        ByteBuffer buf = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int len = h.encodeIntoCompressedByteBuffer(buf);
        out.writeInt(len);
        out.write(buf.array(), 0, len);
    }

    private static void readHistogram(DataInput in, Histogram into) throws IOException {
        byte[] b = BucketCodec.readBlob(in);
        if (b.length == 0) {
            return;
        }
        try {
            into.add(Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(b), 0));
        } catch (DataFormatException | RuntimeException e) {
            throw new IOException("corrupt latency histogram", e);
        }
    }
}
