package dev.shepherd.drift;

import org.junit.jupiter.api.Nested;

/** {@link InMemoryDriftStores} against both drift contracts. */
class InMemoryDriftStoresTest {

    @Nested
    class References extends ReferenceStoreContract {
        @Override
        protected ReferenceStore createStore() {
            return new InMemoryDriftStores();
        }
    }

    @Nested
    class History extends DriftHistoryContract {
        @Override
        protected DriftHistory createHistory() {
            return new InMemoryDriftStores();
        }
    }
}
