package dev.shepherd.automation;

import dev.shepherd.feedback.FeedbackService;
import dev.shepherd.serving.Gateway;
import java.time.Clock;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/**
 * The automation ladder's parts over one gateway and store, wired together: the router
 * ({@link Automation}), the reviewers' desk ({@link ReviewDesk}) and the evidence
 * ({@link ReviewStats}). Owns the shadow-level executor (2 threads, 1,024 queued calls), the
 * audit writer (1 thread, 10,000 queued samples) and the callback sender; {@link #close} stops
 * them, writing the audit samples already queued. Thread-safe.
 */
public final class AutomationLayer implements AutoCloseable {
    /** Queued shadow-level model calls before new ones are dropped (counted). */
    public static final int SHADOW_QUEUE = 1024;
    /** Audit samples waiting to be written before new ones are dropped (counted). */
    public static final int AUDIT_QUEUE = 10_000;

    private final Automation automation;
    private final ReviewDesk desk;
    private final ReviewStats stats;
    private final HttpCallbacks callbacks;
    private final ThreadPoolExecutor shadowPool;
    private final ThreadPoolExecutor auditWriter;

    private AutomationLayer(Gateway gateway, FeedbackService feedback, Clock clock, DoubleSupplier uniform,
                            boolean privateCallbacks) {
        AutomationCounters counters = new AutomationCounters();
        this.callbacks = new HttpCallbacks(privateCallbacks);
        this.shadowPool = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(SHADOW_QUEUE), r -> {
            Thread t = new Thread(r, "shepherd-automation-shadow");
            t.setDaemon(true);
            return t;
        });
        this.auditWriter = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(AUDIT_QUEUE), r -> {
            Thread t = new Thread(r, "shepherd-automation-audit");
            t.setDaemon(true);
            return t;
        });
        AutomationSettings settings = new AutomationSettings(gateway, gateway.store().automation(), clock);
        this.automation = new Automation(gateway, gateway.store().reviews(), settings, counters, clock, uniform, shadowPool,
                auditWriter);
        this.desk = new ReviewDesk(gateway, gateway.store().reviews(), feedback, counters, callbacks, clock);
        this.stats = new ReviewStats(gateway.store().reviews(), clock);
    }

    /**
     * The layer over {@code gateway}'s store; {@code feedback} may be {@code null} (decisions are
     * then not labels). Callbacks to private addresses are refused.
     */
    public static AutomationLayer create(Gateway gateway, FeedbackService feedback, Clock clock) {
        return create(gateway, feedback, clock, false);
    }

    /** As {@link #create(Gateway, FeedbackService, Clock)}; {@code privateCallbacks} lets callbacks reach private addresses. */
    public static AutomationLayer create(Gateway gateway, FeedbackService feedback, Clock clock, boolean privateCallbacks) {
        return new AutomationLayer(gateway, feedback, clock, () -> ThreadLocalRandom.current().nextDouble(),
                privateCallbacks);
    }

    /** As {@link #create(Gateway, FeedbackService, Clock, boolean)}, with audit draws from {@code uniform} (seeded in tests). */
    public static AutomationLayer create(Gateway gateway, FeedbackService feedback, Clock clock, DoubleSupplier uniform,
                                         boolean privateCallbacks) {
        return new AutomationLayer(gateway, feedback, clock, uniform, privateCallbacks);
    }

    public Automation automation() {
        return automation;
    }

    public AutomationSettings settings() {
        return automation.settings();
    }

    public AutomationCounters counters() {
        return automation.counters();
    }

    public ReviewDesk desk() {
        return desk;
    }

    public ReviewStats stats() {
        return stats;
    }

    public HttpCallbacks callbacks() {
        return callbacks;
    }

    @Override
    public void close() {
        shadowPool.shutdown();
        auditWriter.shutdown();
        try {
            auditWriter.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        callbacks.close();
    }
}
