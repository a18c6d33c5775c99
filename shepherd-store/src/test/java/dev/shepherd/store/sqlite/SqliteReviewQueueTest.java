package dev.shepherd.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shepherd.review.ReviewItem;
import dev.shepherd.review.ReviewQueue;
import dev.shepherd.review.ReviewQueueContract;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteReviewQueueTest extends ReviewQueueContract {
    @TempDir
    Path dir;
    private SqliteStore store;

    @Override
    protected ReviewQueue queue() {
        store = SqliteStore.open(dir);
        return store.reviews();
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void aRestartKeepsTheQueueAndEveryDecision() {
        ReviewQueue q = queue();
        q.enqueue(ReviewItem.open("a", "loans", "r1", "[{}]", "repaid", 0.55, "low_confidence", 1, T0));
        q.enqueue(ReviewItem.open("b", "loans", "r2", "[{}]", null, Double.NaN, "human", 0, T0));
        q.claimNext("loans", "ann", Duration.ofMinutes(5), T0);
        ReviewItem decided = q.decide("a", "ann", "default", "sure", T0.plusSeconds(10));
        store.close();
        store = SqliteStore.open(dir);
        assertThat(store.reviews().find("a")).contains(decided);
        assertThat(store.reviews().find("b").orElseThrow().confidence()).isNaN();
        assertThat(store.reviews().open("loans", T0.plusSeconds(20))).isEqualTo(1);
    }
}
