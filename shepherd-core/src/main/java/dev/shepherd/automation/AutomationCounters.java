package dev.shepherd.automation;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts of what automation did, per deployment, since start (for {@code /metrics}). Thread-safe.
 */
public final class AutomationCounters {
    private final Map<String, Counts> byDeployment = new ConcurrentHashMap<>();

    /** One deployment's counts. */
    public static final class Counts {
        /** Instances the model answered by itself. */
        public final LongAdder answered = new LongAdder();
        /** Instances sent to people, by reason ({@link dev.shepherd.review.ReviewCase} reasons). */
        public final Map<String, LongAdder> reviewed = new ConcurrentHashMap<>();
        /** Decisions made, by reason. */
        public final Map<String, LongAdder> decided = new ConcurrentHashMap<>();
        /** Decisions equal to the model's suggestion, by reason. */
        public final Map<String, LongAdder> agreed = new ConcurrentHashMap<>();
        /** Items skipped. */
        public final LongAdder skipped = new LongAdder();
        /** Shadow-level model calls not run because their executor was full. */
        public final LongAdder shadowDropped = new LongAdder();
        /** Shadow-level model calls that failed. */
        public final LongAdder shadowFailed = new LongAdder();
        /** Audit samples not queued (their writer was full, or the store failed). */
        public final LongAdder auditDropped = new LongAdder();
        /** Requests sent to people because the model failed (assist, partial). */
        public final LongAdder modelFailed = new LongAdder();

        void reviewed(String reason, long n) {
            if (n > 0) {
                reviewed.computeIfAbsent(reason, k -> new LongAdder()).add(n);
            }
        }

        void decided(String reason, boolean agreedWithModel) {
            decided.computeIfAbsent(reason, k -> new LongAdder()).increment();
            if (agreedWithModel) {
                agreed.computeIfAbsent(reason, k -> new LongAdder()).increment();
            }
        }
    }

    /** The deployment's counts (created empty on first use). */
    public Counts of(String deployment) {
        return byDeployment.computeIfAbsent(deployment, k -> new Counts());
    }

    /** Deployments with counts. */
    public Set<String> deployments() {
        return byDeployment.keySet();
    }
}
