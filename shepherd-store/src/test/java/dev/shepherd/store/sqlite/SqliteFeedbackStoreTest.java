package dev.shepherd.store.sqlite;

import dev.shepherd.feedback.FeedbackStore;
import dev.shepherd.feedback.FeedbackStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class SqliteFeedbackStoreTest extends FeedbackStoreContract {
    @TempDir
    Path dir;
    private SqliteStore store;

    @Override
    protected FeedbackStore createStore() {
        store = SqliteStore.open(dir);
        return store.feedback();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }
}
