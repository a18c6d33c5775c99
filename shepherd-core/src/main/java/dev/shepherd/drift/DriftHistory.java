package dev.shepherd.drift;

import java.time.Instant;
import java.util.List;

/**
 * Live drift results over time, durable: one entry per deployment, window and evaluation.
 * Thread-safe.
 */
public interface DriftHistory {

    /**
     * One evaluation.
     *
     * @param deployment the deployment
     * @param version    the serving version whose traffic was compared
     * @param window     the window length, in the duration syntax ({@code 1h})
     * @param at         when it was computed
     * @param share      share of drifted features
     * @param detected   whether the dataset drifted
     * @param reportJson the report ({@link DriftJson#report})
     */
    record Entry(String deployment, String version, String window, Instant at, double share, boolean detected,
                 String reportJson) {
    }

    void append(Entry e);

    /** Entries of the deployment with {@code at} in {@code [from, to)}, oldest first, at most {@code limit}. */
    List<Entry> list(String deployment, Instant from, Instant to, int limit);
}
