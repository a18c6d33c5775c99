package dev.shepherd.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shepherd.predictionlog.PredictionLogReader;
import dev.shepherd.predictionlog.PredictionSink;
import dev.shepherd.registry.DeploymentRepository;
import dev.shepherd.registry.ModelRegistry;
import dev.shepherd.registry.ModelVersion;
import dev.shepherd.store.InMemoryStore;
import dev.shepherd.store.Store;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bug below the API is a 500 {@code internal} that names the request id and hides the stack trace. */
class InternalErrorTest {
    @TempDir
    Path dir;

    @Test
    void unexpectedExceptionsAre500InternalWithoutDetails() {
        try (TestServer s = new TestServer(new FailingListStore(new InMemoryStore(dir)), TestServer.LIMITS,
                ShepherdServer.DEFAULT_MAX_UPLOAD_BYTES)) {
            TestServer.Reply r = s.get("/api/v1/models");
            JsonNode e = r.assertError(500, "internal", null);
            assertThat(e.get("message").asText()).contains(r.header("X-Request-Id")).doesNotContain("disk on fire");
            assertThat(r.body()).doesNotContain("IllegalStateException");
            s.assertServes();
        }
    }

    /** A store whose model listing fails. */
    private record FailingListStore(InMemoryStore delegate) implements Store {
        @Override
        public ModelRegistry models() {
            ModelRegistry m = delegate.models();
            return new ModelRegistry() {
                @Override
                public ModelVersion register(ModelVersion version) {
                    return m.register(version);
                }

                @Override
                public Optional<ModelVersion> find(String name, String version) {
                    return m.find(name, version);
                }

                @Override
                public List<ModelVersion> list() {
                    throw new IllegalStateException("disk on fire");
                }

                @Override
                public List<ModelVersion> versions(String name) {
                    return m.versions(name);
                }
            };
        }

        @Override
        public DeploymentRepository deployments() {
            return delegate.deployments();
        }

        @Override
        public PredictionSink predictionSink() {
            return delegate.predictionSink();
        }

        @Override
        public PredictionLogReader predictions() {
            return delegate.predictions();
        }

        @Override
        public dev.shepherd.monitor.MetricsStore metrics() {
            return delegate.metrics();
        }

        @Override
        public dev.shepherd.feedback.FeedbackStore feedback() {
            return delegate.feedback();
        }

        @Override
        public dev.shepherd.rollout.RolloutStore rollouts() {
            return delegate.rollouts();
        }

        @Override
        public dev.shepherd.drift.ReferenceStore references() {
            return delegate.references();
        }

        @Override
        public dev.shepherd.drift.DriftHistory driftHistory() {
            return delegate.driftHistory();
        }

        @Override
        public dev.shepherd.alert.AlertStore alerts() {
            return delegate.alerts();
        }

        @Override
        public dev.shepherd.review.ReviewQueue reviews() {
            return delegate.reviews();
        }

        @Override
        public dev.shepherd.automation.AutomationStore automation() {
            return delegate.automation();
        }

        @Override
        public Path dataDir() {
            return delegate.dataDir();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
