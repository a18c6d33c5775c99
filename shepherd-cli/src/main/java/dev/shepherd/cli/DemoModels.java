package dev.shepherd.cli;

import dev.shepherd.drift.Profile;
import dev.shepherd.drift.ProfileBuilder;
import dev.shepherd.drift.ProfileCodec;
import dev.shepherd.drift.ReferenceStore;
import dev.shepherd.drift.SchemaColumns;
import dev.shepherd.drift.WindowProfiles;
import dev.shepherd.registry.Deployment;
import dev.shepherd.registry.ModelVersion;
import dev.shepherd.serving.Gateway;
import dev.shepherd.training.LabelledData;
import dev.shepherd.training.LoanData;
import dev.shepherd.training.TabularTrainer;
import dev.shepherd.training.TrainedModel;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The demo's models: two versions of {@code loan-default} trained in process with Tribuo and
 * exported to ONNX. v1 learns from 3,000 applicants of the baseline period; v2 from 12,000
 * applicants spread over the baseline and the later, riskier period. Both are registered with
 * their provenance; the {@code loan-default} deployment is created serving v1 unless it exists.
 * Idempotent: on an existing data directory nothing is retrained.
 */
final class DemoModels {
    static final String NAME = "loan-default";

    private DemoModels() {
    }

    /**
     * The demo deployment's spec: drift over the last minute (fast) and the last 15 minutes (slower),
     * an alert when 30 % of the features drift, and one on a candidate's null outputs (the v3 canary's gate).
     */
    static final String SPEC = "{\"serving\":\"v1\",\"drift\":{\"windows\":[\"1m\",\"15m\"]},\"alerts\":["
            + "{\"name\":\"drift\",\"expr\":\"drift_share >= 0.3\",\"for\":\"0s\",\"severity\":\"ticket\","
            + "\"annotations\":{\"summary\":\"the applicants no longer look like the training data\"}},"
            + "{\"name\":\"candidate-nulls\",\"expr\":\"candidate.null_output_fraction > 0.05\",\"window\":\"1m\","
            + "\"severity\":\"page\"}]}";

    /** The deployment of the same model in partial automation, with people taking the unsure cases. */
    static final String REVIEW = "loan-review";

    /** Partial automation: the model answers at confidence >= 0.8; 5 % of its answers are audited. */
    static final String REVIEW_SPEC = "{\"serving\":\"v1\",\"automation\":{\"level\":\"partial\","
            + "\"threshold\":0.8,\"auditShare\":0.05}}";

    static void ensure(Gateway gateway, Path dataDir, Clock clock, PrintStream out) {
        LabelledData v1 = LoanData.generate(3_000, 11, 0.0);
        LabelledData v2 = newerData();
        register(gateway, dataDir, clock, out, "v1", v1, 1);
        register(gateway, dataDir, clock, out, "v2", v2, 2);
        reference(gateway, clock, out, "v1", v1);
        reference(gateway, clock, out, "v2", v2);
        if (gateway.store().deployments().find(NAME).isEmpty()) {
            gateway.putDeployment(new Deployment(NAME, NAME, "v1", SPEC, clock.instant()));
            out.println("  deployed " + NAME + " serving v1");
        }
        if (gateway.store().deployments().find(REVIEW).isEmpty()) {
            gateway.putDeployment(new Deployment(REVIEW, NAME, "v1", REVIEW_SPEC, clock.instant()));
            out.println("  deployed " + REVIEW + " serving v1 in partial automation (people decide below 80 % confidence)");
        }
    }

    /**
     * Stores the version's reference profile, built from its training data: every input, and the
     * training labels as {@code prediction} (the class mix the model learned).
     */
    private static void reference(Gateway gateway, Clock clock, PrintStream out, String version, LabelledData data) {
        if (gateway.store().references().find(NAME, version).isPresent()) {
            return;
        }
        java.util.List<ProfileBuilder.Column> columns = new java.util.ArrayList<>(SchemaColumns.of(data.schema()));
        columns.add(new ProfileBuilder.Column(WindowProfiles.PREDICTION, ProfileBuilder.Kind.CATEGORY));
        ProfileBuilder b = new ProfileBuilder(columns);
        for (int r = 0; r < data.size(); r++) {
            Object[] row = java.util.Arrays.copyOf(data.rows().get(r), columns.size());
            row[columns.size() - 1] = data.labels().get(r);
            b.record(row);
        }
        Profile p = b.build("training data of " + NAME + ":" + version, clock.instant());
        gateway.store().references().put(new ReferenceStore.Stored(NAME, version, ProfileCodec.write(p), p.source(),
                clock.instant()));
        out.printf("  reference profile of %s:%s from %,d training rows%n", NAME, version, data.size());
    }

    /** 12,000 rows: half from the baseline period, half from the later one. */
    private static LabelledData newerData() {
        LabelledData old = LoanData.generate(6_000, 21, 0.0);
        LabelledData recent = LoanData.generate(6_000, 22, 1.0);
        java.util.List<Object[]> rows = new java.util.ArrayList<>(old.rows());
        rows.addAll(recent.rows());
        java.util.List<String> labels = new java.util.ArrayList<>(old.labels());
        labels.addAll(recent.labels());
        return new LabelledData(old.schema(), rows, labels, "loan applicants, baseline + later period (12,000 rows)");
    }

    private static void register(Gateway gateway, Path dataDir, Clock clock, PrintStream out, String version,
                                 LabelledData data, long seed) {
        if (gateway.store().models().find(NAME, version).isPresent()) {
            out.println("  " + NAME + ":" + version + " already registered");
            return;
        }
        long t0 = System.nanoTime();
        Path file = dataDir.resolve("artifacts").resolve(NAME).resolve(version).resolve("model.onnx");
        TrainedModel trained = TabularTrainer.logisticRegression().withSeed(seed).train(data, file);
        ModelVersion mv = trained.toVersion(NAME, version, "demo-trainer", clock.instant());
        gateway.register(mv);
        out.printf("  trained %s:%s on %,d rows in %.1f s: holdout accuracy %.3f (majority baseline %.3f)%n",
                NAME, version, data.size(), (System.nanoTime() - t0) / 1e9, trained.accuracy(), trained.baselineAccuracy());
    }
}
