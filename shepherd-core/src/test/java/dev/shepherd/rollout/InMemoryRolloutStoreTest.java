package dev.shepherd.rollout;

class InMemoryRolloutStoreTest extends RolloutStoreContract {
    @Override
    protected RolloutStore createStore() {
        return new InMemoryRolloutStore();
    }
}
