package dev.shepherd.store.sqlite;

import dev.shepherd.registry.DeploymentRepository;
import dev.shepherd.registry.DeploymentRepositoryContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class SqliteDeploymentRepositoryTest extends DeploymentRepositoryContract {
    @TempDir
    Path dir;
    private SqliteStore store;

    @Override
    protected DeploymentRepository createRepository() {
        store = SqliteStore.open(dir);
        return store.deployments();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }
}
