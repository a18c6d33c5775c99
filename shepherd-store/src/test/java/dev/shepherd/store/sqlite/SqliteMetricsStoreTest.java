package dev.shepherd.store.sqlite;

import dev.shepherd.monitor.MetricsStore;
import dev.shepherd.monitor.MetricsStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class SqliteMetricsStoreTest extends MetricsStoreContract {
    @TempDir
    Path dir;
    private SqliteStore store;

    @Override
    protected MetricsStore createStore() {
        store = SqliteStore.open(dir);
        return store.metrics();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }
}
