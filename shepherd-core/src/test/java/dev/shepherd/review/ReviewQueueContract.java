package dev.shepherd.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shepherd.error.ConflictException;
import dev.shepherd.error.NotFoundException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What every {@link ReviewQueue} must do. */
public abstract class ReviewQueueContract {
    protected static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private static final Duration LEASE = Duration.ofMinutes(5);

    protected abstract ReviewQueue queue();

    static ReviewItem item(String id, String deployment, int priority, Instant at) {
        return ReviewItem.open(id, deployment, "req-" + id, "[{\"income\": 48000}]", "repaid", 0.62, "low_confidence",
                priority, at);
    }

    @Test
    void itemsRoundTripAndAreClaimedByPriorityThenAge() {
        ReviewQueue q = queue();
        q.enqueue(item("a", "loans", 0, T0));
        q.enqueue(item("b", "loans", 0, T0.minusSeconds(60)));
        q.enqueue(item("c", "loans", 5, T0.plusSeconds(60)));
        q.enqueue(item("d", "other", 9, T0));
        assertThat(q.find("a")).contains(item("a", "loans", 0, T0));
        assertThat(q.find("zz")).isEmpty();
        assertThat(q.open("loans", T0)).isEqualTo(3);
        assertThat(q.oldestOpen("loans", T0)).contains(T0.minusSeconds(60));
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            order.add(q.claimNext("loans", "ann", LEASE, T0).orElseThrow().id());
        }
        assertThat(order).containsExactly("c", "b", "a");
        assertThat(q.claimNext("loans", "ann", LEASE, T0)).isEmpty();
        assertThat(q.open("loans", T0)).isZero();
        ReviewItem claimed = q.find("a").orElseThrow();
        assertThat(claimed.state()).isEqualTo(ReviewItem.State.CLAIMED);
        assertThat(claimed.claimedBy()).isEqualTo("ann");
        assertThat(claimed.leaseUntil()).isEqualTo(T0.plus(LEASE));
        assertThat(q.claimNext(null, "bob", LEASE, T0).orElseThrow().id()).isEqualTo("d");
    }

    @Test
    void pendingItemsAreListedInClaimOrderAndSuggestionsAttachLater() {
        ReviewQueue q = queue();
        ReviewCase c = new ReviewCase("s", "loans", "v2", "req-s", 3, "{\"income\": 1}", null, Double.NaN,
                ReviewCase.SHADOW, 2, 1.0, "http://example.test/hook", T0);
        q.enqueue(ReviewItem.open(c));
        q.enqueue(item("a", "loans", 0, T0.minusSeconds(5)));
        q.enqueue(item("b", "other", 0, T0));
        assertThat(q.find("s")).contains(ReviewItem.open(c));
        assertThat(q.pending("loans", 10)).extracting(ReviewItem::id).containsExactly("s", "a");
        assertThat(q.pending(null, 1)).extracting(ReviewItem::id).containsExactly("s");

        q.claimNext("loans", "ann", LEASE, T0);
        assertThat(q.held("loans", T0)).isEqualTo(1);
        assertThat(q.held("loans", T0.plus(LEASE))).as("a lapsed lease holds nothing").isZero();
        q.suggest("s", "repaid", 0.75, "v3");
        q.suggest("nope", "repaid", 0.75, "v3");
        ReviewItem s = q.find("s").orElseThrow();
        assertThat(s.state()).isEqualTo(ReviewItem.State.CLAIMED);
        assertThat(s.task()).isEqualTo(c.withSuggestion("repaid", 0.75, "v3"));
        q.decide("s", "ann", "default", null, T0.plusSeconds(1));
        assertThat(q.pending("loans", 10)).extracting(ReviewItem::id).containsExactly("a");
        assertThat(q.find("s").orElseThrow().agreed()).isFalse();
    }

    @Test
    void aBatchIsQueuedWholeOrNotAtAll() {
        ReviewQueue q = queue();
        q.enqueue(item("taken", "loans", 0, T0));
        assertThatThrownBy(() -> q.enqueueAll(List.of(item("b1", "loans", 0, T0), item("taken", "loans", 0, T0))))
                .isInstanceOf(ConflictException.class);
        assertThat(q.find("b1")).as("nothing of a failed batch stays").isEmpty();
        q.enqueueAll(List.of(item("b1", "loans", 0, T0), item("b2", "loans", 0, T0)));
        assertThat(q.open("loans", T0)).isEqualTo(3);
    }

    @Test
    void aReleasedItemIsOpenForAnyoneAgain() {
        ReviewQueue q = queue();
        q.enqueue(item("a", "loans", 0, T0));
        q.claimNext("loans", "ann", LEASE, T0);
        assertThatThrownBy(() -> q.release("a", "bob", T0)).isInstanceOf(ConflictException.class);
        ReviewItem r = q.release("a", "ann", T0.plusSeconds(1));
        assertThat(r.state()).isEqualTo(ReviewItem.State.OPEN);
        assertThat(r.claimedBy()).isNull();
        assertThat(q.open("loans", T0.plusSeconds(1))).isEqualTo(1);
        assertThat(q.claimNext("loans", "bob", LEASE, T0.plusSeconds(2)).orElseThrow().id()).isEqualTo("a");
        assertThatThrownBy(() -> q.release("zz", "bob", T0)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void aDecisionNeedsALiveClaimAndHappensOnce() {
        ReviewQueue q = queue();
        q.enqueue(item("a", "loans", 0, T0));
        assertThatThrownBy(() -> q.decide("a", "ann", "default", null, T0)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("claim it first");
        q.claimNext("loans", "ann", LEASE, T0);
        assertThatThrownBy(() -> q.decide("a", "bob", "default", null, T0)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("ann holds it");
        ReviewItem d = q.decide("a", "ann", "default", "clear case", T0.plusSeconds(30));
        assertThat(d.state()).isEqualTo(ReviewItem.State.DECIDED);
        assertThat(d.decision()).isEqualTo("default");
        assertThat(d.note()).isEqualTo("clear case");
        assertThat(d.decidedBy()).isEqualTo("ann");
        assertThat(q.find("a")).contains(d);
        assertThatThrownBy(() -> q.decide("a", "ann", "repaid", null, T0.plusSeconds(31))).isInstanceOf(ConflictException.class)
                .hasMessageContaining("already decided");
        assertThatThrownBy(() -> q.decide("zz", "ann", "x", null, T0)).isInstanceOf(NotFoundException.class);
        assertThat(q.decided("loans", T0, T0.plusSeconds(60), 10)).containsExactly(d);
        assertThat(q.decided("other", T0, T0.plusSeconds(60), 10)).isEmpty();
    }

    @Test
    void aLapsedLeasePutsTheItemBack() {
        ReviewQueue q = queue();
        q.enqueue(item("a", "loans", 0, T0));
        q.claimNext("loans", "ann", LEASE, T0);
        assertThat(q.claimNext("loans", "bob", LEASE, T0.plus(LEASE).minusSeconds(1))).isEmpty();
        ReviewItem again = q.claimNext("loans", "bob", LEASE, T0.plus(LEASE)).orElseThrow();
        assertThat(again.claimedBy()).isEqualTo("bob");
        assertThatThrownBy(() -> q.decide("a", "ann", "default", null, T0.plus(LEASE).plusSeconds(1)))
                .isInstanceOf(ConflictException.class);
        ReviewItem skipped = q.skip("a", "bob", "unreadable scan", T0.plus(LEASE).plusSeconds(2));
        assertThat(skipped.state()).isEqualTo(ReviewItem.State.SKIPPED);
        assertThat(q.open("loans", T0.plus(Duration.ofHours(1)))).isZero();
    }

    @Test
    void reviewersRacingForItemsEachGetDifferentOnesAndNothingIsDecidedTwice() throws Exception {
        ReviewQueue q = queue();
        int items = 40;
        for (int i = 0; i < items; i++) {
            q.enqueue(item("i" + i, "loans", 0, T0.plusMillis(i)));
        }
        int reviewers = 6;
        List<String> claimed = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger conflicts = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(reviewers);
        for (int r = 0; r < reviewers; r++) {
            String who = "r" + r;
            pool.submit(() -> {
                go.await();
                while (true) {
                    var next = q.claimNext("loans", who, LEASE, T0.plusSeconds(1));
                    if (next.isEmpty()) {
                        return null;
                    }
                    claimed.add(next.get().id());
                    q.decide(next.get().id(), who, "repaid", null, T0.plusSeconds(2));
                    try { // a second reviewer trying the same item must be refused
                        q.decide(next.get().id(), "intruder", "default", null, T0.plusSeconds(2));
                    } catch (ConflictException e) {
                        conflicts.incrementAndGet();
                    }
                }
            });
        }
        go.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(claimed).hasSize(items).doesNotHaveDuplicates();
        assertThat(conflicts.get()).isEqualTo(items);
        assertThat(q.decided("loans", T0, T0.plusSeconds(60), 1000)).hasSize(items)
                .allSatisfy(i -> assertThat(i.decision()).isEqualTo("repaid"));
    }
}
