package dev.shepherd.automation;

import dev.shepherd.review.ReviewCase;
import dev.shepherd.review.ReviewItem;
import dev.shepherd.review.ReviewQueue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the review queue says about a deployment: its backlog now, and over a trailing window the
 * decisions people made and how often they matched the model. This is the evidence for moving a
 * deployment up (or down) the ladder:
 * <ul>
 *   <li>{@code shadow} items measure the model's accuracy against people, blind;</li>
 *   <li>{@code assist} and {@code low_confidence} items measure how often people accept the
 *       suggestion they were shown;</li>
 *   <li>{@code audit} items estimate the accuracy of the decisions the model made alone.</li>
 * </ul>
 * Rates are weighted by each item's weight (an audit sample stands for {@code 1/share} cases).
 * Reads the queue on each call, at most {@value #MAX_ITEMS} decisions per window. Thread-safe.
 */
public final class ReviewStats {
    /** Most decisions read for one window. */
    public static final int MAX_ITEMS = 200_000;

    private final ReviewQueue queue;
    private final Clock clock;

    public ReviewStats(ReviewQueue queue, Clock clock) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The backlog now.
     *
     * @param open             items waiting for a reviewer (including lapsed claims)
     * @param held             items under a live claim
     * @param oldestAgeSeconds age of the oldest waiting item, seconds (0 when none)
     */
    public record Backlog(long open, long held, double oldestAgeSeconds) {
    }

    /**
     * Decisions of one reason over the window.
     *
     * @param decided         items decided
     * @param withSuggestion  those with a model answer to compare with
     * @param agreement       weighted share of those where people chose the model's class, or {@code NaN}
     */
    public record ByReason(long decided, long withSuggestion, double agreement) {
    }

    /**
     * The window's decisions.
     *
     * @param window             the trailing window
     * @param decided            decisions made in it
     * @param decisionsPerMinute decided / window minutes
     * @param agreement          human–model agreement over every decision with a model answer
     *                           (weighted), or {@code NaN}
     * @param automatedAccuracy  estimated accuracy of the model's own decisions (audit items), or {@code NaN}
     * @param byReason           per reason, in the ladder's order
     */
    public record Window(Duration window, long decided, double decisionsPerMinute, double agreement,
                         double automatedAccuracy, Map<String, ByReason> byReason) {
    }

    public Backlog backlog(String deployment) {
        Instant now = clock.instant();
        double age = queue.oldestOpen(deployment, now).map(t -> Duration.between(t, now).toMillis() / 1000.0).orElse(0.0);
        return new Backlog(queue.open(deployment, now), queue.held(deployment, now), Math.max(0, age));
    }

    public Window window(String deployment, Duration window) {
        Instant now = clock.instant();
        List<ReviewItem> items = queue.decided(deployment, now.minus(window), now.plusMillis(1), MAX_ITEMS);
        Map<String, double[]> acc = new LinkedHashMap<>(); // reason -> decided, with, weight, agreed weight
        for (String r : List.of(ReviewCase.HUMAN, ReviewCase.SHADOW, ReviewCase.ASSIST, ReviewCase.LOW_CONFIDENCE,
                ReviewCase.AUDIT)) {
            acc.put(r, new double[4]);
        }
        double w = 0;
        double agreed = 0;
        for (ReviewItem i : items) {
            double[] a = acc.get(i.task().reason());
            a[0]++;
            if (i.suggestion() != null) {
                double wi = i.task().weight();
                a[1]++;
                a[2] += wi;
                a[3] += i.agreed() ? wi : 0;
                w += wi;
                agreed += i.agreed() ? wi : 0;
            }
        }
        Map<String, ByReason> byReason = new LinkedHashMap<>();
        acc.forEach((r, a) -> byReason.put(r, new ByReason((long) a[0], (long) a[1], a[2] > 0 ? a[3] / a[2] : Double.NaN)));
        double minutes = window.toMillis() / 60_000.0;
        return new Window(window, items.size(), items.size() / minutes, w > 0 ? agreed / w : Double.NaN,
                byReason.get(ReviewCase.AUDIT).agreement(), byReason);
    }

    /**
     * The labelled cases of the window for the {@link ThresholdAdvisor}: decided items with the
     * model's class and confidence, weighted.
     */
    public List<ThresholdAdvisor.Case> cases(String deployment, Duration window) {
        Instant now = clock.instant();
        List<ThresholdAdvisor.Case> out = new ArrayList<>();
        for (ReviewItem i : queue.decided(deployment, now.minus(window), now.plusMillis(1), MAX_ITEMS)) {
            double c = i.confidence();
            if (i.suggestion() != null && Double.isFinite(c) && c >= 0 && c <= 1) {
                out.add(new ThresholdAdvisor.Case(c, i.suggestion(), i.decision(), i.task().weight()));
            }
        }
        return out;
    }
}
