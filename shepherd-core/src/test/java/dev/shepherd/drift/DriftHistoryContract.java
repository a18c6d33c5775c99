package dev.shepherd.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shepherd.drift.DriftHistory.Entry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link DriftHistory} must have. Subclass it per implementation. Times are
 * whole milliseconds; entries are appended in time order, as a clock-driven evaluator appends them.
 */
public abstract class DriftHistoryContract {
    protected static final Instant T0 = Instant.parse("2026-03-01T12:00:00.654Z");
    private static final Instant FAR_FUTURE = T0.plusSeconds(365L * 24 * 3600);

    protected DriftHistory history;

    /** A new, empty history; called before every test. */
    protected abstract DriftHistory createHistory();

    @BeforeEach
    void setUpHistory() {
        history = createHistory();
    }

    /** An evaluation of {@code deployment}'s one-hour window at {@code at}. */
    protected static Entry entry(String deployment, Instant at, double share, boolean detected) {
        return new Entry(deployment, "v1", "1h", at, share, detected,
                "{\"share\":" + share + ",\"dataset_drift\":" + detected + "}");
    }

    @Test
    void appendedEntriesAreListedOldestFirst() {
        Entry first = entry("loan-default", T0, 0.0, false);
        Entry second = entry("loan-default", T0.plusSeconds(60), 0.25, false);
        Entry third = entry("loan-default", T0.plusSeconds(120), 0.75, true);
        history.append(first);
        history.append(second);
        history.append(third);

        assertThat(history.list("loan-default", T0, T0.plusSeconds(180), 100)).containsExactly(first, second, third);
    }

    @Test
    void everyFieldRoundTrips() {
        Entry drifted = new Entry("loan-default", "v2", "15m", T0, 0.375, true,
                "{\"features\":[{\"name\":\"income \\\"net\\\"\",\"p_value\":1.0E-12,\"note\":\"é→∞\"}],"
                        + "\"share\":0.375}");
        Entry quiet = new Entry("loan-default", "v3", "1d", T0.plusMillis(1), 0.0, false, "{}");
        Entry all = new Entry("loan-default", "v3", "30s", T0.plusMillis(2), 1.0, true, "{\"share\":1.0}");
        history.append(drifted);
        history.append(quiet);
        history.append(all);

        List<Entry> listed = history.list("loan-default", T0, T0.plusSeconds(1), 10);

        assertThat(listed).containsExactly(drifted, quiet, all);
        assertThat(listed.get(0).share()).isEqualTo(0.375);
        assertThat(listed.get(0).detected()).isTrue();
        assertThat(listed.get(0).window()).isEqualTo("15m");
        assertThat(listed.get(0).version()).isEqualTo("v2");
        assertThat(listed.get(0).reportJson()).isEqualTo(drifted.reportJson());
        assertThat(listed.get(1).detected()).isFalse();
    }

    @Test
    void otherDeploymentsAreExcluded() {
        Entry mine = entry("loan-default", T0, 0.1, false);
        history.append(entry("churn", T0, 0.9, true));
        history.append(mine);
        history.append(entry("loan-default-eu", T0.plusMillis(1), 0.5, true));
        history.append(entry("loan", T0.plusMillis(2), 0.5, true));

        assertThat(history.list("loan-default", T0, FAR_FUTURE, 100)).containsExactly(mine);
        assertThat(history.list("unknown", T0, FAR_FUTURE, 100)).isEmpty();
    }

    @Test
    void fromIsInclusiveAndToExclusive() {
        Instant from = T0.plusSeconds(60);
        Instant to = T0.plusSeconds(120);
        Entry before = entry("d", from.minusMillis(1), 0.1, false);
        Entry atFrom = entry("d", from, 0.2, false);
        Entry lastInside = entry("d", to.minusMillis(1), 0.3, false);
        Entry atTo = entry("d", to, 0.4, false);
        history.append(before);
        history.append(atFrom);
        history.append(lastInside);
        history.append(atTo);

        assertThat(history.list("d", from, to, 100)).containsExactly(atFrom, lastInside);
        assertThat(history.list("d", from, from, 100)).isEmpty();
        assertThat(history.list("d", to, to.plusMillis(1), 100)).containsExactly(atTo);
    }

    @Test
    void limitKeepsTheOldestEntriesOfTheRange() {
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Entry e = entry("d", T0.plusSeconds(60L * i), i / 10.0, false);
            entries.add(e);
            history.append(e);
        }

        assertThat(history.list("d", T0, FAR_FUTURE, 2)).containsExactly(entries.get(0), entries.get(1));
        assertThat(history.list("d", T0.plusSeconds(60), FAR_FUTURE, 3))
                .containsExactly(entries.get(1), entries.get(2), entries.get(3));
        assertThat(history.list("d", T0, FAR_FUTURE, 5)).containsExactlyElementsOf(entries);
        assertThat(history.list("d", T0, FAR_FUTURE, 0)).isEmpty();
    }

    @Test
    void entriesOfOneInstantKeepTheirAppendOrder() {
        // one evaluation tick records every window of a deployment at the same instant
        Entry hour = new Entry("d", "v1", "1h", T0, 0.5, true, "{\"w\":\"1h\"}");
        Entry day = new Entry("d", "v1", "1d", T0, 0.0, false, "{\"w\":\"1d\"}");
        Entry week = new Entry("d", "v1", "7d", T0, 0.25, false, "{\"w\":\"7d\"}");
        history.append(hour);
        history.append(day);
        history.append(week);

        assertThat(history.list("d", T0, T0.plusMillis(1), 10)).containsExactly(hour, day, week);
    }
}
