package dev.shepherd.predictionlog;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link PredictionLog} that queues events in a bounded queue and writes them to a
 * {@link PredictionSink} in batches from one background thread. Requests never wait: a full queue
 * drops the event and counts it. A failing sink loses that batch (counted as {@code failed}) and
 * the writer keeps going.
 *
 * <p>Defaults: capacity 10,000 events, batches of at most 500, flushed at least every 200 ms,
 * payload sample rate 1.0.
 */
public final class BatchingPredictionLog implements PredictionLog {
    private static final Logger LOG = LoggerFactory.getLogger(BatchingPredictionLog.class);

    private final BlockingQueue<PredictionEvent> queue;
    private final PredictionSink sink;
    private final int maxBatch;
    private final long flushMillis;
    private final double sampleRate;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Thread writer;
    private volatile boolean running = true;

    /**
     * @param sink        destination
     * @param capacity    queue capacity in events (&gt; 0)
     * @param maxBatch    largest batch handed to the sink (&gt; 0)
     * @param flushMillis longest time an event waits before a flush, milliseconds
     * @param sampleRate  share of requests whose inputs and outputs are recorded, 0..1
     */
    public BatchingPredictionLog(PredictionSink sink, int capacity, int maxBatch, long flushMillis, double sampleRate) {
        if (capacity <= 0 || maxBatch <= 0 || flushMillis <= 0 || sampleRate < 0 || sampleRate > 1) {
            throw new IllegalArgumentException("invalid prediction log settings");
        }
        this.sink = sink;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.maxBatch = maxBatch;
        this.flushMillis = flushMillis;
        this.sampleRate = sampleRate;
        this.writer = Thread.ofPlatform().daemon().name("shepherd-prediction-log").start(this::run);
    }

    public BatchingPredictionLog(PredictionSink sink) {
        this(sink, 10_000, 500, 200, 1.0);
    }

    @Override
    public boolean offer(PredictionEvent event) {
        if (running && queue.offer(event)) {
            accepted.incrementAndGet();
            return true;
        }
        dropped.incrementAndGet();
        return false;
    }

    @Override
    public boolean samplePayload() {
        return sampleRate >= 1.0 || (sampleRate > 0 && ThreadLocalRandom.current().nextDouble() < sampleRate);
    }

    @Override
    public Stats stats() {
        return new Stats(accepted.get(), dropped.get(), written.get(), failed.get());
    }

    private void run() {
        List<PredictionEvent> batch = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                PredictionEvent first = queue.poll(flushMillis, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                flush(batch);
            } catch (InterruptedException e) {
                running = false;
            }
        }
        queue.drainTo(batch);
        flush(batch);
    }

    private void flush(List<PredictionEvent> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            sink.write(batch);
            written.addAndGet(batch.size());
        } catch (Exception | LinkageError | AssertionError e) {
            // A sink bug must not kill the writer: the queue would fill and every later event drop.
            failed.addAndGet(batch.size());
            LOG.warn("prediction log: lost a batch of {} events: {}", batch.size(), e.toString());
        }
        batch.clear();
    }

    /**
     * Stops accepting events, waits up to 10 s for the writer to flush what is queued, then
     * returns. An event offered while {@code close} runs may be dropped. Idempotent.
     */
    @Override
    public synchronized void close() {
        running = false;
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!writer.isAlive()) {
            // an offer that passed the running check just before close may have queued after the
            // writer's last drain; the writer is gone, so this thread is now the only writer
            List<PredictionEvent> rest = new ArrayList<>();
            queue.drainTo(rest);
            flush(rest);
        } else {
            LOG.warn("prediction log: writer still busy after 10 s, {} queued events not flushed", queue.size());
        }
    }
}
