package dev.shepherd.serving;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The bounded executor of shadow copies: a few daemon threads at minimum priority and a bounded
 * queue. A copy offered when the queue is full is dropped and counted; the request that offered it
 * never waits. Thread-safe.
 */
final class ShadowRunner implements AutoCloseable {
    /** Worker threads. */
    static final int THREADS = 4;
    /** Copies waiting for a worker before new ones are dropped. */
    static final int QUEUE = 1024;

    private final ThreadPoolExecutor pool;
    private final LongAdder submitted = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder failed = new LongAdder();

    ShadowRunner() {
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(THREADS, THREADS, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
            Thread t = new Thread(r, "shepherd-shadow-" + n.incrementAndGet());
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        }, new ThreadPoolExecutor.AbortPolicy());
    }

    /** Queues {@code task}; false (and counted as dropped) when the queue is full or closed. */
    boolean offer(Runnable task) {
        try {
            pool.execute(task);
            submitted.increment();
            return true;
        } catch (RejectedExecutionException e) {
            dropped.increment();
            return false;
        }
    }

    void failed() {
        failed.increment();
    }

    ShadowStats stats() {
        return new ShadowStats(submitted.sum(), dropped.sum(), failed.sum());
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
