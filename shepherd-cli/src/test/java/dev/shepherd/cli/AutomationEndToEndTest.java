package dev.shepherd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.automation.AutomationLevel;
import dev.shepherd.automation.ThresholdAdvisor;
import dev.shepherd.review.ReviewItem;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The automation ladder in a real node (SQLite, ONNX models trained by the demo): the CLI sets a
 * level, requests wait for people, decisions become labels, the status and the advisor report
 * them, and a restart keeps the level, the queue and every decision.
 */
class AutomationEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void theCliSetsTheLevelReportsTheEvidenceAndAdvisesAThreshold() throws Exception {
        Path data = dir.resolve("data");
        HttpClient http = HttpClient.newHttpClient();
        List<String> tickets = new ArrayList<>();
        try (Node node = Node.start(Node.Options.defaults(data, 0))) {
            DemoModels.ensure(node.gateway(), data, Clock.systemUTC(), new PrintStream(OutputStream.nullOutputStream()));
            assertThat(node.automation().settings().current(DemoModels.REVIEW).level()).isEqualTo(AutomationLevel.PARTIAL);

            CliRunner.Run set = CliRunner.run("automation", "set", DemoModels.REVIEW, "assist", "--reason", "pilot",
                    "--actor", "dana", "--server", node.url());
            assertThat(set.code()).as(set.err()).isZero();
            assertThat(set.out()).contains("loan-review: assist");

            var applicants = DemoCommand.liveRecords();
            for (int i = 0; i < 60; i++) {
                var a = applicants.get();
                String body = JSON.createObjectNode().set("instances", JSON.createArrayNode().add(JSON.valueToTree(a.record())))
                        .toString();
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(node.url() + "/api/v1/deployments/"
                                + DemoModels.REVIEW + "/predict")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
                tickets.add(JSON.readTree(r.body()).get("ticket").asText());
            }
            // a reviewer accepts the suggestion except for every fifth case
            for (int i = 0; i < 50; i++) {
                ReviewItem c = node.automation().desk().claimNext(DemoModels.REVIEW, "erin", Duration.ofMinutes(1)).orElseThrow();
                String other = c.suggestion().equals("repaid") ? "default" : "repaid";
                node.automation().desk().decide(c.id(), "erin", i % 5 == 0 ? other : c.suggestion(), null);
            }
            assertThat(node.store().feedback().labels(DemoModels.REVIEW, 100)).hasSize(50)
                    .allSatisfy(l -> assertThat(l.version()).as("joined to the model's answer").isEqualTo("v1"));

            CliRunner.Run status = CliRunner.run("automation", "status", DemoModels.REVIEW, "--server", node.url());
            assertThat(status.code()).as(status.err()).isZero();
            assertThat(status.out()).contains("queue: 10 waiting").contains("50 decisions")
                    .contains("agreement with the model 80.0 %").contains("dana").contains("pilot");

            ThresholdAdvisor.Advice expected = ThresholdAdvisor.advise(
                    node.automation().stats().cases(DemoModels.REVIEW, Duration.ofDays(7)), 0.85,
                    ThresholdAdvisor.defaultGrid(), 5, false);
            CliRunner.Run advise = CliRunner.run("automation", "advise", DemoModels.REVIEW, "--target-accuracy", "0.85",
                    "--min-cases", "5", "--server", node.url());
            if (expected.proposal().isPresent()) {
                assertThat(advise.code()).as(advise.err()).isZero();
                assertThat(advise.out()).contains(String.format(Locale.ROOT, "proposed threshold %.2f",
                        expected.proposal().get().threshold()));
            } else {
                assertThat(advise.code()).isEqualTo(1);
                assertThat(advise.out()).contains("no threshold reaches");
            }
            assertThat(advise.out()).contains("50 reviewed cases");

            assertThat(CliRunner.run("automation", "set", DemoModels.REVIEW, "sometimes", "--server", node.url()).code())
                    .isEqualTo(2);
            CliRunner.Run badThreshold = CliRunner.run("automation", "set", DemoModels.REVIEW, "partial", "--threshold", "1.5",
                    "--server", node.url());
            assertThat(badThreshold.code()).isEqualTo(2);
            assertThat(badThreshold.err()).contains("threshold");
            assertThat(CliRunner.run("automation", "set", "nope", "human", "--server", node.url()).code()).isEqualTo(2);
            assertThat(CliRunner.run("automation", "advise", DemoModels.REVIEW, "--target-accuracy", "2",
                    "--server", node.url()).code()).isEqualTo(2);
        }
        try (Node again = Node.start(Node.Options.defaults(data, 0))) {
            assertThat(again.automation().settings().current(DemoModels.REVIEW).level()).isEqualTo(AutomationLevel.ASSIST);
            long decided = tickets.stream().filter(t -> again.automation().desk().item(t, "id").state()
                    == ReviewItem.State.DECIDED).count();
            assertThat(decided).isEqualTo(50);
            assertThat(again.automation().stats().backlog(DemoModels.REVIEW).open()).isEqualTo(10);
        }
    }
}
