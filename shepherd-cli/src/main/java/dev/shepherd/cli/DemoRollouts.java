package dev.shepherd.cli;

import dev.shepherd.config.RolloutSpecReader;
import dev.shepherd.registry.Deployment;
import dev.shepherd.registry.ModelVersion;
import dev.shepherd.registry.Provenance;
import dev.shepherd.rollout.Rollout;
import dev.shepherd.rollout.RolloutController;
import dev.shepherd.rollout.RolloutEvent;
import dev.shepherd.rollout.RolloutStatus;
import dev.shepherd.rollout.Status;
import dev.shepherd.serving.Gateway;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;

/**
 * The demo's rollout story, told while traffic flows: v2 runs in shadow beside v1, then goes
 * through a canary ramp and is promoted; then a deliberately bad v3 ({@link SegmentFaultModel}:
 * null answers for applicants from the south) goes to canary and is rolled back automatically by
 * its null-output gate. Every rollout transition is printed as it happens. Runs once per demo on
 * its own thread; the deployment is put back on v1 first when an earlier demo left it elsewhere.
 */
final class DemoRollouts implements AutoCloseable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    /**
     * How long each part of the story lasts.
     *
     * @param settle time traffic runs on v1 before the first rollout
     * @param shadow how long v2 runs in shadow
     * @param step   bake time of each canary step
     */
    record Timing(Duration settle, Duration shadow, Duration step) {
        /** The demo's pace: about a minute and a half for the whole story at 20 requests per second. */
        static Timing demo() {
            return new Timing(Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(10));
        }
    }

    private final Gateway gateway;
    private final RolloutController controller;
    private final Path dataDir;
    private final Clock clock;
    private final PrintStream out;
    private final Timing timing;
    private final Thread thread;
    private volatile Status goodOutcome;
    private volatile Status badOutcome;

    DemoRollouts(Node node, Path dataDir, Clock clock, PrintStream out, Timing timing) {
        this.gateway = node.gateway();
        this.controller = node.rollouts();
        this.dataDir = dataDir;
        this.clock = clock;
        this.out = out;
        this.timing = timing;
        this.thread = Thread.ofVirtual().name("shepherd-demo-rollouts").unstarted(this::story);
    }

    DemoRollouts start() {
        controller.onEvent(this::print);
        thread.start();
        return this;
    }

    /** How the v2 rollout ended ({@code null} while it runs). */
    Status goodOutcome() {
        return goodOutcome;
    }

    /** How the v3 rollout ended ({@code null} while it runs). */
    Status badOutcome() {
        return badOutcome;
    }

    /** Waits for the story to end, up to {@code d}; true when it ended. */
    boolean await(Duration d) throws InterruptedException {
        return thread.join(d);
    }

    private void story() {
        try {
            String name = DemoModels.NAME;
            Deployment d = gateway.status(name).orElseThrow().deployment();
            if (!d.serving().equals("v1") || !DemoModels.SPEC.equals(d.specJson())) {
                out.println("[rollout] putting " + name + " back on v1 for the rollout story (it served " + d.serving() + ")");
                gateway.putDeployment(new Deployment(name, d.model(), "v1", DemoModels.SPEC, clock.instant()));
            }
            Thread.sleep(timing.settle().toMillis());
            out.println("[rollout] v2 runs in shadow for " + secs(timing.shadow()) + ", then a canary ramp 10 % -> 50 % -> 100 %");
            goodOutcome = run(name, """
                    {"candidate": "v2", "strategy": "shadow", "shadow": {"duration": "%s", "then": "canary"},
                     "steps": [{"weight": 10, "bake": "%s", "minRequests": 10}, {"weight": 50, "bake": "%s", "minRequests": 30},
                               {"weight": 100, "bake": "%s"}],
                     "gates": [{"metric": "error_rate", "max": 0.01}, {"metric": "null_output_fraction", "max": 0.02},
                               {"metric": "latency_p99_ms", "max": 250},
                               {"metric": "feedback_rate", "event": "redo_search", "maxDeltaToPrimary": 0.25}],
                     "analysis": {"window": "1m", "minRequests": 20}}"""
                    .formatted(secs(timing.shadow()), secs(timing.step()), secs(timing.step()), secs(timing.step())));
            if (goodOutcome != Status.SUCCEEDED) {
                out.println("[rollout] v2 was not promoted (" + goodOutcome + "); the story stops here");
                return;
            }
            registerFaulty();
            out.println("[rollout] v3 answers null for applicants from the south; it goes to canary at 25 %, gated on the "
                    + "alert rule candidate-nulls");
            badOutcome = run(name, """
                    {"candidate": "v3", "strategy": "canary",
                     "steps": [{"weight": 25, "bake": "%s"}, {"weight": 100, "bake": "%s"}],
                     "gates": [{"alert": "candidate-nulls"}, {"metric": "error_rate", "max": 0.01}],
                     "analysis": {"window": "1m", "minRequests": 20}}""".formatted(secs(timing.step().multipliedBy(3)),
                    secs(timing.step())));
            out.println("[rollout] story done: v2 " + goodOutcome.wireName() + ", v3 " + badOutcome.wireName()
                    + "; see ./shepherd rollout history " + name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            out.println("[rollout] story stopped: " + e.getMessage());
        }
    }

    /** Starts a rollout and waits for it to end; returns how it ended. */
    private Status run(String name, String specJson) throws InterruptedException {
        Rollout r = controller.start(name, RolloutSpecReader.parse(specJson), specJson, "demo");
        while (true) {
            Optional<RolloutStatus> s = controller.status(name);
            if (s.isPresent() && s.get().rollout().id().equals(r.id()) && !s.get().rollout().status().active()) {
                return s.get().rollout().status();
            }
            Thread.sleep(200);
        }
    }

    private void registerFaulty() {
        if (gateway.store().models().find(DemoModels.NAME, "v3").isPresent()) {
            return;
        }
        ModelVersion v2 = gateway.store().models().find(DemoModels.NAME, "v2").orElseThrow();
        Path onnx = dataDir.resolve(v2.uri()).toAbsolutePath();
        gateway.register(new ModelVersion(DemoModels.NAME, "v3", "java", "classpath:", null, v2.schema(),
                Map.of("className", SegmentFaultModel.class.getName(), "delegate", onnx.toString(),
                        "faultyFeature", "region", "faultyValue", "south"),
                clock.instant(), Provenance.of("demo: v2 with an injected fault for the south region")));
        out.println("  registered " + DemoModels.NAME + ":v3 (v2 with a fault for one segment)");
    }

    private void print(RolloutEvent e) {
        out.printf("[rollout] %s %-14s %-8s %-18s %5s %%  %s%n", TIME.format(e.at()), e.action(), e.phase().wireName(),
                e.status().wireName(), pct(e.weight()), e.reason());
    }

    private static String pct(double w) {
        return w == Math.rint(w) ? Long.toString((long) w) : Double.toString(w);
    }

    private static String secs(Duration d) {
        return Math.max(1, d.toSeconds()) + "s";
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
