package dev.shepherd.automation;

import static dev.shepherd.automation.AutomationFixture.DEPLOYMENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.shepherd.error.ConflictException;
import dev.shepherd.error.InvalidInputException;
import dev.shepherd.feedback.Label;
import dev.shepherd.monitor.Role;
import dev.shepherd.review.ReviewCase;
import dev.shepherd.review.ReviewItem;
import dev.shepherd.schema.Prediction;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Routing at every level of the ladder, audits, decisions as labels, and the evidence. */
class AutomationTest {
    @TempDir
    Path dir;
    AutomationFixture f;

    @BeforeEach
    void setUp() {
        f = new AutomationFixture(dir);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void withoutASettingTheModelAnswersEverythingAndNothingIsQueued() {
        Outcome o = f.send("r1", 3, 1);
        assertThat(o).isInstanceOf(Outcome.Answered.class);
        assertThat(((Outcome.Answered) o).result().predictions()).hasSize(3);
        assertThat(f.layer.desk().queue().pending(null, 10)).isEmpty();
        assertThat(f.layer.settings().events(DEPLOYMENT, 10)).isEmpty();
    }

    @Test
    void humanQueuesEveryInstanceWithoutAskingTheModel() {
        f.level(AutomationLevel.HUMAN, 0.9, 0);
        Outcome.Pending p = (Outcome.Pending) f.send("r1", 2, 7);
        assertThat(p.model()).isNull();
        assertThat(p.tickets()).hasSize(2).doesNotContainNull();
        assertThat(f.gateway.recentPredictions().find("r1")).as("the model was not asked").isEmpty();
        assertThat(f.observed).as("monitoring still sees the traffic and its inputs").singleElement().satisfies(o -> {
            assertThat(o.batch().size()).isEqualTo(2);
            assertThat(o.predictions()).isNull();
            assertThat(o.outcome()).isEqualTo("ok");
        });
        ReviewItem first = f.layer.desk().item(p.tickets().get(0), "id");
        assertThat(first.task().reason()).isEqualTo(ReviewCase.HUMAN);
        assertThat(first.task().instance()).isZero();
        assertThat(f.layer.desk().item(p.tickets().get(1), "id").task().instance()).isEqualTo(1);
        assertThat(first.suggestion()).isNull();
        assertThat(first.task().inputsJson()).contains("\"income\"").doesNotStartWith("[");
        assertThat(first.task().version()).isEqualTo("v1");

        ReviewItem claimed = f.layer.desk().claimNext(DEPLOYMENT, "bob", Duration.ofMinutes(5)).orElseThrow();
        ReviewItem decided = f.layer.desk().decide(claimed.id(), "bob", "repaid", "looks fine");
        assertThat(Tickets.json(decided).get("state").asText()).isEqualTo("decided");
        assertThat(Tickets.json(decided).get("label").asText()).isEqualTo("repaid");
        List<Label> labels = f.store.feedback().findLabels("r1");
        assertThat(labels).singleElement().satisfies(l -> {
            assertThat(l.label()).isEqualTo("repaid");
            assertThat(l.version()).as("no model answer to join").isNull();
        });
        assertThat(f.forwarded).isEmpty();
    }

    @Test
    void shadowAsksTheModelOffThePathAndComparesBlind() throws Exception {
        f.level(AutomationLevel.SHADOW, 0.9, 0);
        Outcome.Pending p = (Outcome.Pending) f.send("r1", 1, 11);
        String ticket = p.tickets().getFirst();
        Prediction.ClassPrediction model = AutomationFixture.expected(1, 11, 0);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (f.layer.desk().item(ticket, "id").suggestion() == null && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        ReviewItem item = f.layer.desk().item(ticket, "id");
        assertThat(item.suggestion()).isEqualTo(model.label());
        assertThat(item.confidence()).isCloseTo(model.confidence(), within(1e-12));
        assertThat(item.task().showsSuggestion()).as("shadow items are judged blind").isFalse();

        f.layer.desk().claimNext(null, "bob", Duration.ofMinutes(1)).orElseThrow();
        f.layer.desk().decide(ticket, "bob", model.label(), null);
        ReviewStats.Window w = f.layer.stats().window(DEPLOYMENT, Duration.ofHours(1));
        assertThat(w.byReason().get(ReviewCase.SHADOW).agreement()).isEqualTo(1.0);
        assertThat(f.forwarded).singleElement().satisfies(fw -> {
            assertThat(fw.key().role()).isEqualTo(Role.PRIMARY);
            assertThat(fw.truth()).isEqualTo(model.label());
        });
    }

    @Test
    void assistShowsTheSuggestionAndMeasuresAcceptance() {
        f.level(AutomationLevel.ASSIST, 0.9, 0);
        for (int i = 0; i < 4; i++) {
            Outcome.Pending p = (Outcome.Pending) f.send("r" + i, 1, 100 + i);
            assertThat(p.model()).isNotNull();
            ReviewItem item = f.layer.desk().item(p.tickets().getFirst(), "id");
            Prediction.ClassPrediction model = AutomationFixture.expected(1, 100 + i, 0);
            assertThat(item.suggestion()).isEqualTo(model.label());
            assertThat(item.task().showsSuggestion()).isTrue();
        }
        for (int i = 0; i < 4; i++) { // accept three suggestions, overrule one
            ReviewItem c = f.layer.desk().claimNext(DEPLOYMENT, "bob", Duration.ofMinutes(1)).orElseThrow();
            String other = c.suggestion().equals("repaid") ? "default" : "repaid";
            f.layer.desk().decide(c.id(), "bob", i == 2 ? other : c.suggestion(), null);
        }
        ReviewStats.Window w = f.layer.stats().window(DEPLOYMENT, Duration.ofHours(1));
        assertThat(w.decided()).isEqualTo(4);
        assertThat(w.byReason().get(ReviewCase.ASSIST).agreement()).isEqualTo(0.75);
        assertThat(w.agreement()).isEqualTo(0.75);
        assertThat(f.layer.counters().of(DEPLOYMENT).agreed.get(ReviewCase.ASSIST).sum()).isEqualTo(3);
        assertThat(f.forwarded).as("each decision joined to the model's answer").hasSize(4);
    }

    @Test
    void partialAnswersConfidentInstancesAndQueuesTheRestWithTheSuggestion() {
        f.level(AutomationLevel.PARTIAL, 0.8, 0);
        int rows = 40;
        Outcome o = f.send("r1", rows, 5);
        Outcome.Pending p = (Outcome.Pending) o;
        int queued = 0;
        for (int i = 0; i < rows; i++) {
            Prediction.ClassPrediction e = AutomationFixture.expected(rows, 5, i);
            boolean confident = e.confidence() >= 0.8;
            assertThat(p.tickets().get(i) == null).as("instance %d at confidence %.3f", i, e.confidence()).isEqualTo(confident);
            if (!confident) {
                queued++;
                ReviewItem item = f.layer.desk().item(p.tickets().get(i), "id");
                assertThat(item.task().reason()).isEqualTo(ReviewCase.LOW_CONFIDENCE);
                assertThat(item.suggestion()).isEqualTo(e.label());
                assertThat(item.task().instance()).isEqualTo(i);
            }
        }
        assertThat(queued).as("the seeded batch has both kinds").isBetween(1, rows - 1);
        assertThat(f.layer.counters().of(DEPLOYMENT).answered.sum()).isEqualTo(rows - queued);
    }

    @Test
    void partialThresholdsPerClassReplaceTheGlobalOne() {
        // every 'repaid' answer must be certain (threshold 1.0); 'default' answers pass at 0.5
        f.layer.settings().set(DEPLOYMENT, new AutomationSetting(AutomationLevel.PARTIAL, 0.5, Map.of("repaid", 1.0), 0, 0),
                "alice", null);
        int rows = 30;
        Outcome.Pending p = (Outcome.Pending) f.send("r1", rows, 9);
        for (int i = 0; i < rows; i++) {
            Prediction.ClassPrediction e = AutomationFixture.expected(rows, 9, i);
            assertThat(p.tickets().get(i) != null).isEqualTo(e.label().equals("repaid"));
        }
    }

    @Test
    void fullAuditsTheConfiguredShareOfAnswersExactlyAsDrawn() {
        double share = 0.1;
        f.level(AutomationLevel.FULL, 0.9, share);
        int n = 5_000;
        int audited = 0;
        for (int i = 0; i < n; i++) {
            audited += ((Outcome.Answered) f.send("r" + i, 1, i)).audits().size();
        }
        // the same seeded draws, replayed: one per answered instance
        SplittableRandom replay = new SplittableRandom(AutomationFixture.SEED);
        int expected = 0;
        for (int i = 0; i < n; i++) {
            expected += replay.nextDouble() < share ? 1 : 0;
        }
        assertThat(audited).isEqualTo(expected);
        double sigma = Math.sqrt(n * share * (1 - share)); // 21.2
        assertThat((double) audited).as("binomial(5000, 0.1) within 4 sigma").isCloseTo(n * share, within(4 * sigma));
        awaitOpen(audited);
        List<ReviewItem> items = f.layer.desk().queue().pending(DEPLOYMENT, n);
        assertThat(items).hasSize(audited).allSatisfy(i -> {
            assertThat(i.task().reason()).isEqualTo(ReviewCase.AUDIT);
            assertThat(i.task().weight()).isEqualTo(10.0);
            assertThat(i.task().showsSuggestion()).isFalse();
            assertThat(i.task().callbackUrl()).isNull();
            assertThat(i.priority()).isEqualTo(-1);
        });
    }

    @Test
    void auditsEstimateTheAccuracyOfAutomatedDecisions() {
        f.level(AutomationLevel.FULL, 0.9, 0.5);
        int audited = 0;
        for (int i = 0; i < 40; i++) {
            audited += ((Outcome.Answered) f.send("r" + i, 1, i)).audits().size();
        }
        awaitOpen(audited);
        int decided = 0;
        int correct = 0;
        for (ReviewItem c; (c = f.layer.desk().claimNext(DEPLOYMENT, "bob", Duration.ofMinutes(1)).orElse(null)) != null; ) {
            boolean agree = decided % 4 != 0; // people overrule every fourth answer
            String other = c.suggestion().equals("repaid") ? "default" : "repaid";
            f.layer.desk().decide(c.id(), "bob", agree ? c.suggestion() : other, null);
            decided++;
            correct += agree ? 1 : 0;
        }
        assertThat(decided).isPositive();
        ReviewStats.Window w = f.layer.stats().window(DEPLOYMENT, Duration.ofHours(1));
        assertThat(w.automatedAccuracy()).isCloseTo((double) correct / decided, within(1e-12));
    }

    /** Audit samples are written off the response path: waits (up to 5 s) until {@code n} are queued. */
    private void awaitOpen(long n) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (f.layer.desk().queue().open(DEPLOYMENT, f.clock.instant()) < n && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(f.layer.desk().queue().open(DEPLOYMENT, f.clock.instant())).isEqualTo(n);
    }

    @Test
    void aFailingModelUnderPartialSendsTheRequestToPeopleAndNullAnswersAreNeverAutomated() {
        for (var model : List.of(dev.shepherd.rollout.Candidates.FailingModel.class, dev.shepherd.rollout.Candidates.NullModel.class)) {
            String v = model.getSimpleName();
            f.gateway.register(new dev.shepherd.registry.ModelVersion("credit", v, "java", "classpath:", null,
                    dev.shepherd.runtime.fixtures.FixtureSchemas.credit(), Map.of("className", model.getName()),
                    f.clock.instant(), dev.shepherd.registry.Provenance.of("test")));
            f.gateway.putDeployment(new dev.shepherd.registry.Deployment(DEPLOYMENT, "credit", v, "{}", f.clock.instant()));
            f.level(AutomationLevel.PARTIAL, 0.5, 0);
            Outcome.Pending p = (Outcome.Pending) f.send("r-" + v, 2, 1);
            assertThat(p.tickets()).as(v).hasSize(2).doesNotContainNull();
        }
        assertThat(f.layer.counters().of(DEPLOYMENT).modelFailed.sum()).isEqualTo(1);
        assertThat(f.layer.desk().queue().pending(DEPLOYMENT, 10)).extracting(i -> i.task().reason())
                .containsExactlyInAnyOrder(ReviewCase.HUMAN, ReviewCase.HUMAN, ReviewCase.LOW_CONFIDENCE,
                        ReviewCase.LOW_CONFIDENCE);
    }

    @Test
    void decisionsNeedAClassOfTheModelAndTheClaimant() {
        f.level(AutomationLevel.HUMAN, 0.9, 0);
        String ticket = ((Outcome.Pending) f.send("r1", 1, 3)).tickets().getFirst();
        f.layer.desk().claimNext(null, "bob", Duration.ofMinutes(1)).orElseThrow();
        assertThatThrownBy(() -> f.layer.desk().decide(ticket, "bob", "maybe", null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("label: 'maybe' is not a class")
                .hasMessageContaining("repaid, default");
        assertThatThrownBy(() -> f.layer.desk().decide(ticket, "eve", "repaid", null))
                .isInstanceOf(ConflictException.class).hasMessageContaining("bob holds it");
        assertThatThrownBy(() -> f.layer.desk().claimNext(null, "bob", Duration.ofSeconds(1)))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("lease_seconds:");
        f.layer.desk().decide(ticket, "bob", "default", null);
        assertThatThrownBy(() -> f.layer.desk().decide(ticket, "bob", "default", null))
                .isInstanceOf(ConflictException.class).hasMessageContaining("already decided");
    }

    @Test
    void anExpiredLeaseLetsAnotherReviewerDecide() {
        f.level(AutomationLevel.HUMAN, 0.9, 0);
        String ticket = ((Outcome.Pending) f.send("r1", 1, 3)).tickets().getFirst();
        f.layer.desk().claimNext(null, "bob", Duration.ofSeconds(30)).orElseThrow();
        assertThat(f.layer.desk().claimNext(null, "carol", Duration.ofSeconds(30))).isEmpty();
        f.clock.advance(Duration.ofSeconds(31));
        assertThat(f.layer.desk().claimNext(null, "carol", Duration.ofSeconds(30))).get()
                .extracting(ReviewItem::id).isEqualTo(ticket);
        assertThatThrownBy(() -> f.layer.desk().decide(ticket, "bob", "repaid", null)).isInstanceOf(ConflictException.class);
        assertThat(f.layer.desk().decide(ticket, "carol", "repaid", null).decidedBy()).isEqualTo("carol");
    }

    @Test
    void levelChangesAreAuditedAndARuntimeChangeHoldsUntilTheSpecChanges() {
        assertThat(f.layer.settings().current(DEPLOYMENT)).isEqualTo(AutomationSetting.DEFAULT);
        f.level(AutomationLevel.ASSIST, 0.9, 0);
        AutomationEvent e = f.layer.settings().events(DEPLOYMENT, 10).getFirst();
        assertThat(e.actor()).isEqualTo("alice");
        assertThat(e.from()).isEqualTo(AutomationLevel.FULL);
        assertThat(e.to()).isEqualTo(AutomationLevel.ASSIST);
        assertThat(e.reason()).isEqualTo("test");

        String spec = "{\"automation\":{\"level\":\"partial\",\"threshold\":0.85}}";
        f.gateway.putDeployment(new dev.shepherd.registry.Deployment(DEPLOYMENT, "credit", "v1", spec, f.clock.instant()));
        assertThat(f.layer.settings().current(DEPLOYMENT).level()).as("a changed spec wins").isEqualTo(AutomationLevel.PARTIAL);
        assertThat(f.layer.settings().events(DEPLOYMENT, 10).getFirst().actor()).isEqualTo("apply");

        f.level(AutomationLevel.SHADOW, 0.9, 0);
        f.gateway.putDeployment(new dev.shepherd.registry.Deployment(DEPLOYMENT, "credit", "v1", new String(spec),
                f.clock.instant()));
        assertThat(f.layer.settings().current(DEPLOYMENT).level()).as("the same spec again keeps the runtime change")
                .isEqualTo(AutomationLevel.SHADOW);
        assertThat(f.layer.settings().events(DEPLOYMENT, 10)).hasSize(3)
                .extracting(AutomationEvent::to).containsExactly(AutomationLevel.SHADOW, AutomationLevel.PARTIAL,
                        AutomationLevel.ASSIST);
    }

    @Test
    void aDeclaredSettingTheModelCannotTakeIsRefusedAndTheTrailSaysWhy() {
        String spec = "{\"automation\":{\"level\":\"partial\",\"classThresholds\":{\"maybe\":0.9}}}";
        f.gateway.putDeployment(new dev.shepherd.registry.Deployment(DEPLOYMENT, "credit", "v1", spec, f.clock.instant()));
        assertThat(f.layer.settings().current(DEPLOYMENT)).isEqualTo(AutomationSetting.DEFAULT);
        AutomationEvent e = f.layer.settings().events(DEPLOYMENT, 1).getFirst();
        assertThat(e.to()).isEqualTo(AutomationLevel.FULL);
        assertThat(e.reason()).startsWith("spec.automation refused: class_thresholds: 'maybe'");
        assertThat(f.send("r1", 1, 1)).isInstanceOf(Outcome.Answered.class);
    }

    @Test
    void aDeletedDeploymentCreatedAgainStartsFromItsSpec() {
        f.level(AutomationLevel.HUMAN, 0.9, 0);
        assertThat(f.gateway.deleteDeployment(DEPLOYMENT)).isTrue();
        f.gateway.putDeployment(new dev.shepherd.registry.Deployment(DEPLOYMENT, "credit", "v1", "{}", f.clock.instant()));
        assertThat(f.layer.settings().current(DEPLOYMENT)).isEqualTo(AutomationSetting.DEFAULT);
        assertThat(f.send("r1", 1, 1)).isInstanceOf(Outcome.Answered.class);
    }

    @Test
    void concurrentChangesOfDifferentFieldsBothHold() throws Exception {
        f.level(AutomationLevel.PARTIAL, 0.9, 0);
        Thread a = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < 200; i++) {
                f.layer.settings().change(DEPLOYMENT, s -> new AutomationSetting(s.level(), 0.8, s.classThresholds(),
                        s.auditShare(), s.priority()), "a", null);
            }
        });
        for (int i = 0; i < 200; i++) {
            f.layer.settings().change(DEPLOYMENT, s -> new AutomationSetting(s.level(), s.threshold(), s.classThresholds(),
                    0.1, s.priority()), "b", null);
        }
        a.join();
        AutomationSetting now = f.layer.settings().current(DEPLOYMENT);
        assertThat(now.threshold()).isEqualTo(0.8);
        assertThat(now.auditShare()).isEqualTo(0.1);
    }

    @Test
    void classThresholdsMustNameClasses() {
        assertThatThrownBy(() -> f.layer.settings().set(DEPLOYMENT, new AutomationSetting(AutomationLevel.PARTIAL, 0.9,
                Map.of("maybe", 0.9), 0, 0), "alice", null))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("class_thresholds: 'maybe'");
    }

    @Test
    void aRestartKeepsTheLevelTheQueueAndEveryDecision() {
        f.level(AutomationLevel.ASSIST, 0.9, 0);
        List<String> tickets = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            tickets.add(((Outcome.Pending) f.send("r" + i, 1, i)).tickets().getFirst());
        }
        ReviewItem c = f.layer.desk().claimNext(null, "bob", Duration.ofMinutes(1)).orElseThrow();
        f.layer.desk().decide(c.id(), "bob", "repaid", null);
        f.close();
        f = new AutomationFixture(dir, f.store);
        assertThat(f.layer.settings().current(DEPLOYMENT).level()).isEqualTo(AutomationLevel.ASSIST);
        assertThat(tickets.stream().map(t -> f.layer.desk().item(t, "id").state()).filter(Objects::nonNull).toList())
                .containsExactlyInAnyOrder(ReviewItem.State.DECIDED, ReviewItem.State.OPEN, ReviewItem.State.OPEN);
    }
}
