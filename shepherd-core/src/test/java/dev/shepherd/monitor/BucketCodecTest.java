package dev.shepherd.monitor;

import static dev.shepherd.monitor.Observations.label;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shepherd.schema.FeatureSpec;
import dev.shepherd.schema.FeatureType;
import dev.shepherd.schema.ModelSchema;
import dev.shepherd.schema.OutputSpec;
import dev.shepherd.schema.Prediction;
import dev.shepherd.schema.Tensor;
import dev.shepherd.schema.TensorMedia;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BucketCodecTest {
    private static final ModelSchema SCHEMA = new ModelSchema(List.of(
            FeatureSpec.of("income", FeatureType.NUMBER),
            FeatureSpec.optional("flag", FeatureType.BOOLEAN),
            FeatureSpec.category("employment", List.of("salaried", "retired")),
            FeatureSpec.of("comment", FeatureType.TEXT),
            new FeatureSpec("photo", FeatureType.TENSOR, true, List.of(), List.of(2), TensorMedia.IMAGE, 0),
            new FeatureSpec("voice", FeatureType.TENSOR, true, List.of(), List.of(-1), TensorMedia.AUDIO, 0)),
            OutputSpec.classes(List.of("yes", "no")));

    private static SeriesAccumulator recorded() {
        SeriesAccumulator a = new SeriesAccumulator(20);
        Layout layout = new Layout(SCHEMA, new DeploymentState("d", 100));
        SplittableRandom rnd = new SplittableRandom(5);
        for (int i = 0; i < 5_000; i++) {
            Object[] row = {rnd.nextDouble() * 100, i % 3 == 0 ? null : rnd.nextBoolean(),
                    i % 5 == 0 ? "unknown" : "salaried", "x".repeat(i % 17),
                    Tensor.of(rnd.nextDouble(), rnd.nextDouble()), Tensor.of(0.1, -0.2, 0.3)};
            Prediction p = i % 50 == 0 ? new Prediction.NullPrediction("none") : label(i % 2 == 0 ? "yes" : "no", 0.7, 0.3);
            a.record(layout, Observations.timed(SCHEMA, row, p, 1000L * (i + 1), 500L * (i + 1)), 0.6);
        }
        a.record(layout, Observations.failed("timeout"), 0.6);
        a.recordLabel(label("yes", 0.7, 0.3), "yes", null);
        a.recordEvent("redo_search", 2);
        return a;
    }

    @Test
    void aRoundTripKeepsEveryCountAndSketchExactly() throws IOException {
        SeriesAccumulator original = recorded();

        SeriesAccumulator decoded = BucketCodec.decode(BucketCodec.encode(original), 20);

        SeriesStats e = original.snapshot(Duration.ofSeconds(10), 0.6);
        SeriesStats a = decoded.snapshot(Duration.ofSeconds(10), 0.6);
        assertThat(a.values()).isEqualTo(e.values());
        assertThat(a.errorsByCode()).isEqualTo(e.errorsByCode());
        assertThat(a.latency()).isEqualTo(e.latency());
        assertThat(a.modelLatency()).isEqualTo(e.modelLatency());
        assertThat(a.outputs().classCounts()).isEqualTo(e.outputs().classCounts());
        assertThat(a.features().keySet()).containsExactlyElementsOf(e.features().keySet());
        for (String f : e.features().keySet()) {
            FeatureStats x = a.features().get(f);
            FeatureStats y = e.features().get(f);
            assertThat(x.count()).isEqualTo(y.count());
            assertThat(x.missing()).isEqualTo(y.missing());
            assertThat(x.unseen()).isEqualTo(y.unseen());
            assertThat(x.topCategories()).isEqualTo(y.topCategories());
            assertSame(x.quantile(0.3), y.quantile(0.3));
            assertSame(x.length().quantile(0.7), y.length().quantile(0.7));
            assertSame(x.brightness().mean(), y.brightness().mean());
            assertSame(x.rms().max(), y.rms().max());
        }
        assertThat(a.features().get("employment").unseen()).isEqualTo(1000);
        assertThat(a.feedback().eventValues()).containsEntry("redo_search", 2.0);
    }

    /** Equal values, NaN equal to NaN. */
    private static void assertSame(double actual, double expected) {
        assertThat(Double.valueOf(actual)).isEqualTo(Double.valueOf(expected));
    }

    @Test
    void aDecodedBucketMergesWithALiveOne() throws IOException {
        SeriesAccumulator merged = BucketCodec.decode(BucketCodec.encode(recorded()), 20);
        merged.merge(recorded());

        SeriesStats s = merged.snapshot(Duration.ofSeconds(20), 0.6);

        assertThat(s.requests()).isEqualTo(2 * 5_001);
        assertThat(s.features().get("flag").missing()).isEqualTo(2 * 1_667);
    }

    @Test
    void foreignOrNewerPayloadsAreRefused() {
        byte[] payload = BucketCodec.encode(recorded());
        byte[] newer = payload.clone();
        newer[5] = 99;
        byte[] truncated = java.util.Arrays.copyOf(payload, payload.length / 2);

        assertThatThrownBy(() -> BucketCodec.decode(new byte[] {1, 2, 3, 4, 5, 6, 7}, 20))
                .isInstanceOf(IOException.class).hasMessageContaining("not a monitoring bucket");
        assertThatThrownBy(() -> BucketCodec.decode(newer, 20))
                .isInstanceOf(IOException.class).hasMessageContaining("format 99 is not supported");
        assertThatThrownBy(() -> BucketCodec.decode(truncated, 20)).isInstanceOf(IOException.class);
    }
}
