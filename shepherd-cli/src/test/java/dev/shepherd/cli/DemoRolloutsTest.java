package dev.shepherd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shepherd.rollout.Rollout;
import dev.shepherd.rollout.RolloutEvent;
import dev.shepherd.rollout.Status;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's rollout story at a faster pace against a real node: real ONNX models, real HTTP
 * clients, the controller ticking on the wall clock. v2 must be promoted, v3 rolled back by its
 * null-output gate, and no client request may fail through the switches.
 */
class DemoRolloutsTest {
    @TempDir
    Path dir;

    @Test
    void v2IsPromotedThroughShadowAndCanaryAndTheBadV3IsRolledBack() throws Exception {
        Path data = dir.resolve("data");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        try (Node node = Node.start(new Node.Options(data, "127.0.0.1", 0, dev.shepherd.serving.ServingLimits.defaults(),
                0.1, List.of()))) {
            DemoModels.ensure(node.gateway(), data, Clock.systemUTC(), out);
            try (DemoTraffic traffic = new DemoTraffic(node.url(), DemoModels.NAME, DemoCommand.liveRecords())) {
                traffic.start(60);
                DemoRollouts story = new DemoRollouts(node, data, Clock.systemUTC(), out,
                        new DemoRollouts.Timing(Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(2))).start();
                assertThat(story.await(Duration.ofSeconds(90))).as(printed.toString(StandardCharsets.UTF_8)).isTrue();
                assertThat(story.goodOutcome()).as(printed.toString(StandardCharsets.UTF_8)).isEqualTo(Status.SUCCEEDED);
                assertThat(story.badOutcome()).as(printed.toString(StandardCharsets.UTF_8)).isEqualTo(Status.FAILED);
                assertThat(traffic.stats().failed()).as("requests failed through shadow, ramp, promotion and rollback")
                        .isZero();
                assertThat(traffic.stats().ok()).isGreaterThan(500);
            }
            assertThat(node.gateway().status(DemoModels.NAME).orElseThrow().deployment().serving()).isEqualTo("v2");
            List<Rollout> history = node.rollouts().history(DemoModels.NAME);
            assertThat(history).extracting(Rollout::candidate).containsExactly("v3", "v2");
            assertThat(node.rollouts().events(history.get(1).id())).extracting(RolloutEvent::action)
                    .containsSubsequence("start", "step", "step", "step", "promote");
            RolloutEvent failed = node.rollouts().events(history.getFirst().id()).getLast();
            assertThat(failed.action()).isEqualTo("gate-failed");
            assertThat(failed.reason()).contains("alert rule candidate-nulls fires for the candidate");
            assertThat(failed.values().get("alert:candidate-nulls")).as("the candidate's null fraction").isGreaterThan(0.05);
        }
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("[rollout]").contains("gate-failed").contains("promote");
    }
}
