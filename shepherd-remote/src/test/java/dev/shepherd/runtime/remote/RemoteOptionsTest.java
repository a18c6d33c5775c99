package dev.shepherd.runtime.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shepherd.runtime.fixtures.FixtureSchemas;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RemoteOptionsTest {

    @Test
    void defaultsToTheVersionsModelNameAndDocumentedTimeouts() {
        RemoteOptions o = RemoteOptions.of(MiniModelServer.version("http://triton:8000/", FixtureSchemas.credit(), Map.of()));

        assertThat(o.modelUri("/infer").toString()).isEqualTo("http://triton:8000/v2/models/credit/infer");
        assertThat(o.connectTimeout()).isEqualTo(Duration.ofMillis(1000));
        assertThat(o.readTimeout()).isEqualTo(Duration.ofMillis(5000));
        assertThat(o.fetchMetadata()).isTrue();
        assertThat(o.headers()).isEmpty();
    }

    @Test
    void keepsABasePathAndEncodesNamesAsPathSegments() {
        RemoteOptions o = RemoteOptions.of(MiniModelServer.version("https://gw.example.com/serving",
                FixtureSchemas.credit(), Map.of("upstreamModel", "credit scorer/β", "upstreamVersion", "2",
                        "headers.Authorization", "Bearer t", "readTimeoutMs", "250")));

        assertThat(o.modelUri("/ready").toString())
                .isEqualTo("https://gw.example.com/serving/v2/models/credit%20scorer%2F%CE%B2/versions/2/ready");
        assertThat(o.headers()).containsExactly(Map.entry("Authorization", "Bearer t"));
        assertThat(o.readTimeout()).isEqualTo(Duration.ofMillis(250));
    }
}
