package dev.shepherd.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shepherd.feedback.FeedbackEvent;
import dev.shepherd.feedback.Label;
import dev.shepherd.monitor.MetricsStore;
import dev.shepherd.monitor.Role;
import dev.shepherd.monitor.SeriesKey;
import dev.shepherd.predictionlog.PredictionEvent;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryStoreTest {

    @Test
    void theSinkAndTheReaderShareOneLog() {
        try (Store store = new InMemoryStore(Path.of("data"))) {
            PredictionEvent e = new PredictionEvent("r1", Instant.EPOCH, "d", "m", "v1", 1, "ok", 1, null, null);

            store.predictionSink().write(List.of(e));

            assertThat(store.predictions().find("r1")).contains(e);
            assertThat(store.dataDir()).isEqualTo(Path.of("data"));
            assertThat(store.models().list()).isEmpty();
            assertThat(store.deployments().list()).isEmpty();
        }
    }

    @Test
    void keepsMetricBucketsLabelsAndEventsForItsLifetime() {
        try (Store store = new InMemoryStore(Path.of("data"))) {
            SeriesKey key = new SeriesKey("d", "v1", Role.PRIMARY);
            store.metrics().write(List.of(new MetricsStore.StoredBucket(key, Instant.EPOCH, 10_000, new byte[] {1})));
            store.feedback().saveLabels(List.of(new Label("r1", 0, "d", "v1", "a", null, Instant.EPOCH)));
            store.feedback().saveEvent(new FeedbackEvent("d", "v1", null, "redo", 1, Instant.EPOCH));

            assertThat(store.metrics().read("d", Instant.EPOCH, Instant.EPOCH.plusSeconds(10))).hasSize(1);
            assertThat(store.feedback().findLabels("r1")).hasSize(1);
            assertThat(store.feedback().events("d", 10)).hasSize(1);
            assertThat(store.metrics()).isSameAs(store.metrics());
            assertThat(store.feedback()).isSameAs(store.feedback());
        }
    }
}
