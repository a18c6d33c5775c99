package dev.shepherd.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shepherd.feedback.FeedbackEvent;
import dev.shepherd.feedback.Label;
import dev.shepherd.monitor.MetricsStore.StoredBucket;
import dev.shepherd.monitor.Role;
import dev.shepherd.monitor.SeriesKey;
import dev.shepherd.predictionlog.BatchingPredictionLog;
import dev.shepherd.predictionlog.PredictionEvent;
import dev.shepherd.registry.Deployment;
import dev.shepherd.registry.ModelVersion;
import dev.shepherd.registry.Provenance;
import dev.shepherd.schema.FeatureSpec;
import dev.shepherd.schema.FeatureType;
import dev.shepherd.schema.ModelSchema;
import dev.shepherd.schema.OutputSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00.321Z");

    @TempDir
    Path dir;

    private static ModelVersion version(String name, String version, Instant createdAt) {
        return new ModelVersion(name, version, "java", "classpath:dev.example.Scorer", null,
                new ModelSchema(List.of(FeatureSpec.of("x", FeatureType.NUMBER)), OutputSpec.classes(List.of("a", "b"))),
                Map.of("className", "dev.example.Scorer"), createdAt, Provenance.of("config"));
    }

    private static PredictionEvent event(String id, Instant time) {
        return new PredictionEvent(id, time, "loan-default", "loan-default", "v1", 42_000, "ok", 1, "[{\"x\":1.5}]",
                "[{\"label\":\"a\"}]");
    }

    @Test
    void createsTheDataDirectoryAndTheDatabaseFileInWalMode() throws Exception {
        Path data = dir.resolve("nested/data");

        try (SqliteStore store = SqliteStore.open(data)) {
            assertThat(store.dataDir()).isEqualTo(data.toAbsolutePath());
            assertThat(data.resolve(SqliteStore.DATABASE_FILE)).isRegularFile();
            assertThat(pragma(data, "journal_mode")).isEqualTo("wal");
        }
    }

    @Test
    void reopeningTheDirectoryFindsEveryVersionDeploymentAndPrediction() {
        List<ModelVersion> versions = List.of(version("a", "v1", T0), version("a", "v2", T0.plusSeconds(1)),
                version("b", "v1", T0));
        Deployment deployment = new Deployment("loan-default", "a", "v2", "{\"serving\":\"v2\"}", T0);
        List<PredictionEvent> events = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            events.add(event("r" + i, T0.plusMillis(i)));
        }
        try (SqliteStore store = SqliteStore.open(dir)) {
            versions.forEach(store.models()::register);
            store.deployments().put(deployment);
            store.deployments().put(new Deployment("gone", "b", "v1", null, T0));
            store.deployments().delete("gone");
            try (BatchingPredictionLog log = new BatchingPredictionLog(store.predictionSink(), 100, 7, 10, 1.0)) {
                events.forEach(log::offer);
            }
        }

        try (SqliteStore reopened = SqliteStore.open(dir)) {
            assertThat(reopened.models().list()).containsExactlyElementsOf(versions);
            assertThat(reopened.deployments().list()).containsExactly(deployment);
            assertThat(reopened.predictions().recent("loan-default", 100)).containsExactlyElementsOf(events.reversed());
            assertThat(reopened.predictions().find("r7")).contains(events.get(7));
        }
    }

    @Test
    void reopeningTheDirectoryFindsEveryMetricBucketLabelAndEvent() {
        SeriesKey primary = new SeriesKey("loan-default", "v1", Role.PRIMARY);
        SeriesKey shadow = new SeriesKey("loan-default", "v2", Role.SHADOW);
        byte[] payload = new byte[4096];
        new java.util.Random(7).nextBytes(payload);
        List<StoredBucket> buckets = List.of(new StoredBucket(primary, T0, 10_000, payload),
                new StoredBucket(shadow, T0, 10_000, new byte[] {0, 1, 2}),
                new StoredBucket(primary, T0.plusSeconds(10), 10_000, new byte[] {(byte) 0xff}));
        List<Label> labels = List.of(new Label("r1", 0, "loan-default", "v1", "repaid", null, T0),
                new Label("r1", 1, "loan-default", "v1", "defaulted", null, T0));
        Label numeric = new Label("r2", 0, "loan-default", "v1", null, 12.5, T0.plusSeconds(1));
        FeedbackEvent event = new FeedbackEvent("loan-default", "v2", null, "redo_search", 1.0, T0.plusSeconds(2));
        try (SqliteStore store = SqliteStore.open(dir)) {
            store.metrics().write(buckets);
            store.feedback().saveLabels(labels);
            store.feedback().saveLabels(List.of(numeric));
            store.feedback().saveEvent(event);
        }

        try (SqliteStore reopened = SqliteStore.open(dir)) {
            List<StoredBucket> read = reopened.metrics().read("loan-default", T0, T0.plusSeconds(20));
            assertThat(read).hasSize(3);
            for (StoredBucket b : buckets) {
                assertThat(read).anySatisfy(r -> {
                    assertThat(r.key()).isEqualTo(b.key());
                    assertThat(r.start()).isEqualTo(b.start());
                    assertThat(r.widthMillis()).isEqualTo(b.widthMillis());
                    assertThat(r.payload()).isEqualTo(b.payload());
                });
            }
            assertThat(reopened.feedback().findLabels("r1")).containsExactlyElementsOf(labels);
            assertThat(reopened.feedback().labels("loan-default", 10)).containsExactly(numeric, labels.get(0), labels.get(1));
            assertThat(reopened.feedback().saveLabels(List.of(new Label("r2", 0, "loan-default", "v1", null, 99.0,
                    T0.plusSeconds(3))))).containsExactly(numeric);
            assertThat(reopened.feedback().events("loan-default", 10)).containsExactly(event);
        }
    }

    @Test
    void twoStoresOnOneDirectoryLabelARequestOnce() throws Exception {
        int threads = 8;
        try (SqliteStore first = SqliteStore.open(dir); SqliteStore second = SqliteStore.open(dir)) {
            List<Callable<List<Label>>> tasks = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                SqliteStore store = t % 2 == 0 ? first : second;
                Label mine = new Label("contested", 0, "d", "v1", "label-" + t, null, T0);
                tasks.add(() -> store.feedback().saveLabels(List.of(mine)));
            }
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<List<Label>> answers = new ArrayList<>();
            try {
                for (Future<List<Label>> f : pool.invokeAll(tasks, 25, TimeUnit.SECONDS)) {
                    answers.add(f.get());
                }
            } finally {
                pool.shutdownNow();
            }

            assertThat(answers).filteredOn(List::isEmpty).hasSize(1);
            assertThat(second.feedback().findLabels("contested")).hasSize(1);
        }
    }

    @Test
    void migrationsAreAppliedOnceAcrossReopens() throws Exception {
        SqliteStore.open(dir).close();
        SqliteStore.open(dir).close();
        try (SqliteStore store = SqliteStore.open(dir)) {
            store.models().register(version("a", "v1", T0));
        }

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteStore.DATABASE_FILE));
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT version, success FROM flyway_schema_history WHERE version IS NOT NULL")) {
            List<String> applied = new ArrayList<>();
            while (rs.next()) {
                assertThat(rs.getBoolean("success")).isTrue();
                applied.add(rs.getString("version"));
            }
            assertThat(applied).containsExactly("1", "2", "3", "4", "5", "6", "7");
        }
    }

    @Test
    void predictionsLoggedBeforeV3ReadAsThePrimarys() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve(SqliteStore.DATABASE_FILE);
        org.sqlite.SQLiteDataSource v2 = new org.sqlite.SQLiteDataSource();
        v2.setUrl(url);
        org.flywaydb.core.Flyway.configure().dataSource(v2).locations("classpath:db/migration").target("2").load()
                .migrate();
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO predictions (request_id, time, deployment, model, version, latency_nanos, "
                    + "outcome, batch_size) VALUES ('old', " + T0.toEpochMilli() + ", 'loan-default', 'm', 'v1', 5, "
                    + "'ok', 1)");
        }

        try (SqliteStore store = SqliteStore.open(dir)) {
            store.predictionSink().write(List.of(new PredictionEvent("new", T0.plusMillis(1), "loan-default", "m", "v2",
                    5, "ok", 1, null, null, "candidate")));

            assertThat(store.predictions().find("old")).get().extracting(PredictionEvent::role).isEqualTo("primary");
            assertThat(store.predictions().recent("loan-default", 10)).extracting(PredictionEvent::role)
                    .containsExactly("candidate", "primary");
        }
    }

    @Test
    void instantsRoundTripAtMillisecondPrecision() {
        Instant precise = Instant.parse("2026-03-01T12:00:00.123456789Z");
        try (SqliteStore store = SqliteStore.open(dir)) {
            store.deployments().put(new Deployment("d", "m", "v1", null, precise));

            assertThat(store.deployments().find("d").orElseThrow().updatedAt())
                    .isEqualTo(Instant.parse("2026-03-01T12:00:00.123Z"));
        }
    }

    @Test
    void writersFromEightThreadsOnSeparateStoresOfOneDirectoryAllSucceed() throws Exception {
        // two stores on one file behave like two processes: their writers meet in SQLite's lock
        int threads = 8;
        try (SqliteStore first = SqliteStore.open(dir); SqliteStore second = SqliteStore.open(dir)) {
            List<Callable<Void>> tasks = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                SqliteStore store = t % 2 == 0 ? first : second;
                int thread = t;
                tasks.add(() -> {
                    for (int i = 0; i < 10; i++) {
                        store.models().register(version("m" + thread, "v" + i, T0));
                        store.models().register(version("shared", "v1", T0));
                        store.deployments().put(new Deployment("d" + thread, "m" + thread, "v" + i, null, T0));
                        store.predictionSink().write(List.of(event("t" + thread + "-" + i, T0)));
                        assertThat(store.models().find("m" + thread, "v" + i)).isPresent();
                    }
                    return null;
                });
            }
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                for (Future<Void> f : pool.invokeAll(tasks, 25, TimeUnit.SECONDS)) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }

            assertThat(first.models().list()).hasSize(threads * 10 + 1);
            assertThat(second.deployments().list()).hasSize(threads)
                    .allSatisfy(d -> assertThat(d.serving()).isEqualTo("v9"));
            assertThat(first.predictions().recent("loan-default", 1_000)).hasSize(threads * 10);
        }
    }

    @Test
    void callsAfterCloseFail() {
        SqliteStore store = SqliteStore.open(dir);
        store.close();
        store.close();

        assertThatThrownBy(() -> store.deployments().list()).hasMessageContaining("closed");
    }

    @Test
    void aDataDirectoryThatIsAFileCannotBeOpened() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");

        assertThatThrownBy(() -> SqliteStore.open(file)).isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessageContaining("not-a-dir");
    }

    private static String pragma(Path data, String name) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve(SqliteStore.DATABASE_FILE));
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
