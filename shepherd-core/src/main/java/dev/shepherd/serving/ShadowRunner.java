package dev.shepherd.serving;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The bounded executor of shadow copies: four daemon platform threads at the lowest operating-system
 * priority ({@link Niceness}) that run the copies' model calls themselves, together held to
 * {@link #CPU_BUDGET} of a core, and a bounded queue. A CPU-heavy candidate so takes a bounded
 * share of the machine, yields it to requests, and never takes the carrier threads requests run
 * on. A copy offered when the queue is full is dropped and counted;
 * the request that offered it never waits. Thread-safe.
 */
final class ShadowRunner implements AutoCloseable {
    /** Worker threads: enough to overlap IO-bound candidates (remote models); CPU is bounded by {@link #CPU_BUDGET}. */
    static final int THREADS = 4;
    /** Copies waiting for a worker before new ones are dropped. */
    static final int QUEUE = 1024;
    /**
     * Share of one core all workers together may spend computing copies (each worker a quarter of
     * it): after a copy that used {@code t} of CPU time, a worker rests {@code t (1 − b) / b} for its
     * share {@code b}. An IO-bound candidate (a remote model) uses almost no CPU and is not slowed;
     * a CPU-heavy one is held to this share, and the copies it cannot take are dropped and counted.
     */
    static final double CPU_BUDGET = 0.25;
    private static final double WORKER_BUDGET = CPU_BUDGET / THREADS;
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();
    private static final boolean CPU_TIME = CPU.isCurrentThreadCpuTimeSupported();

    private final ThreadPoolExecutor pool;
    private final LongAdder submitted = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder failed = new LongAdder();

    ShadowRunner() {
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(THREADS, THREADS, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
            Thread t = new Thread(() -> {
                Niceness.background(); // only CPU time the request threads leave
                r.run();
            }, "shepherd-shadow-" + n.incrementAndGet());
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        }, new ThreadPoolExecutor.AbortPolicy());
    }

    /** Queues {@code task}; false (and counted as dropped) when the queue is full or closed. */
    boolean offer(Runnable task) {
        try {
            pool.execute(() -> budgeted(task));
            submitted.increment();
            return true;
        } catch (RejectedExecutionException e) {
            dropped.increment();
            return false;
        }
    }

    private static void budgeted(Runnable task) {
        long before = CPU_TIME ? CPU.getCurrentThreadCpuTime() : 0;
        try {
            task.run();
        } finally {
            if (CPU_TIME) {
                long used = CPU.getCurrentThreadCpuTime() - before;
                long rest = (long) (used * (1 - WORKER_BUDGET) / WORKER_BUDGET);
                if (rest > 50_000) {
                    java.util.concurrent.locks.LockSupport.parkNanos(rest);
                }
            }
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
