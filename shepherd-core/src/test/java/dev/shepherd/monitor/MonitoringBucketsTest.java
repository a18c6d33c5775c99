package dev.shepherd.monitor;

import static dev.shepherd.monitor.Observations.label;
import static dev.shepherd.monitor.Observations.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.shepherd.schema.FeatureSpec;
import dev.shepherd.schema.FeatureType;
import dev.shepherd.schema.ModelSchema;
import dev.shepherd.schema.OutputSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MonitoringBucketsTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final SeriesKey KEY = new SeriesKey("loans", "v1", Role.PRIMARY);
    private static final ModelSchema SCHEMA = new ModelSchema(List.of(FeatureSpec.of("income", FeatureType.NUMBER),
            FeatureSpec.optional("debt_ratio", FeatureType.NUMBER)), OutputSpec.classes(List.of("repaid", "default")));

    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryMetricsStore store = new InMemoryMetricsStore();
    private final Monitoring monitoring = new Monitoring(clock, MonitoringSettings.defaults(), store);

    private void requests(Monitoring m, int n) {
        for (int i = 0; i < n; i++) {
            m.record(KEY, SCHEMA, one(SCHEMA, new Object[] {1000.0 * (i + 1), i % 2 == 0 ? null : 0.3},
                    label("repaid", 0.9, 0.1)));
        }
    }

    private long requests(Monitoring m, int fromSecond, int toSecond) {
        SeriesStats s = m.window("loans", T0.plusSeconds(fromSecond), T0.plusSeconds(toSecond)).get(KEY);
        return s == null ? 0 : s.requests();
    }

    @Test
    void advancingTheClockMovesDataIntoClosedBucketsAndWindowsMergeThem() {
        requests(monitoring, 5);
        clock.advance(Duration.ofSeconds(10));
        requests(monitoring, 3);
        monitoring.tick();
        clock.advance(Duration.ofSeconds(10));
        requests(monitoring, 2);

        assertThat(store.size()).isEqualTo(1);
        assertThat(requests(monitoring, 0, 10)).isEqualTo(5);
        assertThat(requests(monitoring, 10, 20)).isEqualTo(3);
        assertThat(requests(monitoring, 0, 30)).isEqualTo(10);
        assertThat(requests(monitoring, 1, 30)).as("a bucket belongs where its start lies").isEqualTo(5);

        monitoring.tick();

        assertThat(store.size()).isEqualTo(2);
        assertThat(requests(monitoring, 0, 30)).isEqualTo(10);
        SeriesStats all = monitoring.window("loans", T0, T0.plusSeconds(30)).get(KEY);
        assertThat(all.features().get("debt_ratio").missing()).isEqualTo(3 + 2 + 1);
        assertThat(all.throughput()).isEqualTo(10 / 30.0);
    }

    @Test
    void seriesGivesOneMergedMapPerStepOldestFirst() {
        for (int bucket = 0; bucket < 6; bucket++) {
            requests(monitoring, bucket + 1);
            clock.advance(Duration.ofSeconds(10));
            monitoring.tick();
        }

        List<Monitoring.StepStats> steps = monitoring.series("loans", T0, T0.plusSeconds(60), Duration.ofSeconds(20));

        assertThat(steps).extracting(Monitoring.StepStats::start)
                .containsExactly(T0, T0.plusSeconds(20), T0.plusSeconds(40));
        assertThat(steps).extracting(s -> s.stats().get(KEY).requests()).containsExactly(1L + 2, 3L + 4, 5L + 6);
        assertThat(steps.get(0).stats().get(KEY).window()).isEqualTo(Duration.ofSeconds(20));
        List<Monitoring.StepStats> fine = monitoring.series("loans", T0.minusSeconds(10), T0.plusSeconds(25),
                Duration.ofSeconds(10));
        assertThat(fine).hasSize(4);
        assertThat(fine.get(0).stats()).isEmpty();
        assertThat(fine.get(3).stats().get(KEY).window()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void persistedHistorySurvivesARestart() {
        SplittableRandom rnd = new SplittableRandom(11);
        double[] incomes = new double[6_000];
        for (int i = 0; i < incomes.length; i++) {
            if (i > 0 && i % 2_000 == 0) {
                clock.advance(Duration.ofSeconds(10));
            }
            incomes[i] = rnd.nextDouble(10_000, 90_000);
            monitoring.record(KEY, SCHEMA, one(SCHEMA, new Object[] {incomes[i], rnd.nextBoolean() ? null : 0.2},
                    label(rnd.nextInt(4) == 0 ? "default" : "repaid", 0.7, 0.3)));
            if (i % 1_000 == 0) {
                monitoring.recordLabel(KEY, label("repaid", 0.7, 0.3), "repaid", null);
                monitoring.recordEvent(KEY, "redo_search", 1);
            }
        }
        clock.advance(Duration.ofSeconds(10));
        monitoring.tick();
        SeriesStats before = monitoring.window("loans", T0, T0.plusSeconds(30)).get(KEY);

        Monitoring restarted = new Monitoring(clock, MonitoringSettings.defaults(), store);
        SeriesStats after = restarted.window("loans", T0, T0.plusSeconds(30)).get(KEY);

        assertThat(store.size()).isEqualTo(3);
        assertThat(restarted.totals()).isEmpty();
        assertThat(after.requests()).isEqualTo(6_000);
        assertThat(after.values().keySet()).isEqualTo(before.values().keySet());
        before.values().forEach((name, v) ->
                assertThat(after.values().get(name)).as(name).isCloseTo(v, within(1e-9 * Math.abs(v))));
        assertThat(after.latency()).isEqualTo(before.latency());
        assertThat(after.outputs().classCounts()).isEqualTo(before.outputs().classCounts());
        assertThat(after.feedback().events()).isEqualTo(before.feedback().events());
        FeatureStats income = after.features().get("income");
        assertThat(income.mean()).isCloseTo(before.features().get("income").mean(), within(1e-9 * income.mean()));
        double[] sorted = incomes.clone();
        java.util.Arrays.sort(sorted);
        for (double q : new double[] {0.1, 0.5, 0.9}) {
            assertThat(Observations.rankWithin(sorted, income.quantile(q), q, income.quantileRankError())).isTrue();
        }
    }

    @Test
    void aRestartWithinABucketKeepsBothPartsOfIt() {
        clock.advance(Duration.ofSeconds(3));
        Monitoring first = new Monitoring(clock, MonitoringSettings.defaults(), store);
        requests(first, 4);
        first.close();
        requests(first, 100);
        assertThat(store.size()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(2));
        Monitoring second = new Monitoring(clock, MonitoringSettings.defaults(), store);
        requests(second, 6);
        assertThat(requests(second, 0, 10)).isEqualTo(10);

        clock.advance(Duration.ofSeconds(10));
        second.tick();
        assertThat(requests(second, 0, 10)).isEqualTo(10);
        assertThat(requests(new Monitoring(clock, MonitoringSettings.defaults(), store), 0, 10)).isEqualTo(10);
        assertThat(second.totals().get(KEY).requests()).isEqualTo(6);
    }

    @Test
    void aStoreFailureKeepsBucketsInMemoryAndRetriesOnTheNextTick() {
        store.failing(true);
        requests(monitoring, 5);
        clock.advance(Duration.ofSeconds(10));
        monitoring.tick();

        assertThat(requests(monitoring, 0, 10)).isEqualTo(5);
        assertThat(store.writes()).isZero();

        store.failing(false);
        monitoring.tick();

        assertThat(store.size()).isEqualTo(1);
        assertThat(requests(new Monitoring(clock, MonitoringSettings.defaults(), store), 0, 10)).isEqualTo(5);
    }

    @Test
    void memoryOlderThanTheRetentionIsEvictedAndReadBackFromTheStore() {
        Monitoring shortMemory = new Monitoring(clock, new MonitoringSettings(Duration.ofSeconds(10),
                Duration.ofSeconds(30), 0.6, 100, 20), store);
        requests(shortMemory, 5);
        clock.advance(Duration.ofSeconds(10));
        requests(shortMemory, 2);
        clock.advance(Duration.ofSeconds(60));
        shortMemory.tick();

        assertThat(requests(shortMemory, 0, 20)).isEqualTo(7);
        store.failing(true);
        assertThat(requests(shortMemory, 0, 20)).as("only the store holds them now").isZero();
        assertThat(requests(shortMemory, 0, 80)).isZero();
        store.failing(false);
        assertThat(shortMemory.totals().get(KEY).requests()).isEqualTo(7);
    }

    @Test
    void aDisabledDeploymentRecordsNothing() {
        monitoring.setEnabled("loans", false);
        requests(monitoring, 5);
        monitoring.recordLabel(KEY, label("repaid", 1), "repaid", null);
        monitoring.recordEvent(KEY, "redo_search", 1);
        SeriesKey other = new SeriesKey("fraud", "v1", Role.PRIMARY);
        monitoring.record(other, SCHEMA, one(SCHEMA, new Object[] {1.0, 1.0}, label("repaid", 1)));

        assertThat(monitoring.enabled("loans")).isFalse();
        assertThat(monitoring.enabled("fraud")).isTrue();
        assertThat(monitoring.window("loans", T0, T0.plusSeconds(10))).isEmpty();
        assertThat(monitoring.window("fraud", T0, T0.plusSeconds(10))).containsOnlyKeys(other);

        monitoring.setEnabled("loans", true);
        requests(monitoring, 2);
        assertThat(requests(monitoring, 0, 10)).isEqualTo(2);
        assertThat(monitoring.deployments()).containsExactly("fraud", "loans");
    }

    @Test
    void totalsAccumulateSinceStartAcrossClosedAndOpenBuckets() {
        requests(monitoring, 5);
        clock.advance(Duration.ofSeconds(10));
        monitoring.tick();
        requests(monitoring, 3);
        clock.advance(Duration.ofSeconds(10));

        SeriesStats total = monitoring.totals().get(KEY);

        assertThat(total.requests()).isEqualTo(8);
        assertThat(total.window()).isEqualTo(Duration.ofSeconds(20));
        assertThat(total.features().get("debt_ratio").missing()).isEqualTo(3 + 2);
    }
}
