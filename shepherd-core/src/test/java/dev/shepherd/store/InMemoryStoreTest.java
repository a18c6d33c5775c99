package dev.shepherd.store;

import static org.assertj.core.api.Assertions.assertThat;

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
}
