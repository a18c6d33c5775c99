package dev.shepherd.registry;

import java.util.List;
import java.util.Optional;

/** Where deployments are recorded. Thread-safe; {@code put} replaces a deployment of the same name. */
public interface DeploymentRepository {

    void put(Deployment deployment);

    Optional<Deployment> find(String name);

    /** Every deployment, ordered by name. */
    List<Deployment> list();

    /** Removes the deployment; returns whether it existed. */
    boolean delete(String name);
}
