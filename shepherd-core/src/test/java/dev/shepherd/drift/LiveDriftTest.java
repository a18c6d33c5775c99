package dev.shepherd.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shepherd.monitor.Monitoring;
import dev.shepherd.monitor.MonitoringSettings;
import dev.shepherd.monitor.MutableClock;
import dev.shepherd.predictionlog.PredictionLog;
import dev.shepherd.registry.Deployment;
import dev.shepherd.registry.ModelVersion;
import dev.shepherd.registry.Provenance;
import dev.shepherd.runtime.JavaModelLoader;
import dev.shepherd.runtime.Runtimes;
import dev.shepherd.runtime.fixtures.CreditScorer;
import dev.shepherd.runtime.fixtures.FixtureSchemas;
import dev.shepherd.schema.Batch;
import dev.shepherd.serving.Gateway;
import dev.shepherd.serving.ServingLimits;
import dev.shepherd.store.InMemoryStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiveDriftTest {
    private static final Instant T0 = Instant.parse("2026-03-02T09:00:05Z");

    @TempDir
    Path dir;
    MutableClock clock = new MutableClock(T0);
    InMemoryStore store;
    Gateway gateway;
    Monitoring monitoring;
    LiveDrift drift;

    @BeforeEach
    void setUp() {
        store = new InMemoryStore(dir);
        gateway = new Gateway(store, Runtimes.of(List.of(new JavaModelLoader())), PredictionLog.noop(), clock,
                ServingLimits.defaults());
        gateway.start();
        monitoring = new Monitoring(clock, MonitoringSettings.defaults(), store.metrics());
        gateway.observeWith(monitoring::record);
        gateway.register(new ModelVersion("credit", "v1", "java", "classpath:", null, FixtureSchemas.credit(),
                Map.of("className", CreditScorer.class.getName()), T0, Provenance.of("test")));
        gateway.putDeployment(new Deployment("credit", "credit", "v1",
                "{\"drift\": {\"windows\": [\"5m\", \"1h\"], \"features\": {\"income\": {\"method\": \"psi\", \"threshold\": 0.25}}}}", T0));
        drift = new LiveDrift(gateway, store, monitoring::window, clock);
    }

    @AfterEach
    void tearDown() {
        gateway.close();
        monitoring.close();
    }

    /** A reference from the seeded credit batch, as {@code shepherd profile build} would make it. */
    private void reference(int rows) {
        ProfileBuilder b = new ProfileBuilder(SchemaColumns.of(FixtureSchemas.credit()));
        for (Object[] r : FixtureSchemas.creditBatch(rows, 1).rows()) {
            b.record(r);
        }
        store.references().put(new ReferenceStore.Stored("credit", "v1", ProfileCodec.write(b.build("train.csv", T0)),
                "train.csv", T0));
    }

    /** Sends {@code rows} requests of one row; incomes multiplied by {@code incomeFactor}. */
    private void traffic(int rows, long seed, double incomeFactor) {
        Batch batch = FixtureSchemas.creditBatch(rows, seed);
        for (Object[] r : batch.rows()) {
            Object[] row = r.clone();
            row[0] = (Double) row[0] * incomeFactor;
            List<Object[]> one = new ArrayList<>();
            one.add(row);
            gateway.infer("credit", null, (schema, max) -> new Batch(schema, one), null);
        }
    }

    @Test
    void noReferenceMeansNoDriftAndNoTrafficMeansNoReport() {
        assertThat(drift.evaluate("credit", Duration.ofHours(1))).isEmpty();
        reference(3_000);
        LiveDrift.Result r = drift.evaluate("credit", Duration.ofHours(1)).orElseThrow();
        assertThat(r.report()).isNull();
        assertThat(r.reference()).contains("credit:v1").contains("train.csv");
        assertThat(drift.evaluate("nope", Duration.ofHours(1))).isEmpty();
    }

    @Test
    void trafficLikeTheReferenceDoesNotDriftAndShiftedTrafficDoes() {
        reference(3_000);
        traffic(2_000, 2, 1.0);
        DriftReport calm = drift.evaluate("credit", Duration.ofMinutes(5)).orElseThrow().report();
        assertThat(calm.datasetDrift()).isFalse();
        assertThat(calm.features()).extracting(FeatureDrift::feature)
                .containsExactly("income", "age", "debt_ratio", "employment", "has_collateral");
        assertThat(calm.features().getFirst().method()).as("the deployment's override").isEqualTo(Method.PSI);
        assertThat(calm.features()).allSatisfy(f -> assertThat(f.drifted()).as(f.toString()).isFalse());

        clock.advance(Duration.ofMinutes(10)); // the calm traffic leaves the 5-minute window
        traffic(2_000, 3, 3.0);
        DriftReport shifted = drift.evaluate("credit", Duration.ofMinutes(5)).orElseThrow().report();
        assertThat(shifted.features().getFirst().drifted()).isTrue();
        assertThat(shifted.features().subList(1, 5)).allSatisfy(f -> assertThat(f.drifted()).isFalse());
        DriftReport hour = drift.evaluate("credit", Duration.ofHours(1)).orElseThrow().report();
        assertThat(hour.features().getFirst().score()).as("the long window dilutes the shift")
                .isLessThan(shifted.features().getFirst().score());
    }

    @Test
    void tickRecordsEveryWindowInTheHistoryAndKeepsTheLatest() {
        reference(3_000);
        traffic(500, 2, 1.0);
        drift.tick();
        assertThat(drift.latest()).extracting(LiveDrift.Result::window)
                .containsExactlyInAnyOrder(Duration.ofMinutes(5), Duration.ofHours(1));
        clock.advance(Duration.ofMinutes(1));
        drift.tick();
        List<DriftHistory.Entry> history = store.driftHistory().list("credit", T0, clock.instant().plusSeconds(1), 100);
        assertThat(history).hasSize(4);
        assertThat(history).extracting(DriftHistory.Entry::window).containsExactly("5m", "1h", "5m", "1h");
        assertThat(history.getFirst().reportJson()).contains("\"features\"").contains("income");
        gateway.deleteDeployment("credit");
        drift.tick();
        assertThat(drift.latest()).isEmpty();
    }

    @Test
    void aBaselineWindowBecomesAReferenceThatMatchesItsOwnTraffic() {
        traffic(1_500, 2, 1.0);
        Profile baseline = drift.baseline("credit", T0.minusSeconds(60), clock.instant().plusSeconds(1)).orElseThrow();
        assertThat(baseline.names()).contains("income", "employment", "has_collateral", WindowProfiles.PREDICTION);
        assertThat(((FeatureProfile.Category) baseline.features().get("has_collateral")).counts().keySet())
                .containsExactlyInAnyOrder("true", "false");
        store.references().put(new ReferenceStore.Stored("credit", "v1", ProfileCodec.write(baseline), "baseline", T0));
        DriftReport same = drift.evaluate("credit", Duration.ofHours(1)).orElseThrow().report();
        assertThat(same.features()).extracting(FeatureDrift::feature).contains(WindowProfiles.PREDICTION);
        assertThat(same.features()).allSatisfy(f -> assertThat(f.drifted()).as(f.toString()).isFalse());
    }
}
