package dev.shepherd.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shepherd.error.ConflictException;
import dev.shepherd.error.NotFoundException;
import dev.shepherd.monitor.Role;
import dev.shepherd.monitor.SeriesKey;
import dev.shepherd.runtime.fixtures.CreditScorer;
import dev.shepherd.serving.InferenceResult;
import dev.shepherd.serving.TrafficSplit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RolloutControllerTest {
    private static final String CANARY = """
            {"candidate": "v2", "strategy": "canary",
             "steps": [{"weight": 20, "bake": "1m", "minRequests": 10}, {"weight": 50, "bake": "1m", "minRequests": 10}],
             "gates": [{"metric": "error_rate", "max": 0.01}, {"metric": "null_output_fraction", "max": 0.01}],
             "analysis": {"window": "1m", "minRequests": 5}}""";

    @TempDir
    Path dir;
    RolloutFixture f;

    @BeforeEach
    void setUp() {
        f = new RolloutFixture(dir);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private static long share(List<InferenceResult> results, String version) {
        return results.stream().filter(r -> r.version().equals(version)).count();
    }

    @Test
    void canaryRampsThroughItsStepsAndPromotes() {
        f.register("v2", CreditScorer.class);
        Rollout r = f.start(CANARY);
        assertThat(r.phase()).isEqualTo(Phase.CANARY);
        assertThat(r.weight()).isEqualTo(20.0);
        List<InferenceResult> first = f.send(400);
        assertThat(share(first, "v2")).isBetween(50L, 110L); // 20 % of 400 with sampling noise of distinct keys
        assertThat(first).filteredOn(x -> x.version().equals("v2")).allSatisfy(x -> assertThat(x.role()).isEqualTo(Role.CANDIDATE));

        f.after(Duration.ofSeconds(30));
        assertThat(f.current().step()).as("bake not done").isZero();
        f.after(Duration.ofSeconds(31));
        assertThat(f.current().step()).isEqualTo(1);
        assertThat(f.current().weight()).isEqualTo(50.0);
        assertThat(f.gateway.split(RolloutFixture.DEPLOYMENT)).map(TrafficSplit::candidateBasisPoints).contains(5_000);

        f.send(200);
        f.after(Duration.ofSeconds(61));
        Rollout done = f.current();
        assertThat(done.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(f.serving()).isEqualTo("v2");
        assertThat(f.send(20)).allSatisfy(x -> {
            assertThat(x.version()).isEqualTo("v2");
            assertThat(x.role()).isEqualTo(Role.PRIMARY);
        });
        assertThat(f.actions()).containsExactly("start", "step", "promote");
        assertThat(f.events).extracting(RolloutEvent::actor).containsExactly("alice", "controller", "controller");
        assertThat(f.store.rollouts().events(done.id()).get(1).values()).containsKey("error_rate");
    }

    @Test
    void aStepWaitsForItsMinimumRequestsAndForEveryGateToHaveData() {
        f.register("v2", CreditScorer.class);
        f.start(CANARY);
        f.after(Duration.ofSeconds(61));
        assertThat(f.current().step()).as("no traffic: gates pending").isZero();
        assertThat(f.controller.status(RolloutFixture.DEPLOYMENT).orElseThrow().gates())
                .allSatisfy(g -> assertThat(g.verdict()).isEqualTo(GateCheck.Verdict.PENDING));
        f.send(400);
        f.after(Duration.ofSeconds(1));
        assertThat(f.current().step()).isEqualTo(1);
    }

    static Stream<Arguments> badCandidates() {
        return Stream.of(
                Arguments.of(Candidates.FailingModel.class, "{\"metric\": \"error_rate\", \"max\": 0.01}", "error_rate"),
                Arguments.of(Candidates.NullModel.class, "{\"metric\": \"null_output_fraction\", \"max\": 0.02}",
                        "null_output_fraction"),
                Arguments.of(Candidates.SlowModel.class, "{\"metric\": \"latency_p99_ms\", \"maxRatioToPrimary\": 2}",
                        "latency_p99_ms"),
                Arguments.of(Candidates.UnsureModel.class, "{\"metric\": \"low_confidence_fraction\", \"max\": 0.3}",
                        "low_confidence_fraction"),
                Arguments.of(Candidates.FlippedModel.class, "{\"metric\": \"disagreement_rate\", \"max\": 0.1}",
                        "disagreement_rate"));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("badCandidates")
    void aFailedGateRollsBackAtOnce(Class<?> model, String gate, String metric) {
        f.register("v2", model);
        f.start("""
                {"candidate": "v2", "strategy": "canary", "steps": [{"weight": 50, "bake": "5m"}],
                 "gates": [%s], "analysis": {"window": "1m", "minRequests": 10}}""".formatted(gate));
        f.sendIgnoringErrors(60);
        if (metric.equals("disagreement_rate")) {
            f.awaitCompared("v2", 10);
        }
        f.after(Duration.ofSeconds(1));
        Rollout r = f.current();
        assertThat(r.status()).isEqualTo(Status.FAILED);
        assertThat(r.weight()).isZero();
        assertThat(r.reason()).contains(metric);
        assertThat(f.gateway.split(RolloutFixture.DEPLOYMENT)).isEmpty();
        assertThat(f.send(30)).allSatisfy(x -> assertThat(x.version()).isEqualTo("v1"));
        RolloutEvent failed = f.store.rollouts().events(r.id()).getLast();
        assertThat(failed.action()).isEqualTo("gate-failed");
        assertThat(failed.actor()).isEqualTo("controller");
        assertThat(failed.values()).containsKey(metric);
        assertThat(f.gateway.isLoaded("credit", "v2")).as("candidate unloaded").isFalse();
    }

    @Test
    void aGateCanNameAnAlertRuleWhichFiringForTheCandidateRollsItBack() {
        f.gateway.putDeployment(new dev.shepherd.registry.Deployment(RolloutFixture.DEPLOYMENT, "credit", "v1",
                "{\"alerts\": [{\"name\": \"unsure\", \"expr\": \"low_confidence_fraction > 0.5\"}]}",
                RolloutFixture.T0));
        f.register("v2", Candidates.UnsureModel.class);
        assertThatThrownBy(() -> f.start("{\"candidate\": \"v2\", \"gates\": [{\"alert\": \"nope\"}]}"))
                .hasMessageContaining("no alert rule named 'nope'");
        f.start("""
                {"candidate": "v2", "steps": [{"weight": 50, "bake": "5m"}], "gates": [{"alert": "unsure"}],
                 "analysis": {"window": "1m", "minRequests": 10}}""");
        f.send(60);
        f.after(Duration.ofSeconds(1));
        assertThat(f.current().status()).isEqualTo(Status.FAILED);
        assertThat(f.current().reason()).contains("alert rule unsure fires for the candidate");
        assertThat(f.store.rollouts().events(f.current().id()).getLast().values()).containsKey("alert:unsure");
    }

    @Test
    void anAlertGatePassesWhileTheRuleStaysQuietForTheCandidate() {
        f.register("v2", CreditScorer.class);
        f.start("""
                {"candidate": "v2", "steps": [{"weight": 50, "bake": "1m"}], "gates": [{"alert": "null-outputs"}],
                 "analysis": {"window": "1m", "minRequests": 10}}""");
        f.send(100);
        f.after(Duration.ofSeconds(61));
        assertThat(f.current().status()).isEqualTo(Status.SUCCEEDED);
    }

    @Test
    void aFeedbackEventRateAbovePrimarysFailsTheGate() {
        f.register("v2", CreditScorer.class);
        f.start("""
                {"candidate": "v2", "steps": [{"weight": 50, "bake": "5m"}],
                 "gates": [{"metric": "feedback_rate", "event": "redo_search", "maxRatioToPrimary": 1.5}],
                 "analysis": {"window": "1m", "minRequests": 10}}""");
        List<InferenceResult> sent = f.send(100);
        int n = 0;
        for (InferenceResult x : sent) {
            // users redo their search after half of v2's answers and a tenth of v1's
            boolean redo = x.version().equals("v2") ? n++ % 2 == 0 : n++ % 10 == 0;
            if (redo) {
                f.monitoring.recordEvent(new SeriesKey(RolloutFixture.DEPLOYMENT, x.version(), x.role()), "redo_search", 1);
            }
        }
        f.after(Duration.ofSeconds(1));
        assertThat(f.current().status()).isEqualTo(Status.FAILED);
        assertThat(f.current().reason()).contains("feedback_rate{event=\"redo_search\"}").contains("x primary");
    }

    @Test
    void restartInTheMiddleOfACanaryResumesAtTheSameStepWithItsBakeTime() {
        f.register("v2", CreditScorer.class);
        f.start(CANARY);
        f.send(300);
        f.after(Duration.ofSeconds(61));
        assertThat(f.current().step()).isEqualTo(1);
        f.send(300);
        f.after(Duration.ofSeconds(40));
        assertThat(f.current().baked()).isEqualTo(Duration.ofSeconds(40));

        f.restart(Duration.ofMinutes(5)); // time while down does not count
        Rollout resumed = f.current();
        assertThat(resumed.step()).isEqualTo(1);
        assertThat(resumed.status()).isEqualTo(Status.RUNNING);
        assertThat(resumed.baked()).isEqualTo(Duration.ofSeconds(40));
        assertThat(f.gateway.split(RolloutFixture.DEPLOYMENT)).map(TrafficSplit::weightPercent).contains(50.0);
        assertThat(f.actions()).containsExactly("start", "step", "restart");

        f.controller.tick();
        assertThat(f.current().baked()).isEqualTo(Duration.ofSeconds(40));
        f.send(100);
        f.after(Duration.ofSeconds(19));
        assertThat(f.current().status()).isEqualTo(Status.RUNNING);
        f.after(Duration.ofSeconds(2));
        assertThat(f.current().status()).isEqualTo(Status.SUCCEEDED);
        assertThat(f.serving()).isEqualTo("v2");
    }

    @Test
    void shadowNeverChangesAnswersAndEndsWithAReport() {
        f.register("v2", Candidates.FlippedModel.class);
        f.start("""
                {"candidate": "v2", "strategy": "shadow", "shadow": {"requests": 40, "then": "stop"},
                 "gates": [], "analysis": {"window": "1m", "minRequests": 5}}""");
        List<InferenceResult> sent = f.send(50);
        assertThat(sent).allSatisfy(x -> assertThat(x.version()).isEqualTo("v1"));
        f.awaitRequests("v2", Role.SHADOW, 50);
        f.awaitCompared("v2", 50);
        f.after(Duration.ofSeconds(1));
        Rollout r = f.current();
        assertThat(r.status()).isEqualTo(Status.COMPLETED);
        assertThat(r.reason()).contains("50 shadow requests").contains("agreement 0");
        assertThat(f.serving()).isEqualTo("v1");
        assertThat(f.gateway.split(RolloutFixture.DEPLOYMENT)).isEmpty();
    }

    private dev.shepherd.feedback.FeedbackService feedback() {
        return new dev.shepherd.feedback.FeedbackService(f.store, f.clock, new dev.shepherd.feedback.FeedbackSink() {
            @Override
            public void label(SeriesKey key, dev.shepherd.schema.Prediction predicted, String trueLabel, Double trueValue) {
                f.monitoring.recordLabel(key, predicted, trueLabel, trueValue);
            }

            @Override
            public void event(SeriesKey key, String event, double value) {
                f.monitoring.recordEvent(key, event, value);
            }
        }, d -> java.util.Optional.of("v1"), f.gateway.recentPredictions(), Duration.ZERO);
    }

    private static String label(InferenceResult r) {
        return ((dev.shepherd.schema.Prediction.ClassPrediction) r.predictions().getFirst()).label();
    }

    @Test
    void labelsJoinTheShadowsAnswersTooSoTheReportComparesAccuracy() {
        f.register("v2", Candidates.FlippedModel.class);
        f.start("""
                {"candidate": "v2", "strategy": "shadow", "shadow": {"requests": 30, "then": "stop"},
                 "gates": [], "analysis": {"window": "1m", "minRequests": 5}}""");
        List<InferenceResult> sent = f.send(30);
        f.awaitCompared("v2", 30);
        var fb = feedback();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (InferenceResult r : sent) { // the truth is what v1 said: v1 always right, the flipped shadow always wrong
            fb.submit(json.createObjectNode().put("request_id", r.requestId()).put("label", label(r)));
        }
        f.after(Duration.ofSeconds(1));
        assertThat(f.current().status()).isEqualTo(Status.COMPLETED);
        assertThat(f.current().reason()).contains("accuracy 0 vs primary 1").contains("agreement 0");
    }

    @Test
    void feedbackOnACanaryAnswerCountsForTheCandidate() {
        f.register("v2", CreditScorer.class);
        f.start(CANARY);
        List<InferenceResult> sent = f.send(100);
        var fb = feedback();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (InferenceResult r : sent) {
            fb.submit(json.createObjectNode().put("request_id", r.requestId()).put("label", label(r)));
            fb.submit(json.createObjectNode().put("request_id", r.requestId()).put("event", "redo_search"));
        }
        var window = f.monitoring.window(RolloutFixture.DEPLOYMENT, RolloutFixture.T0, f.clock.instant().plusSeconds(10));
        var candidate = window.get(new SeriesKey(RolloutFixture.DEPLOYMENT, "v2", Role.CANDIDATE));
        var primary = window.get(new SeriesKey(RolloutFixture.DEPLOYMENT, "v1", Role.PRIMARY));
        assertThat(candidate.feedback().labels()).isEqualTo(share(sent, "v2"));
        assertThat(primary.feedback().labels()).isEqualTo(share(sent, "v1"));
        assertThat(candidate.values().get("feedback_rate{event=\"redo_search\"}")).isEqualTo(1.0);
    }

    @Test
    void applyRefusesADeclaredCandidateThatIsNotRegisteredOrDoesNotLoad() {
        dev.shepherd.config.ConfigParser parser = new dev.shepherd.config.ConfigParser(f.clock);
        String deployment = """
                apiVersion: shepherd/v1
                kind: Deployment
                metadata: {name: credit}
                spec: {model: credit, serving: v1, rollout: {candidate: %s}}
                """;
        assertThatThrownBy(() -> f.gateway.apply(parser.parse(deployment.formatted("v9"), dir, "t")))
                .isInstanceOfSatisfying(dev.shepherd.error.InvalidConfigException.class, e -> assertThat(e.errors())
                        .extracting(dev.shepherd.error.ConfigError::path).containsExactly("Deployment credit spec.rollout.candidate"));
        String broken = dev.shepherd.runtime.fixtures.FixtureSchemas.creditModelYaml("v4", "com.example.Missing") + "---\n";
        assertThatThrownBy(() -> f.gateway.apply(parser.parse(broken + deployment.formatted("v4"), dir, "t")))
                .isInstanceOf(dev.shepherd.error.InvalidConfigException.class);
        assertThat(f.store.models().find("credit", "v4")).as("nothing applied").isEmpty();
    }

    @Test
    void aPromotionRecordedJustBeforeACrashIsFinishedOnRestart() {
        f.register("v2", CreditScorer.class);
        Rollout r = f.start(CANARY);
        f.clock.advance(Duration.ofSeconds(5));
        // the store has the promotion, the deployment was never switched (the server stopped in between)
        Rollout promoted = r.with(Phase.DONE, Status.SUCCEEDED, 0, 100, r.stepStartedAt(), r.baked(), f.clock.instant(),
                "promoted");
        f.store.rollouts().save(promoted, null);
        assertThat(f.serving()).isEqualTo("v1");
        f.restart(Duration.ZERO);
        assertThat(f.serving()).isEqualTo("v2");
        assertThat(f.send(5)).allSatisfy(x -> assertThat(x.version()).isEqualTo("v2"));
    }

    @Test
    void deletingTheDeploymentAbortsItsRollout() {
        f.register("v2", CreditScorer.class);
        Rollout r = f.start(CANARY);
        f.gateway.deleteDeployment(RolloutFixture.DEPLOYMENT);
        f.after(Duration.ofSeconds(1));
        Rollout ended = f.store.rollouts().find(r.id()).orElseThrow();
        assertThat(ended.status()).isEqualTo(Status.ABORTED);
        assertThat(ended.reason()).contains("deleted");
    }

    @Test
    void shadowAdvancesToCanaryWhenConfigured() {
        f.register("v2", CreditScorer.class);
        f.start("""
                {"candidate": "v2", "strategy": "shadow", "shadow": {"duration": "1m", "then": "canary"},
                 "steps": [{"weight": 10, "bake": "1m"}], "analysis": {"window": "1m", "minRequests": 5}}""");
        f.send(30);
        f.awaitRequests("v2", Role.SHADOW, 30);
        f.after(Duration.ofSeconds(30));
        assertThat(f.current().phase()).isEqualTo(Phase.SHADOW);
        f.after(Duration.ofSeconds(31));
        assertThat(f.current().phase()).isEqualTo(Phase.CANARY);
        assertThat(f.current().weight()).isEqualTo(10.0);
        assertThat(f.current().reason()).contains("shadow passed").contains("agreement 1");
    }

    static Stream<Class<?>> brokenShadows() {
        return Stream.of(Candidates.FailingModel.class, Candidates.HangingModel.class, Candidates.NullModel.class);
    }

    @ParameterizedTest
    @MethodSource("brokenShadows")
    void aBrokenShadowNeverChangesWhatClientsReceive(Class<?> model) {
        List<InferenceResult> without = f.send(20);
        f.register("v2", model);
        f.start("{\"candidate\": \"v2\", \"strategy\": \"shadow\", \"gates\": []}");
        List<InferenceResult> with = f.send(20);
        assertThat(with).allSatisfy(x -> assertThat(x.version()).isEqualTo("v1"));
        // same inputs (seeded by request number) would give the same answers; compare classes of the same seeds
        RolloutFixture again = new RolloutFixture(dir.resolve("again"));
        try {
            List<InferenceResult> reference = again.send(40).subList(20, 40);
            assertThat(with).extracting(x -> x.predictions().toString())
                    .containsExactlyElementsOf(reference.stream().map(x -> x.predictions().toString()).toList());
        } finally {
            again.close();
        }
        assertThat(without).hasSize(20);
        f.awaitRequests("v2", Role.SHADOW, model == Candidates.HangingModel.class ? 1 : 20);
        assertThat(f.current().status()).isEqualTo(Status.RUNNING);
    }

    @Test
    void blueGreenWarmsSwitchesAtOnceBakesAndPromotesKeepingBlueForAnInstantRollback() {
        f.register("v2", Candidates.CountingModel.class);
        Candidates.CountingModel.CALLS.set(0);
        Rollout r = f.start("""
                {"candidate": "v2", "strategy": "blue-green",
                 "blueGreen": {"warmup": 7, "bake": "1m", "retention": "10m"},
                 "analysis": {"window": "1m", "minRequests": 5}}""");
        assertThat(Candidates.CountingModel.CALLS.get()).as("warm-up requests").isEqualTo(7);
        assertThat(r.phase()).isEqualTo(Phase.SWITCHED);
        assertThat(f.send(30)).allSatisfy(x -> assertThat(x.version()).isEqualTo("v2"));
        assertThat(f.gateway.isLoaded("credit", "v1")).as("blue stays loaded").isTrue();
        f.after(Duration.ofSeconds(61));
        assertThat(f.current().status()).isEqualTo(Status.SUCCEEDED);
        assertThat(f.serving()).isEqualTo("v2");
        assertThat(f.gateway.isLoaded("credit", "v1")).as("blue retained after promotion").isTrue();
        assertThat(f.actions()).containsExactly("start", "switch", "promote");

        Rollout back = f.controller.act(RolloutFixture.DEPLOYMENT, Action.ROLLBACK, "bob", null, null);
        assertThat(back.status()).isEqualTo(Status.ROLLED_BACK);
        assertThat(f.serving()).isEqualTo("v1");
        assertThat(f.send(10)).allSatisfy(x -> assertThat(x.version()).isEqualTo("v1"));
        assertThat(f.store.rollouts().events(back.id()).getLast().actor()).isEqualTo("bob");
    }

    @Test
    void retainedBlueUnloadsAfterItsRetention() {
        f.register("v2", CreditScorer.class);
        f.start("""
                {"candidate": "v2", "strategy": "blue-green", "blueGreen": {"warmup": 0, "bake": "1m", "retention": "10m"},
                 "analysis": {"window": "1m", "minRequests": 5}}""");
        f.send(30);
        f.after(Duration.ofSeconds(61));
        assertThat(f.serving()).isEqualTo("v2");
        f.after(Duration.ofMinutes(9));
        assertThat(f.gateway.isLoaded("credit", "v1")).isTrue();
        f.after(Duration.ofMinutes(2));
        assertThat(f.gateway.isLoaded("credit", "v1")).isFalse();
    }

    @Test
    void blueGreenSwitchesBackWhenAGateFailsDuringTheBake() {
        f.register("v2", Candidates.NullModel.class);
        f.send(30);
        f.start("""
                {"candidate": "v2", "strategy": "blue-green", "blueGreen": {"warmup": 3, "bake": "2m"},
                 "analysis": {"window": "1m", "minRequests": 5}}""");
        assertThat(f.send(10)).allSatisfy(x -> assertThat(x.version()).isEqualTo("v2"));
        f.after(Duration.ofSeconds(1));
        assertThat(f.current().status()).isEqualTo(Status.FAILED);
        assertThat(f.current().reason()).contains("null_output_fraction").contains("switched back to v1");
        assertThat(f.send(10)).allSatisfy(x -> assertThat(x.version()).isEqualTo("v1"));
    }

    @Test
    void blueGreenVerifiesInShadowBeforeTheSwitch() {
        f.register("v2", CreditScorer.class);
        f.start("""
                {"candidate": "v2", "strategy": "blue-green", "blueGreen": {"warmup": 0, "verify": "30s", "bake": "1m"},
                 "analysis": {"window": "1m", "minRequests": 5}}""");
        assertThat(f.current().phase()).isEqualTo(Phase.SHADOW);
        assertThat(f.send(20)).allSatisfy(x -> assertThat(x.version()).isEqualTo("v1"));
        f.awaitRequests("v2", Role.SHADOW, 20);
        f.after(Duration.ofSeconds(31));
        assertThat(f.current().phase()).isEqualTo(Phase.SWITCHED);
        assertThat(f.send(5)).allSatisfy(x -> assertThat(x.version()).isEqualTo("v2"));
    }

    @Test
    void operatorsPauseResumeSetWeightApproveAndAbort() {
        f.register("v2", CreditScorer.class);
        f.start("""
                {"candidate": "v2", "steps": [{"weight": 10, "bake": "1m", "approval": true}, {"weight": 60, "bake": "1m"}],
                 "analysis": {"window": "1m", "minRequests": 5}}""");
        f.send(200);
        f.after(Duration.ofSeconds(20));
        f.controller.act(RolloutFixture.DEPLOYMENT, Action.PAUSE, "carol", "looking at dashboards", null);
        f.after(Duration.ofMinutes(5));
        assertThat(f.current().baked()).as("paused time does not bake").isEqualTo(Duration.ofSeconds(20));
        assertThatThrownBy(() -> f.controller.act(RolloutFixture.DEPLOYMENT, Action.PAUSE, "carol", null, null))
                .isInstanceOf(ConflictException.class);
        f.controller.act(RolloutFixture.DEPLOYMENT, Action.RESUME, "carol", null, null);
        f.send(200);
        f.after(Duration.ofSeconds(41));
        assertThat(f.current().status()).isEqualTo(Status.AWAITING_APPROVAL);
        f.after(Duration.ofMinutes(3));
        assertThat(f.current().step()).as("waits for the approval").isZero();
        f.controller.act(RolloutFixture.DEPLOYMENT, Action.APPROVE, "dave", null, null);
        assertThat(f.current().step()).isEqualTo(1);
        assertThat(f.current().weight()).isEqualTo(60.0);

        f.controller.act(RolloutFixture.DEPLOYMENT, Action.SET_WEIGHT, "dave", null, 30.0);
        assertThat(f.current().status()).isEqualTo(Status.PAUSED);
        assertThat(f.gateway.split(RolloutFixture.DEPLOYMENT)).map(TrafficSplit::weightPercent).contains(30.0);

        Rollout aborted = f.controller.act(RolloutFixture.DEPLOYMENT, Action.ABORT, "dave", "not today", null);
        assertThat(aborted.status()).isEqualTo(Status.ABORTED);
        assertThat(aborted.reason()).isEqualTo("not today");
        assertThat(f.serving()).isEqualTo("v1");
        assertThat(f.send(20)).allSatisfy(x -> assertThat(x.version()).isEqualTo("v1"));
        assertThat(f.actions()).containsExactly("start", "pause", "resume", "await-approval", "approve"
                .replace("approve", "step"), "set-weight", "abort");
        assertThatThrownBy(() -> f.controller.act(RolloutFixture.DEPLOYMENT, Action.PAUSE, "dave", null, null))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void promoteSkipsTheRemainingStepsAndOnlyOneRolloutRunsAtATime() {
        f.register("v2", CreditScorer.class);
        f.register("v3", CreditScorer.class);
        f.start(CANARY);
        assertThatThrownBy(() -> f.start("{\"candidate\": \"v3\"}")).isInstanceOf(ConflictException.class);
        f.controller.act(RolloutFixture.DEPLOYMENT, Action.PROMOTE, "erin", null, null);
        assertThat(f.serving()).isEqualTo("v2");
        assertThat(f.current().status()).isEqualTo(Status.SUCCEEDED);
        assertThatThrownBy(() -> f.start("{\"candidate\": \"v2\"}")).hasMessageContaining("already serves");
        assertThatThrownBy(() -> f.start("{\"candidate\": \"v9\"}")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void aDeclaredRolloutStartsOnceAndARepeatedApplyKeepsThePromotedCandidate() {
        f.register("v2", CreditScorer.class);
        String spec = "{\"rollout\": {\"candidate\": \"v2\", \"steps\": [{\"weight\": 50, \"bake\": \"1m\"}],"
                + " \"analysis\": {\"window\": \"1m\", \"minRequests\": 5}}}";
        dev.shepherd.registry.Deployment declared = new dev.shepherd.registry.Deployment(RolloutFixture.DEPLOYMENT,
                "credit", "v1", spec, RolloutFixture.T0);
        f.gateway.putDeployment(f.controller.declared(declared));
        Rollout r = f.controller.reconcile(f.gateway.status(RolloutFixture.DEPLOYMENT).orElseThrow().deployment()).orElseThrow();
        assertThat(r.status()).isEqualTo(Status.RUNNING);
        assertThat(r.candidate()).isEqualTo("v2");
        // applying the same file again changes nothing
        f.gateway.putDeployment(f.controller.declared(declared));
        assertThat(f.controller.reconcile(declared).orElseThrow().id()).isEqualTo(r.id());
        f.send(100);
        f.after(Duration.ofSeconds(61));
        assertThat(f.serving()).isEqualTo("v2");
        // and once more after promotion: v2 keeps serving, no new rollout
        f.gateway.putDeployment(f.controller.declared(declared));
        assertThat(f.serving()).isEqualTo("v2");
        assertThat(f.controller.reconcile(f.gateway.status(RolloutFixture.DEPLOYMENT).orElseThrow().deployment())).isEmpty();
        assertThat(f.controller.history(RolloutFixture.DEPLOYMENT)).hasSize(1);
    }
}
