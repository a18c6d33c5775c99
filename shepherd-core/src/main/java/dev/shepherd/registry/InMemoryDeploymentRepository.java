package dev.shepherd.registry;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** A {@link DeploymentRepository} held in memory, for tests, tools and the {@code InMemoryStore}. Thread-safe. */
public final class InMemoryDeploymentRepository implements DeploymentRepository {
    private final ConcurrentSkipListMap<String, Deployment> byName = new ConcurrentSkipListMap<>();

    @Override
    public void put(Deployment deployment) {
        Objects.requireNonNull(deployment, "deployment");
        byName.put(deployment.name(), deployment);
    }

    @Override
    public Optional<Deployment> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    @Override
    public List<Deployment> list() {
        return List.copyOf(byName.values());
    }

    @Override
    public boolean delete(String name) {
        return byName.remove(name) != null;
    }
}
