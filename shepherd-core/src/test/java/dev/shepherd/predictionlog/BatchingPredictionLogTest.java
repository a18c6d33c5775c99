package dev.shepherd.predictionlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class BatchingPredictionLogTest {
    private static final Duration DEADLINE = Duration.ofSeconds(5);

    private static PredictionEvent event(int i) {
        return new PredictionEvent("req-" + i, Instant.EPOCH.plusMillis(i), "d", "m", "v1", 1_000, "ok", 1, null, null);
    }

    /** A sink that records every batch it is handed; thread-safe. */
    private static final class RecordingSink implements PredictionSink {
        final List<PredictionEvent> events = Collections.synchronizedList(new ArrayList<>());
        final List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void write(List<PredictionEvent> batch) {
            batchSizes.add(batch.size());
            events.addAll(batch);
        }
    }

    @Test
    void offerNeverBlocksWhenTheSinkIsSlowAndCountsDrops() throws Exception {
        CountDownLatch sinkEntered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        RecordingSink recorded = new RecordingSink();
        PredictionSink stuck = batch -> {
            sinkEntered.countDown();
            try {
                release.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            recorded.write(batch);
        };
        BatchingPredictionLog log = new BatchingPredictionLog(stuck, 4, 1, 10, 1.0);
        try {
            assertThat(log.offer(event(0))).isTrue();
            assertThat(sinkEntered.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

            int[] refused = {0};
            assertTimeoutPreemptively(DEADLINE, () -> {
                for (int i = 1; i <= 100; i++) {
                    if (!log.offer(event(i))) {
                        refused[0]++;
                    }
                }
            });

            assertThat(refused[0]).isEqualTo(96);
            assertThat(log.stats().dropped()).isEqualTo(96);
            assertThat(log.stats().accepted()).isEqualTo(5);
        } finally {
            release.countDown();
            log.close();
        }
        assertThat(log.stats().written()).isEqualTo(5);
        assertThat(recorded.events).extracting(PredictionEvent::requestId)
                .containsExactly("req-0", "req-1", "req-2", "req-3", "req-4");
    }

    @Test
    void closeFlushesEverythingQueued() {
        RecordingSink sink = new RecordingSink();
        BatchingPredictionLog log = new BatchingPredictionLog(sink, 10_000, 100, 10, 1.0);
        for (int i = 0; i < 1_000; i++) {
            assertThat(log.offer(event(i))).isTrue();
        }

        log.close();

        assertThat(sink.events).hasSize(1_000).first().isEqualTo(event(0));
        assertThat(sink.batchSizes).allSatisfy(size -> assertThat(size).isBetween(1, 100));
        assertThat(log.stats()).isEqualTo(new PredictionLog.Stats(1_000, 0, 1_000, 0));
    }

    @Test
    void aThrowingSinkCountsFailedAndTheWriterContinues() {
        AtomicInteger calls = new AtomicInteger();
        RecordingSink recorded = new RecordingSink();
        PredictionSink flaky = batch -> {
            if (calls.getAndIncrement() == 0) {
                throw new IllegalStateException("database is locked");
            }
            recorded.write(batch);
        };
        BatchingPredictionLog log = new BatchingPredictionLog(flaky, 100, 10, 10, 1.0);

        log.offer(event(1));
        awaitTrue(() -> log.stats().failed() == 1);
        log.offer(event(2));
        log.close();

        assertThat(log.stats()).isEqualTo(new PredictionLog.Stats(2, 0, 1, 1));
        assertThat(recorded.events).containsExactly(event(2));
    }

    @Test
    void eventsAreWrittenWithoutWaitingForClose() {
        RecordingSink sink = new RecordingSink();
        try (BatchingPredictionLog log = new BatchingPredictionLog(sink, 100, 10, 10, 1.0)) {
            log.offer(event(1));

            awaitTrue(() -> log.stats().written() == 1);
            assertThat(sink.events).containsExactly(event(1));
        }
    }

    @Test
    void offerAfterCloseIsDropped() {
        RecordingSink sink = new RecordingSink();
        BatchingPredictionLog log = new BatchingPredictionLog(sink, 100, 10, 10, 1.0);
        log.close();

        assertThat(log.offer(event(1))).isFalse();
        assertThat(log.stats().dropped()).isEqualTo(1);
        assertThat(sink.events).isEmpty();
        log.close();
    }

    @Test
    void samplesPayloadsAtTheConfiguredRate() {
        try (BatchingPredictionLog all = new BatchingPredictionLog(new RecordingSink(), 10, 10, 10, 1.0);
             BatchingPredictionLog none = new BatchingPredictionLog(new RecordingSink(), 10, 10, 10, 0.0)) {
            assertThat(all.samplePayload()).isTrue();
            assertThat(none.samplePayload()).isFalse();
        }
        // A fractional rate: over n = 200,000 draws the sampled share is binomial with standard
        // deviation sqrt(0.1 * 0.9 / n) ≈ 0.00067; 0.005 is about 7.5 standard deviations.
        try (BatchingPredictionLog tenth = new BatchingPredictionLog(new RecordingSink(), 10, 10, 10, 0.1)) {
            int n = 200_000;
            int sampled = 0;
            for (int i = 0; i < n; i++) {
                sampled += tenth.samplePayload() ? 1 : 0;
            }
            assertThat(sampled / (double) n).isCloseTo(0.1, org.assertj.core.data.Offset.offset(0.005));
        }
    }

    @Test
    void rejectsInvalidSettings() {
        RecordingSink sink = new RecordingSink();
        assertThatThrownBy(() -> new BatchingPredictionLog(sink, 0, 10, 10, 1.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BatchingPredictionLog(sink, 10, 0, 10, 1.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BatchingPredictionLog(sink, 10, 10, 0, 1.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BatchingPredictionLog(sink, 10, 10, 10, 1.5)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void awaitTrue(BooleanSupplier condition) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + DEADLINE);
            }
            LockSupport.parkNanos(1_000_000);
        }
    }
}
