package dev.shepherd.predictionlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryPredictionStoreTest extends PredictionStoreContract {
    @Override
    protected Target createStore() {
        return Target.of(new InMemoryPredictionStore());
    }

    @Test
    void forgetsTheOldestEventsBeyondItsCapacity() {
        InMemoryPredictionStore small = new InMemoryPredictionStore(2);
        small.write(List.of(event("a", "d", T0), event("b", "d", T0.plusMillis(1)), event("c", "d", T0.plusMillis(2))));

        assertThat(small.find("a")).isEmpty();
        assertThat(small.recent("d", 10)).extracting(PredictionEvent::requestId).containsExactly("c", "b");
    }

    @Test
    void evictingAnOldDuplicateKeepsTheNewerEventFindable() {
        InMemoryPredictionStore small = new InMemoryPredictionStore(2);
        small.write(List.of(event("dup", "d", T0), event("dup", "d", T0.plusMillis(1)), event("x", "d", T0.plusMillis(2))));

        assertThat(small.find("dup")).map(PredictionEvent::time).contains(T0.plusMillis(1));
    }

    @Test
    void rejectsANonPositiveCapacity() {
        assertThatThrownBy(() -> new InMemoryPredictionStore(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
