package dev.shepherd.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shepherd.monitor.MutableClock;
import dev.shepherd.monitor.SystemSampler;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/v1/system} on a real server: a sampler fed by a counting probe on a hand-moved
 * clock, its windows and steps, and every bad parameter named in a 400.
 */
class SystemApiTest {
    /** One second into a minute, so samples every 10 s fall at :01, :11, ... */
    private static final Instant START = Instant.parse("2026-03-02T10:00:01Z");

    @TempDir
    Path dir;

    /** A probe whose n-th reading has process CPU n / 100, heap n MiB of 1 GiB, no load average. */
    private static final class Counting implements SystemSampler.Probe {
        final AtomicInteger reads = new AtomicInteger();

        @Override
        public SystemSampler.Reading read() {
            int n = reads.incrementAndGet();
            return new SystemSampler.Reading(n / 100.0, 0.5, Double.NaN, n * (1L << 20), 1L << 30);
        }

        @Override
        public int cpus() {
            return 8;
        }
    }

    @Test
    void answersStepMeansOverTheWindow() {
        MutableClock clock = new MutableClock(START);
        SystemSampler sampler = new SystemSampler(clock, new Counting());
        // 15 minutes of samples, one every 10 s: readings 1..90
        for (int i = 0; i < 90; i++) {
            sampler.sample();
            clock.advance(SystemSampler.INTERVAL);
        }
        clock.advance(Duration.ofSeconds(-10)); // now = the last sample, 10:14:51
        try (TestServer s = new TestServer(dir, (t, b) -> b.system(sampler).clock(clock))) {
            JsonNode r = s.get("/api/v1/system?window=5m&step=1m").json();
            assertThat(r.path("window").asText()).isEqualTo("5m");
            assertThat(r.path("step").asText()).isEqualTo("1m");
            assertThat(r.path("from").asText()).isEqualTo("2026-03-02T10:10:00Z");
            assertThat(r.path("to").asText()).isEqualTo("2026-03-02T10:14:51Z");
            assertThat(r.path("cpus").asInt()).isEqualTo(8);
            JsonNode points = r.path("points");
            assertThat(points).hasSize(5);
            JsonNode first = points.get(0);
            assertThat(first.path("t").asText()).isEqualTo("2026-03-02T10:10:00Z");
            // readings 61..66 were taken at 10:10:01 .. 10:10:51
            assertThat(first.path("process_cpu").asDouble()).isCloseTo(0.635, within(1e-12));
            assertThat(first.path("system_cpu").asDouble()).isEqualTo(0.5);
            assertThat(first.get("load_per_cpu").isNull()).as("no load average on this platform").isTrue();
            assertThat(first.path("heap_used_bytes").asLong()).isEqualTo(Math.round(63.5 * (1 << 20)));
            assertThat(first.path("heap_max_bytes").asLong()).isEqualTo(1L << 30);
            assertThat(points.get(4).path("t").asText()).isEqualTo("2026-03-02T10:14:00Z");
            assertThat(points.get(4).path("process_cpu").asDouble()).isCloseTo(0.875, within(1e-12));

            JsonNode fine = s.get("/api/v1/system?window=1m&step=10s").json();
            assertThat(fine.path("points")).hasSize(6);
            assertThat(fine.path("points").get(5).path("t").asText()).isEqualTo("2026-03-02T10:14:50Z");

            JsonNode defaults = s.get("/api/v1/system").json();
            assertThat(defaults.path("window").asText()).isEqualTo("1h");
            assertThat(defaults.path("step").asText()).isEqualTo("1m");
            assertThat(defaults.path("points")).as("only the 15 minutes with samples").hasSize(15);

            JsonNode week = s.get("/api/v1/system?window=7d&step=6h").json();
            assertThat(week.path("points")).singleElement()
                    .satisfies(p -> assertThat(p.path("process_cpu").asDouble()).isCloseTo(0.455, within(1e-12)));
        }
    }

    @Test
    void badParametersAre400sNamingTheParameter() {
        SystemSampler sampler = new SystemSampler(new MutableClock(START), new Counting());
        try (TestServer s = new TestServer(dir, (t, b) -> b.system(sampler))) {
            JsonNode e = s.get("/api/v1/system?window=30s").assertError(400, "invalid_input", "window");
            assertThat(e.path("message").asText()).contains("window must be in 1m..7d, was 30s");
            s.get("/api/v1/system?window=8d").assertError(400, "invalid_input", "window");
            s.get("/api/v1/system?window=soon").assertError(400, "invalid_input", "window");
            e = s.get("/api/v1/system?window=1h&step=5s").assertError(400, "invalid_input", "step");
            assertThat(e.path("message").asText()).contains("at least the sample interval 10s");
            s.get("/api/v1/system?window=1h&step=2h").assertError(400, "invalid_input", "step");
            e = s.get("/api/v1/system?window=7d&step=5m").assertError(400, "invalid_input", "step");
            assertThat(e.path("message").asText()).contains("2016 points, more than the limit of 2000");
            assertThat(s.get("/api/v1/system?window=7d&step=303s").status()).isEqualTo(200);
            s.get("/api/v1/system?step=-1m").assertError(400, "invalid_input", "step");
        }
    }

    @Test
    void aServerWithoutASamplerAnswers503() {
        try (TestServer s = new TestServer(dir)) {
            s.get("/api/v1/system").assertError(503, "unavailable", null);
        }
    }
}
