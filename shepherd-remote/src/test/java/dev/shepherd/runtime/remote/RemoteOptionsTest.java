package dev.shepherd.runtime.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.shepherd.error.ConfigError;
import dev.shepherd.error.InvalidConfigException;
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
        assertThat(o.maxResponseBytes()).isEqualTo(64 * 1024 * 1024);
    }

    @Test
    void acceptsTimeoutsAndSizeBoundAtTheEdgesOfTheirRanges() {
        RemoteOptions o = RemoteOptions.of(MiniModelServer.version("http://triton:8000", FixtureSchemas.credit(),
                Map.of("readTimeoutMs", "600000", "connectTimeoutMs", "1", "maxResponseBytes", "1073741824")));

        assertThat(o.readTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(o.connectTimeout()).isEqualTo(Duration.ofMillis(1));
        assertThat(o.maxResponseBytes()).isEqualTo(1 << 30);
    }

    @Test
    void refusesTimeoutsAndSizeBoundOutsideTheirRanges() {
        Map<String, String> options = Map.of("readTimeoutMs", "600001", "connectTimeoutMs", "-5", "maxResponseBytes", "0");

        assertThatThrownBy(() -> RemoteOptions.of(MiniModelServer.version("http://triton:8000", FixtureSchemas.credit(), options)))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.errors())
                        .extracting(ConfigError::path, ConfigError::message)
                        .containsExactlyInAnyOrder(
                                tuple("spec.options.readTimeoutMs",
                                        "must be a whole number of milliseconds in 1..600000, was '600001'"),
                                tuple("spec.options.connectTimeoutMs",
                                        "must be a whole number of milliseconds in 1..600000, was '-5'"),
                                tuple("spec.options.maxResponseBytes",
                                        "must be a whole number of bytes in 1..1073741824, was '0'")));
    }

    @Test
    void refusesHeadersTheClientManagesOrThatCouldInjectLines() {
        Map<String, String> options = Map.of("headers.Content-Length", "5", "headers.connection", "close",
                "headers.X-Evil", "a\r\nHost: other", "headers.Bad Name", "x", "headers.X-Fine", "tab\tand spaces");

        assertThatThrownBy(() -> RemoteOptions.of(MiniModelServer.version("http://triton:8000", FixtureSchemas.credit(), options)))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.errors())
                        .extracting(ConfigError::path)
                        .containsExactlyInAnyOrder("spec.options.headers.Content-Length", "spec.options.headers.connection",
                                "spec.options.headers.X-Evil", "spec.options.headers.Bad Name"));
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
