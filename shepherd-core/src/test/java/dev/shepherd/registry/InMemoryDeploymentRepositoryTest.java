package dev.shepherd.registry;

class InMemoryDeploymentRepositoryTest extends DeploymentRepositoryContract {
    @Override
    protected DeploymentRepository createRepository() {
        return new InMemoryDeploymentRepository();
    }
}
