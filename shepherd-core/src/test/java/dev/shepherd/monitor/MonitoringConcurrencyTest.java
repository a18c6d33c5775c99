package dev.shepherd.monitor;

import static dev.shepherd.monitor.Observations.label;
import static dev.shepherd.monitor.Observations.one;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shepherd.schema.FeatureSpec;
import dev.shepherd.schema.FeatureType;
import dev.shepherd.schema.ModelSchema;
import dev.shepherd.schema.OutputSpec;
import dev.shepherd.schema.Prediction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Eight threads record 50,000 requests each while one of them keeps closing buckets, persisting
 * and reading windows; every count must come out exact.
 */
class MonitoringConcurrencyTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final SeriesKey KEY = new SeriesKey("loans", "v1", Role.PRIMARY);
    private static final ModelSchema SCHEMA = new ModelSchema(List.of(FeatureSpec.of("income", FeatureType.NUMBER),
            FeatureSpec.optional("debt_ratio", FeatureType.NUMBER),
            FeatureSpec.category("employment", List.of("salaried", "retired"))),
            OutputSpec.classes(List.of("a", "b", "c")));
    private static final int THREADS = 8;
    private static final int PER_THREAD = 50_000;

    @Test
    void manyThreadsRecordingWhileBucketsCloseGiveExactCounts() throws Exception {
        MutableClock clock = new MutableClock(T0);
        InMemoryMetricsStore store = new InMemoryMetricsStore();
        Monitoring monitoring = new Monitoring(clock, MonitoringSettings.defaults(), store);
        Prediction[] answers = {label("a", 0.7, 0.2, 0.1), label("b", 0.2, 0.7, 0.1), label("c", 0.1, 0.2, 0.7)};
        RequestObservation[] observations = new RequestObservation[7 * 3];
        for (int i = 0; i < observations.length; i++) {
            Object[] row = {1.0 * i, i % 7 == 0 ? null : 0.5, i % 2 == 0 ? "salaried" : "retired"};
            observations[i] = one(SCHEMA, row, answers[i % 3]);
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<Thread> closer = new AtomicReference<>();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            futures.add(pool.submit(() -> {
                closer.compareAndSet(null, Thread.currentThread());
                start.await();
                for (int i = 0; i < PER_THREAD; i++) {
                    monitoring.record(KEY, SCHEMA, observations[i % observations.length]);
                    if (i % 10 == 0) {
                        monitoring.recordEvent(KEY, "redo_search", 1);
                    }
                    if (closer.get() == Thread.currentThread() && i % 5_000 == 0) {
                        clock.advance(Duration.ofSeconds(10));
                        monitoring.tick();
                        monitoring.window("loans", clock.instant().minusSeconds(30), clock.instant());
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();

        long n = (long) THREADS * PER_THREAD;
        long missing = 0;
        long salaried = 0;
        long[] classes = new long[3];
        for (int i = 0; i < PER_THREAD; i++) {
            int o = i % observations.length;
            missing += o % 7 == 0 ? 1 : 0;
            salaried += o % 2 == 0 ? 1 : 0;
            classes[o % 3]++;
        }
        Map<SeriesKey, SeriesStats> open = monitoring.window("loans", T0, clock.instant().plusSeconds(10));
        clock.advance(Duration.ofSeconds(10));
        monitoring.tick();
        Map<SeriesKey, SeriesStats> closed = monitoring.window("loans", T0, clock.instant());
        for (SeriesStats s : List.of(open.get(KEY), closed.get(KEY), monitoring.totals().get(KEY))) {
            assertThat(s.requests()).isEqualTo(n);
            assertThat(s.instances()).isEqualTo(n);
            assertThat(s.features().get("debt_ratio").missing()).isEqualTo(missing * THREADS);
            assertThat(s.features().get("income").count()).isEqualTo(n);
            assertThat(s.features().get("employment").topCategories()).containsExactly(
                    new FeatureStats.CategoryCount("salaried", salaried * THREADS),
                    new FeatureStats.CategoryCount("retired", n - salaried * THREADS));
            assertThat(s.outputs().classCounts()).containsOnly(Map.entry("a", classes[0] * THREADS),
                    Map.entry("b", classes[1] * THREADS), Map.entry("c", classes[2] * THREADS));
            assertThat(s.feedback().events()).containsEntry("redo_search", n / 10);
            assertThat(s.latency().count()).isEqualTo(n);
        }
        assertThat(store.size()).isPositive();
        assertThat(monitoring.failures()).isZero();
    }
}
