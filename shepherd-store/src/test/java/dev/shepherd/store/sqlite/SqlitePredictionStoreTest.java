package dev.shepherd.store.sqlite;

import dev.shepherd.predictionlog.PredictionStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class SqlitePredictionStoreTest extends PredictionStoreContract {
    @TempDir
    Path dir;
    private SqliteStore store;

    @Override
    protected Target createStore() {
        store = SqliteStore.open(dir);
        return new Target(store.predictionSink(), store.predictions());
    }

    @AfterEach
    void closeStore() {
        store.close();
    }
}
