package dev.shepherd.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shepherd.registry.Deployment;
import dev.shepherd.registry.ModelVersion;
import dev.shepherd.registry.Provenance;
import dev.shepherd.runtime.fixtures.FixtureSchemas;
import dev.shepherd.store.InMemoryStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A deployment whose version cannot load makes the server not ready, and says why. */
class ReadinessTest {
    @TempDir
    Path dir;

    @Test
    void aDeploymentThatCannotLoadIsNotReady() {
        InMemoryStore store = new InMemoryStore(dir);
        store.models().register(new ModelVersion("gone", "v1", "java", dir.resolve("missing.jar").toString(), null,
                FixtureSchemas.credit(), Map.of("className", "x.Y"), Instant.EPOCH, Provenance.of("test")));
        store.deployments().put(new Deployment("gone", "gone", "v1", "{\"serving\":\"v1\"}", Instant.EPOCH));
        try (TestServer s = new TestServer(store, TestServer.LIMITS, ShepherdServer.DEFAULT_MAX_UPLOAD_BYTES)) {
            TestServer.Reply ready = s.get("/v2/health/ready");
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.json().get("ready").asBoolean()).isFalse();
            assertThat(s.get("/v2/health/live").status()).isEqualTo(200);

            TestServer.Reply model = s.get("/v2/models/gone/ready");
            assertThat(model.status()).isEqualTo(503);
            assertThat(model.json().get("ready").asBoolean()).isFalse();
            assertThat(s.get("/v2/models/credit/ready").status()).isEqualTo(200);

            JsonNode status = s.get("/api/v1/deployments/gone").json();
            assertThat(status.get("ready").asBoolean()).isFalse();
            assertThat(status.get("error").asText()).contains("missing.jar");
            s.postJson("/v2/models/gone/infer", Requests.OIP_TWO_ROWS).assertError(503, "unavailable", null);
            s.assertServes();
        }
    }
}
