package dev.shepherd.store;

import dev.shepherd.monitor.MetricsStore;
import dev.shepherd.monitor.MetricsStoreContract;

class InMemoryMetricsStoreTest extends MetricsStoreContract {
    @Override
    protected MetricsStore createStore() {
        return new InMemoryMetricsStore();
    }
}
