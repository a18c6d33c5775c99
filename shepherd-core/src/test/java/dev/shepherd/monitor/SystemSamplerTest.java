package dev.shepherd.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SystemSamplerTest {
    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    private static final SystemSampler.Probe FIXED = new SystemSampler.Probe() {
        @Override
        public SystemSampler.Reading read() {
            return new SystemSampler.Reading(0.25, 0.5, 0.75, 100, 1000);
        }

        @Override
        public int cpus() {
            return 4;
        }
    };

    private static SystemSampler.Reading reading(double cpu, long heap) {
        return new SystemSampler.Reading(cpu, cpu * 2, cpu / 2, heap, 1_000);
    }

    @Test
    void averagesEachStepAndLeavesOutStepsWithoutSamples() {
        SystemSampler s = new SystemSampler(new MutableClock(T0), FIXED);
        s.record(T0.plusSeconds(1), reading(0.1, 100));
        s.record(T0.plusSeconds(11), reading(0.3, 300));
        s.record(T0.plusSeconds(21), reading(0.2, 200));
        s.record(T0.plusSeconds(125), reading(0.9, 900));

        List<SystemSampler.Point> points = s.series(T0, T0.plusSeconds(179), Duration.ofMinutes(1));
        assertThat(points).extracting(SystemSampler.Point::start).containsExactly(T0, T0.plusSeconds(120));
        SystemSampler.Point first = points.getFirst();
        assertThat(first.samples()).isEqualTo(3);
        assertThat(first.processCpu()).isCloseTo(0.2, within(1e-12));
        assertThat(first.systemCpu()).isCloseTo(0.4, within(1e-12));
        assertThat(first.loadPerCpu()).isCloseTo(0.1, within(1e-12));
        assertThat(first.heapUsedBytes()).isEqualTo(200);
        assertThat(first.heapMaxBytes()).isEqualTo(1_000);
        assertThat(points.get(1).processCpu()).isEqualTo(0.9);

        assertThat(s.series(T0, T0.plusSeconds(179), Duration.ofSeconds(10)))
                .extracting(SystemSampler.Point::start, SystemSampler.Point::samples)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(T0, 1),
                        org.assertj.core.groups.Tuple.tuple(T0.plusSeconds(10), 1),
                        org.assertj.core.groups.Tuple.tuple(T0.plusSeconds(20), 1),
                        org.assertj.core.groups.Tuple.tuple(T0.plusSeconds(120), 1));
    }

    @Test
    void aWindowKeepsOnlyItsSamplesAndIncludesItsEnd() {
        SystemSampler s = new SystemSampler(new MutableClock(T0), FIXED);
        for (int i = 0; i < 30; i++) {
            s.record(T0.plusSeconds(10L * i), reading(i / 100.0, i));
        }
        List<SystemSampler.Point> last = s.series(T0.plusSeconds(100), T0.plusSeconds(200), Duration.ofSeconds(50));
        assertThat(last).extracting(SystemSampler.Point::samples).containsExactly(5, 5, 1);
        assertThat(last.getFirst().heapUsedBytes()).isEqualTo(12);
        assertThat(last.getLast().start()).isEqualTo(T0.plusSeconds(200));
        assertThat(s.series(T0.minusSeconds(600), T0.minusSeconds(1), Duration.ofMinutes(1))).isEmpty();
    }

    @Test
    void unknownFiguresAreLeftOutOfTheirMeans() {
        SystemSampler s = new SystemSampler(new MutableClock(T0), FIXED);
        s.record(T0, new SystemSampler.Reading(Double.NaN, 0.5, Double.NaN, 10, -1));
        s.record(T0.plusSeconds(10), new SystemSampler.Reading(0.4, Double.NaN, Double.NaN, 30, -1));
        SystemSampler.Point p = s.series(T0, T0.plusSeconds(59), Duration.ofMinutes(1)).getFirst();
        assertThat(p.processCpu()).isEqualTo(0.4);
        assertThat(p.systemCpu()).isEqualTo(0.5);
        assertThat(p.loadPerCpu()).isNaN();
        assertThat(p.heapUsedBytes()).isEqualTo(20);
        assertThat(p.heapMaxBytes()).isNaN();
    }

    @Test
    void theRingHoldsSevenDaysAtTenSecondsAndOverwritesTheOldest() {
        assertThat(SystemSampler.CAPACITY).isEqualTo(SystemSampler.RETENTION.dividedBy(SystemSampler.INTERVAL));
        SystemSampler s = new SystemSampler(new MutableClock(T0), FIXED);
        int extra = 100;
        for (int i = 0; i < SystemSampler.CAPACITY + extra; i++) {
            s.record(T0.plusSeconds(10L * i), reading(0.5, i));
        }
        assertThat(s.size()).isEqualTo(SystemSampler.CAPACITY);
        Instant end = T0.plusSeconds(10L * (SystemSampler.CAPACITY + extra - 1));
        List<SystemSampler.Point> all = s.series(T0, end, Duration.ofHours(1));
        assertThat(all.stream().mapToInt(SystemSampler.Point::samples).sum()).isEqualTo(SystemSampler.CAPACITY);
        assertThat(all.getFirst().start()).as("the first 100 samples were overwritten").isEqualTo(T0);
        assertThat(all.getFirst().samples()).isEqualTo(360 - extra);
        assertThat(all.getFirst().heapUsedBytes()).isEqualTo((extra + 359) / 2.0);
        assertThat(s.series(end.minus(SystemSampler.RETENTION).plusSeconds(10), end, Duration.ofDays(7)).getFirst().samples())
                .isEqualTo(SystemSampler.CAPACITY);
    }

    @Test
    void sampleReadsTheProbeAtTheClocksNow() {
        MutableClock clock = new MutableClock(T0);
        AtomicInteger reads = new AtomicInteger();
        SystemSampler s = new SystemSampler(clock, new SystemSampler.Probe() {
            @Override
            public SystemSampler.Reading read() {
                int n = reads.incrementAndGet();
                return new SystemSampler.Reading(n / 10.0, 0, 0, n, 10);
            }

            @Override
            public int cpus() {
                return 2;
            }
        });
        for (int i = 0; i < 6; i++) {
            s.sample();
            clock.advance(SystemSampler.INTERVAL);
        }
        assertThat(s.cpus()).isEqualTo(2);
        List<SystemSampler.Point> p = s.series(T0, clock.instant(), Duration.ofSeconds(30));
        assertThat(p).extracting(SystemSampler.Point::heapUsedBytes).containsExactly(2.0, 5.0);
    }

    @Test
    void thePlatformProbeReadsThisJvm() {
        SystemSampler.Probe probe = SystemSampler.platform();
        assertThat(probe.cpus()).isEqualTo(Runtime.getRuntime().availableProcessors());
        SystemSampler.Reading r = probe.read();
        assertThat(r.heapUsedBytes()).isPositive();
        assertThat(r.heapMaxBytes()).isGreaterThanOrEqualTo(r.heapUsedBytes());
        assertThat(r.processCpu()).isBetween(0.0, 1.0);
        assertThat(r.systemCpu()).satisfiesAnyOf(v -> assertThat(v).isNaN(), v -> assertThat(v).isBetween(0.0, 1.0));
    }

    @Test
    void rejectsImpossibleRanges() {
        SystemSampler s = new SystemSampler(new MutableClock(T0), FIXED);
        assertThatThrownBy(() -> s.series(T0, T0.minusSeconds(1), Duration.ofSeconds(10)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> s.series(T0, T0.plusSeconds(10), Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> s.series(T0, T0.plus(Duration.ofDays(30)), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("steps");
    }
}
