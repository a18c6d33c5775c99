package dev.shepherd.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MonitoringSettingsTest {

    @Test
    void defaultsAreTenSecondBucketsTwoHoursInMemory() {
        MonitoringSettings d = MonitoringSettings.defaults();

        assertThat(d.bucket()).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.memoryRetention()).isEqualTo(Duration.ofHours(2));
        assertThat(d.lowConfidenceThreshold()).isEqualTo(0.6);
        assertThat(d.maxFeaturesPerDeployment()).isEqualTo(100);
        assertThat(d.topK()).isEqualTo(20);
    }

    @Test
    void invalidSettingsNameTheFieldAndTheValue() {
        Duration s = Duration.ofSeconds(10);
        assertThatThrownBy(() -> new MonitoringSettings(Duration.ZERO, s, 0.6, 10, 5))
                .hasMessage("monitoring bucket must be at least 1 ms, was PT0S");
        assertThatThrownBy(() -> new MonitoringSettings(s, Duration.ofSeconds(5), 0.6, 10, 5))
                .hasMessageContaining("memoryRetention must be at least one bucket");
        assertThatThrownBy(() -> new MonitoringSettings(s, s, 1.5, 10, 5))
                .hasMessage("monitoring lowConfidenceThreshold must be in 0..1, was 1.5");
        assertThatThrownBy(() -> new MonitoringSettings(s, s, 0.6, -1, 5)).hasMessageContaining("was -1");
        assertThatThrownBy(() -> new MonitoringSettings(s, s, 0.6, 10, 0)).hasMessageContaining("topK must be >= 1");
    }
}
