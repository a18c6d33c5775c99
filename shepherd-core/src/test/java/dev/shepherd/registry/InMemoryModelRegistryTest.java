package dev.shepherd.registry;

class InMemoryModelRegistryTest extends ModelRegistryContract {
    @Override
    protected ModelRegistry createRegistry() {
        return new InMemoryModelRegistry();
    }
}
