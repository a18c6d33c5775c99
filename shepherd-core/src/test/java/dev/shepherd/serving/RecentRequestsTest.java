package dev.shepherd.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shepherd.predictionlog.PredictionEvent;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RecentRequestsTest {
    private static PredictionEvent event(String id) {
        return new PredictionEvent(id, Instant.EPOCH, "d", "m", "v1", 1, "ok", 1, null, "[]");
    }

    @Test
    void keepsTheLastCapacityRequestsAndEvictsTheOldest() {
        RecentRequests recent = new RecentRequests(4);
        for (int i = 0; i < 6; i++) {
            recent.add(event("r" + i));
        }
        assertThat(recent.find("r0")).isEmpty();
        assertThat(recent.find("r1")).isEmpty();
        assertThat(recent.find("r2")).get().extracting(PredictionEvent::requestId).isEqualTo("r2");
        assertThat(recent.find("r5")).isPresent();
        assertThat(recent.find(null)).isEmpty();
    }

    @Test
    void aRetriedIdKeepsItsNewestEventWhenTheOlderOneIsEvicted() {
        RecentRequests recent = new RecentRequests(2);
        recent.add(event("same"));
        PredictionEvent newer = event("same");
        recent.add(newer);
        recent.add(event("other")); // evicts the first "same", which must not remove the newer one
        assertThat(recent.find("same")).containsSame(newer);
    }
}
