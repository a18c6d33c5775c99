package dev.shepherd.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shepherd.serving.ServingLimits;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFailureTest {
    @TempDir
    Path dir;

    @Test
    void aModelThatThrowsIs500ModelError() {
        try (TestServer s = new TestServer(dir)) {
            s.postJson("/api/v1/deployments/broken/predict", Requests.ONE_RECORD).assertError(500, "model_error", null);
            s.postJson("/v2/models/broken/infer", Requests.OIP_TWO_ROWS).assertError(500, "model_error", null);
            s.assertServes();
        }
    }

    @Test
    void aModelSlowerThanTheTimeoutIs504() {
        ServingLimits tight = new ServingLimits(100, Duration.ofMillis(300), 1 << 20);
        try (TestServer s = new TestServer(dir, tight)) {
            s.postJson("/api/v1/deployments/slow/predict", Requests.ONE_RECORD).assertError(504, "timeout", null);
            s.assertServes();
        }
    }
}
