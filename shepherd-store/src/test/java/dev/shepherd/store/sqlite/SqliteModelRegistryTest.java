package dev.shepherd.store.sqlite;

import dev.shepherd.registry.ModelRegistry;
import dev.shepherd.registry.ModelRegistryContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class SqliteModelRegistryTest extends ModelRegistryContract {
    @TempDir
    Path dir;
    private SqliteStore store;

    @Override
    protected ModelRegistry createRegistry() {
        store = SqliteStore.open(dir);
        return store.models();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }
}
