package dev.shepherd.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DriftCalculatorTest {
    private static Profile profile(long seed, int rows, double shift, String newCategory) {
        ProfileBuilder b = new ProfileBuilder(List.of(new ProfileBuilder.Column("x", ProfileBuilder.Kind.NUMERIC),
                new ProfileBuilder.Column("y", ProfileBuilder.Kind.NUMERIC),
                new ProfileBuilder.Column("c", ProfileBuilder.Kind.CATEGORY)));
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < rows; i++) {
            b.row();
            b.number(0, rnd.nextGaussian() + shift);
            if (i % 10 == 0) {
                b.missing(1);
            } else {
                b.number(1, rnd.nextGaussian());
            }
            b.category(2, newCategory != null && i % 5 == 0 ? newCategory : (rnd.nextBoolean() ? "a" : "b"));
        }
        return b.build("t", Instant.EPOCH);
    }

    @Test
    void defaultsPickTestsForSmallReferencesAndDistancesForLargeOnes() {
        DriftCalculator calc = new DriftCalculator(DriftSettings.defaults());
        DriftReport small = calc.compare(profile(1, 800, 0, null), profile(2, 800, 1.0, "z"));
        assertThat(small.features()).extracting(FeatureDrift::method)
                .containsExactly(Method.KS, Method.KS, Method.CHI_SQUARE);
        assertThat(small.features()).extracting(FeatureDrift::drifted).containsExactly(true, false, true);
        assertThat(small.features().getFirst().effectSize()).as("D beside the p-value").isGreaterThan(0.3);
        assertThat(small.share()).isCloseTo(2 / 3.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(small.datasetDrift()).isTrue();

        DriftReport large = calc.compare(profile(1, 20_000, 0, null), profile(2, 20_000, 0.02, null));
        assertThat(large.features()).extracting(FeatureDrift::method)
                .containsExactly(Method.WASSERSTEIN_NORMED, Method.WASSERSTEIN_NORMED, Method.JENSEN_SHANNON);
        assertThat(large.features()).as("a trivial shift on a big sample is not drift")
                .allSatisfy(f -> assertThat(f.drifted()).isFalse());
        assertThat(large.datasetDrift()).isFalse();
    }

    @Test
    void overridesAndShareThresholdApply() {
        DriftSettings s = DriftSettings.defaults().withDatasetShare(0.3).withOverrides(Map.of(
                "x", new DriftSettings.Override(Method.PSI, 0.5), "c", new DriftSettings.Override(Method.L_INFINITY, null)));
        DriftReport r = new DriftCalculator(s).compare(profile(1, 5_000, 0, null), profile(2, 5_000, 0.3, "z"));
        assertThat(r.features()).extracting(FeatureDrift::method)
                .containsExactly(Method.PSI, Method.WASSERSTEIN_NORMED, Method.L_INFINITY);
        assertThat(r.features().get(0).threshold()).isEqualTo(0.5);
        assertThat(r.features().get(0).drifted()).as("PSI of a 0.3 sd shift is about 0.1").isFalse();
        assertThat(r.features().get(2).drifted()).isTrue();
        assertThat(r.datasetDrift()).isTrue();
    }

    @Test
    void featuresWithoutValuesOrOfTheWrongKindAreReportedNotCompared() {
        Profile ref = profile(1, 100, 0, null);
        ProfileBuilder b = new ProfileBuilder(List.of(new ProfileBuilder.Column("x", ProfileBuilder.Kind.CATEGORY),
                new ProfileBuilder.Column("y", ProfileBuilder.Kind.NUMERIC)));
        b.row();
        b.category(0, "oops");
        b.missing(1);
        DriftReport r = new DriftCalculator(DriftSettings.defaults()).compare(ref, b.build("t", Instant.EPOCH));
        assertThat(r.features()).extracting(FeatureDrift::note).containsExactly(
                "the current data has this feature as another type", "current has no values");
        assertThat(r.evaluated()).isZero();
        assertThat(r.datasetDrift()).isFalse();
        DriftReport wrong = new DriftCalculator(DriftSettings.defaults().withOverrides(Map.of(
                "c", new DriftSettings.Override(Method.KS, null)))).compare(ref, ref);
        assertThat(wrong.features().get(2).note()).contains("ks does not apply to category");
    }

    @Test
    void profilesSurviveTheirSerializedForm() {
        Profile p = profile(3, 20_000, 0.5, "z");
        Profile small = profile(4, 50, 0, null);
        for (Profile original : List.of(p, small)) {
            Profile back = ProfileCodec.read(ProfileCodec.write(original));
            assertThat(back.rows()).isEqualTo(original.rows());
            assertThat(back.names()).isEqualTo(original.names());
            DriftReport same = new DriftCalculator(DriftSettings.defaults()).compare(original, back);
            assertThat(same.features()).allSatisfy(f -> assertThat(f.drifted()).isFalse());
            DriftReport a = new DriftCalculator(DriftSettings.defaults()).compare(original, profile(9, 3_000, 0.2, null));
            DriftReport b = new DriftCalculator(DriftSettings.defaults()).compare(back, profile(9, 3_000, 0.2, null));
            assertThat(b.features()).extracting(FeatureDrift::score).containsExactlyElementsOf(
                    a.features().stream().map(FeatureDrift::score).toList());
        }
        assertThat(ProfileCodec.write(p).length).as("a KLL profile stays small").isLessThan(20_000);
    }

    @Test
    void aDamagedProfileIsAClearError() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ProfileCodec.read("{\"format\": \"x\"}".getBytes()))
                .hasMessageContaining("format");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ProfileCodec.read(
                        "{\"format\": \"shepherd-profile\", \"version\": 9}".getBytes())).hasMessageContaining("version");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ProfileCodec.read(("{\"format\": \"shepherd-profile\", "
                + "\"version\": 1, \"created_at\": \"2026-01-01T00:00:00Z\", \"features\": [{\"name\": \"x\", "
                + "\"type\": \"numeric\", \"kll\": \"AAAA\"}]}").getBytes())).hasMessageContaining("features[0]");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ProfileCodec.read("not json".getBytes()))
                .hasMessageContaining("not JSON");
    }
}
