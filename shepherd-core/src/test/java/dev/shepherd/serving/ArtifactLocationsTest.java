package dev.shepherd.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shepherd.registry.ModelVersion;
import dev.shepherd.registry.Provenance;
import dev.shepherd.runtime.fixtures.FixtureSchemas;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArtifactLocationsTest {
    private final Path data = Path.of("/srv/shepherd-data");
    private final ArtifactLocations locations = new ArtifactLocations(data);

    private static ModelVersion at(String uri) {
        return new ModelVersion("m", "v1", "onnx", uri, "abc", FixtureSchemas.credit(), Map.of(), Instant.EPOCH,
                Provenance.of("test"));
    }

    @Test
    void storesArtifactsInsideTheDataDirectoryRelativeAndLoadsThemFromWhereverItIs() {
        ModelVersion stored = locations.portable(at("/srv/shepherd-data/artifacts/m/v1/model.onnx"));
        assertThat(stored.uri()).isEqualTo(Path.of("artifacts/m/v1/model.onnx").toString());
        assertThat(stored.sha256()).isEqualTo("abc");
        ModelVersion moved = new ArtifactLocations(Path.of("/mnt/elsewhere")).located(stored);
        assertThat(moved.uri()).isEqualTo("/mnt/elsewhere/artifacts/m/v1/model.onnx");
    }

    @Test
    void leavesOtherLocationsAlone() {
        for (String uri : new String[] {"/opt/models/m.onnx", "/srv/shepherd-data-old/m.onnx", "classpath:",
                "http://upstream:8000", "file:/opt/m.jar"}) {
            assertThat(locations.portable(at(uri)).uri()).isEqualTo(uri);
            assertThat(locations.located(at(uri)).uri()).isEqualTo(uri);
        }
    }
}
