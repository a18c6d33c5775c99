package dev.shepherd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.runtime.fixtures.CreditScorer;
import dev.shepherd.runtime.fixtures.FixtureSchemas;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code shepherd rollout} against a real node over HTTP: deployment {@code credit} serves v1 and
 * has v2 registered. Bakes are 10 minutes, so the node's once-a-second controller never advances
 * a rollout on its own while a test runs; every change seen comes from a command.
 */
class RolloutCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Node node;

    @BeforeEach
    void startNodeWithTwoVersions() throws Exception {
        node = Node.start(Node.Options.defaults(dir.resolve("data"), 0));
        Path config = dir.resolve("credit.yaml");
        Files.writeString(config, FixtureSchemas.creditModelYaml("v1", CreditScorer.class.getName()) + "---\n"
                + FixtureSchemas.creditModelYaml("v2", CreditScorer.class.getName()) + "---\n"
                + FixtureSchemas.creditDeploymentYaml("v1"));
        CliRunner.Run apply = CliRunner.run("apply", "-f", config.toString(), "--server", node.url());
        assertThat(apply.code()).as(apply.err()).isZero();
    }

    @AfterEach
    void stopNode() {
        node.close();
    }

    private CliRunner.Run rollout(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "rollout";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--server";
        all[args.length + 2] = node.url();
        return CliRunner.run(all);
    }

    private CliRunner.Run ok(String... args) {
        CliRunner.Run r = rollout(args);
        assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isZero();
        return r;
    }

    private JsonNode statusJson() throws Exception {
        return JSON.readTree(ok("status", "credit", "-o", "json").out());
    }

    @Test
    void startsACanaryFromFlagsAndStatusShowsStepOneAndTheGates() throws Exception {
        CliRunner.Run start = ok("start", "credit", "--candidate", "v2", "--steps", "5,25,50,100", "--bake", "10m",
                "--min-requests", "200", "--gate", "error_rate<=0.01", "--gate", "latency_p99_ms <= 1.2x",
                "--gate", "feedback_rate{redo_search}<=+0.05", "--actor", "alice");
        assertThat(start.out()).contains("started").contains("v2 vs v1").contains("step 1 of 4 at 5%");

        CliRunner.Run status = ok("status", "credit");
        assertThat(status.out()).contains("strategy:").contains("canary")
                .contains("v2 vs baseline v1").contains("canary, running").containsPattern("step: +1 of 4 at 5%")
                .contains("of 10m").contains("GATE").contains("VERDICT").contains("BOUND");
        assertThat(status.out().lines().filter(l -> l.startsWith("error_rate ")).findFirst()).hasValueSatisfying(
                l -> assertThat(l).contains("<= 0.01"));
        assertThat(status.out().lines().filter(l -> l.startsWith("latency_p99_ms ")).findFirst()).hasValueSatisfying(
                l -> assertThat(l).contains("<= 1.2 x primary"));
        assertThat(status.out()).contains("feedback_rate{event=\"redo_search\"}");

        JsonNode json = statusJson();
        assertThat(json.path("step").asInt()).isEqualTo(1);
        assertThat(json.path("steps").asInt()).isEqualTo(4);
        assertThat(json.path("weight").asDouble()).isEqualTo(5.0);
        assertThat(json.at("/spec/gates")).hasSize(3);
        assertThat(json.at("/spec/steps/0/bake").asText()).isEqualTo("10m");
        assertThat(json.at("/spec/steps/3/minRequests").asLong()).isEqualTo(200);
        assertThat(json.at("/spec/gates/1/maxRatioToPrimary").asDouble()).isEqualTo(1.2);
        assertThat(json.at("/spec/gates/2/event").asText()).isEqualTo("redo_search");

        CliRunner.Run again = rollout("start", "credit", "--candidate", "v2");
        assertThat(again.code()).as("a second active rollout is the server's 409").isNotZero();
        assertThat(again.err()).contains("409");
    }

    @Test
    void operatorActionsChangeTheStatusAndHistoryRecordsTheActor() throws Exception {
        ok("start", "credit", "--candidate", "v2", "--steps", "10,50,100", "--bake", "10m", "--actor", "alice");

        assertThat(ok("pause", "credit", "--actor", "bob", "--reason", "looking at latency").out())
                .contains("paused").contains("canary, paused");
        assertThat(statusJson().path("status").asText()).isEqualTo("paused");
        assertThat(ok("status", "credit").out()).contains("canary, paused").contains("looking at latency");

        ok("resume", "credit", "--actor", "bob");
        assertThat(statusJson().path("status").asText()).isEqualTo("running");

        assertThat(ok("set-weight", "credit", "30", "--actor", "bob").out()).contains("at 30%");
        JsonNode weighted = statusJson();
        assertThat(weighted.path("weight").asDouble()).isEqualTo(30.0);
        assertThat(weighted.path("status").asText()).isEqualTo("paused");
        assertThat(ok("status", "credit").out()).containsPattern("step: +1 of 3 at 30%");

        CliRunner.Run tooMuch = rollout("set-weight", "credit", "150");
        assertThat(tooMuch.code()).isEqualTo(2);
        assertThat(tooMuch.err()).contains("PERCENT");
        assertThat(statusJson().path("weight").asDouble()).isEqualTo(30.0);

        assertThat(ok("abort", "credit", "--actor", "carol", "--reason", "not today").out()).contains("aborted");
        JsonNode aborted = statusJson();
        assertThat(aborted.path("status").asText()).isEqualTo("aborted");
        assertThat(aborted.path("phase").asText()).isEqualTo("done");

        CliRunner.Run late = rollout("resume", "credit");
        assertThat(late.code()).as("acting on an ended rollout is refused").isNotZero();
        assertThat(late.err()).startsWith("shepherd: 4");

        CliRunner.Run history = ok("history", "credit");
        List<String> lines = history.out().lines().toList();
        assertThat(lines.getFirst()).contains("v2 vs v1").contains("aborted");
        assertThat(lines.get(1)).contains("TIME").contains("ACTOR").contains("ACTION").contains("WEIGHT").contains("REASON");
        assertThat(row(lines, "start")).contains("alice");
        assertThat(row(lines, "pause")).contains("bob").contains("looking at latency");
        assertThat(row(lines, "resume")).contains("bob");
        assertThat(row(lines, "set-weight")).contains("bob").contains("30%");
        assertThat(row(lines, "abort")).contains("carol").contains("not today");

        JsonNode json = JSON.readTree(ok("history", "credit", "-o", "json").out());
        assertThat(json.at("/rollouts/0/transitions").findValuesAsText("actor")).contains("alice", "bob", "carol");
    }

    @Test
    void promoteMakesTheCandidatePrimaryAndRollbackSwitchesBack() throws Exception {
        ok("start", "credit", "--candidate", "v2", "--bake", "10m", "--approval", "--actor", "alice");
        assertThat(statusJson().at("/spec/steps/0/approval").asBoolean()).isTrue();
        assertThat(ok("promote", "credit", "--actor", "alice").out()).contains("promoted").contains("done, succeeded");
        JsonNode promoted = statusJson();
        assertThat(promoted.path("status").asText()).isEqualTo("succeeded");
        assertThat(ok("status", "credit").out()).contains("done, succeeded").doesNotContain("GATE");
        assertThat(ok("rollback", "credit", "--actor", "bob", "-o", "json").out()).contains("\"rolled-back\"");
        assertThat(statusJson().path("status").asText()).isEqualTo("rolled-back");
        assertThat(CliRunner.run("get", "deployments", "--server", node.url()).out().lines()
                .filter(l -> l.startsWith("credit")).findFirst()).hasValueSatisfying(l -> assertThat(l).contains("v1"));
    }

    /** The transition row whose ACTION column is {@code action}. */
    private static String row(List<String> lines, String action) {
        return lines.stream().filter(l -> l.split("\\s+").length > 2 && l.split("\\s+")[2].equals(action)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + action + " row in\n" + String.join("\n", lines)));
    }

    @Test
    void unknownDeploymentIsTheServersNotFound() {
        CliRunner.Run status = rollout("status", "nope");
        assertThat(status.code()).isNotZero();
        assertThat(status.err()).contains("404").contains("deployment 'nope' does not exist");
        CliRunner.Run start = rollout("start", "nope", "--candidate", "v2");
        assertThat(start.code()).isNotZero();
        assertThat(start.err()).contains("404").contains("nope");
        CliRunner.Run pause = rollout("pause", "nope");
        assertThat(pause.code()).isNotZero();
        assertThat(pause.err()).contains("404").contains("nope");
    }

    @Test
    void noRolloutYetIsNotFoundAndAnEmptyHistory() {
        CliRunner.Run status = rollout("status", "credit");
        assertThat(status.code()).isNotZero();
        assertThat(status.err()).contains("has had no rollout");
        assertThat(ok("history", "credit").out()).contains("deployment credit has had no rollout");
    }

    @Test
    void startsFromAYamlFileWithFlagsOverridingIt() throws Exception {
        Path file = dir.resolve("rollout.yaml");
        Files.writeString(file, """
                strategy: canary
                steps:
                  - {weight: 10, bake: 10m}
                  - {weight: 50, bake: 10m, approval: true}
                gates:
                  - {metric: error_rate, max: 0.02}
                analysis: {window: 2m, minRequests: 50}
                """);
        CliRunner.Run start = ok("start", "credit", "-f", file.toString(), "--candidate", "v2");
        assertThat(start.out()).contains("step 1 of 2 at 10%");
        JsonNode json = statusJson();
        assertThat(json.path("candidate").asText()).isEqualTo("v2");
        assertThat(json.at("/spec/steps/1/approval").asBoolean()).isTrue();
        assertThat(json.at("/spec/analysis/minRequests").asLong()).isEqualTo(50);
        assertThat(json.at("/spec/gates")).singleElement()
                .satisfies(g -> assertThat(g.path("max").asDouble()).isEqualTo(0.02));
        assertThat(ok("status", "credit").out().lines().filter(l -> l.startsWith("error_rate "))).singleElement()
                .satisfies(l -> assertThat(l).contains("<= 0.02"));
    }

    @Test
    void theServersValidationErrorsAreListedFieldByField() throws Exception {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, """
                {"candidate": "v2", "steps": [{"weight": 130}], "gates": [{"metric": "error_rate"}], "colour": "red"}
                """);
        CliRunner.Run r = rollout("start", "credit", "-f", file.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("400").contains("rollout.steps[0].weight").contains("rollout.gates[0]")
                .contains("rollout.colour");
        assertThat(rollout("status", "credit").code()).as("nothing was started").isNotZero();
    }

    @Test
    void anUnreadableFileExitsTwoNamingTheOption() throws Exception {
        Path file = dir.resolve("broken.yaml");
        Files.writeString(file, "steps: [\n");
        CliRunner.Run r = rollout("start", "credit", "-f", file.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--file").contains("broken.yaml");
        CliRunner.Run list = rollout("start", "credit", "-f", writeList());
        assertThat(list.code()).isEqualTo(2);
        assertThat(list.err()).contains("expected a rollout mapping");
    }

    private String writeList() throws Exception {
        Path file = dir.resolve("list.yaml");
        Files.writeString(file, "- 1\n- 2\n");
        return file.toString();
    }
}
