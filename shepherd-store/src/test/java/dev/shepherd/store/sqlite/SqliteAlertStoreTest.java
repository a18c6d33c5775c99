package dev.shepherd.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shepherd.alert.AlertState;
import dev.shepherd.alert.AlertStore;
import dev.shepherd.alert.AlertStoreContract;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteAlertStoreTest extends AlertStoreContract {
    @TempDir
    Path dir;
    private SqliteStore store;

    @Override
    protected AlertStore store() {
        store = SqliteStore.open(dir);
        return store.alerts();
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void aFiringAlertSurvivesReopening() {
        AlertState firing = new AlertState("nulls", "loans", AlertState.State.FIRING, Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-01-01T00:05:00Z"), null, 0.3, "firing", null, null);
        store().save(firing, null);
        store.close();
        store = SqliteStore.open(dir);
        assertThat(store.alerts().find("nulls", "loans")).contains(firing);
        assertThat(store.alerts().active()).containsExactly(firing);
    }
}
