package dev.shepherd.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shepherd.error.InvalidInputException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MetricsQueryTest {
    private static final Duration BUCKET = Duration.ofSeconds(10);

    @Test
    void defaultsToAnHourInSixtyPointsAndFiveMinuteSummaries() {
        assertThat(MetricsQuery.series(null, null, BUCKET)).isEqualTo(new MetricsQuery(Duration.ofHours(1), Duration.ofMinutes(1)));
        assertThat(MetricsQuery.series("5m", null, BUCKET).step()).isEqualTo(Duration.ofSeconds(10));
        assertThat(MetricsQuery.series("30d", null, BUCKET).step()).isEqualTo(Duration.ofHours(12));
        assertThat(MetricsQuery.summary(null, BUCKET)).isEqualTo(new MetricsQuery(Duration.ofMinutes(5), Duration.ofMinutes(5)));
    }

    @Test
    void readsShortAndIsoDurations() {
        assertThat(MetricsQuery.series("1h", "1m", BUCKET).step()).isEqualTo(Duration.ofMinutes(1));
        assertThat(MetricsQuery.series("PT2H", "PT30S", BUCKET)).isEqualTo(new MetricsQuery(Duration.ofHours(2), Duration.ofSeconds(30)));
        assertThat(MetricsQuery.summary("1d", BUCKET).window()).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void rejectsWindowsOutsideThirtySecondsToThirtyDays() {
        assertRejected(() -> MetricsQuery.summary("29s", BUCKET), "window", "window must be in 30s..30d, was 29s");
        assertRejected(() -> MetricsQuery.series("31d", null, BUCKET), "window", "was 31d");
        assertRejected(() -> MetricsQuery.summary("soon", BUCKET), "window", "was 'soon'");
        assertRejected(() -> MetricsQuery.summary("-5m", BUCKET), "window", "positive duration");
        assertRejected(() -> MetricsQuery.summary("0s", BUCKET), "window", "positive duration");
        assertRejected(() -> MetricsQuery.series("1h", "PT9223372036854775807S", BUCKET), "step", "at most 30d");
        assertRejected(() -> MetricsQuery.summary("999999999d", BUCKET), "window", "at most 30d");
    }

    @Test
    void rejectsStepsFinerThanTheBucketOffTheBucketGridOrOverAThousandPoints() {
        assertRejected(() -> MetricsQuery.series("1h", "5s", BUCKET), "step", "multiple of the monitoring bucket 10s, was 5s");
        assertRejected(() -> MetricsQuery.series("1h", "15s", BUCKET), "step", "was 15s");
        assertRejected(() -> MetricsQuery.series("1h", "2h", BUCKET), "step", "must not exceed the window 1h");
        assertRejected(() -> MetricsQuery.series("30d", "10s", BUCKET), "step", "259200 points, more than the limit of 1000");
        assertThat(MetricsQuery.series("10000s", "10s", BUCKET).step()).isEqualTo(BUCKET);
        assertRejected(() -> MetricsQuery.series("10010s", "10s", BUCKET), "step", "1001 points");
    }

    @Test
    void printsDurationsInTheirShortForm() {
        assertThat(MetricsQuery.text(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(MetricsQuery.text(Duration.ofMinutes(5))).isEqualTo("5m");
        assertThat(MetricsQuery.text(Duration.ofDays(2))).isEqualTo("2d");
        assertThat(MetricsQuery.text(Duration.ofMillis(1500))).isEqualTo("1500ms");
    }

    private static void assertRejected(Runnable r, String field, String message) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.field()).isEqualTo(field)).hasMessageContaining(message);
    }
}
