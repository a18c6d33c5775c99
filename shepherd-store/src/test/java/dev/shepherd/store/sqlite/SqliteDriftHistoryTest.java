package dev.shepherd.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shepherd.drift.DriftHistory;
import dev.shepherd.drift.DriftHistory.Entry;
import dev.shepherd.drift.DriftHistoryContract;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteDriftHistoryTest extends DriftHistoryContract {
    @TempDir
    Path dir;
    private SqliteStore sqlite;

    @Override
    protected DriftHistory createHistory() {
        sqlite = SqliteStore.open(dir);
        return sqlite.driftHistory();
    }

    @AfterEach
    void closeStore() {
        sqlite.close();
    }

    @Test
    void entriesSurviveARestart() {
        Entry first = entry("loan-default", T0, 0.125, false);
        Entry second = entry("loan-default", T0.plusSeconds(60), 0.5, true);
        history.append(first);
        history.append(second);

        sqlite.close();
        sqlite = SqliteStore.open(dir);

        assertThat(sqlite.driftHistory().list("loan-default", T0, T0.plusSeconds(61), 10))
                .containsExactly(first, second);
    }

    @Test
    void boundsInsideAMillisecondRoundUpAndUnboundedRangesWork() {
        Entry e = entry("d", T0, 0.5, true);
        history.append(e);

        assertThat(history.list("d", T0.minusNanos(1), T0.plusNanos(1), 10)).containsExactly(e);
        assertThat(history.list("d", T0.plusNanos(1), T0.plusSeconds(1), 10)).isEmpty();
        assertThat(history.list("d", Instant.MIN, Instant.MAX, 10)).containsExactly(e);
        assertThat(history.list("d", T0, T0.plusSeconds(1), -1)).isEmpty();
    }
}
