package dev.shepherd.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shepherd.runtime.fixtures.CreditScorer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rollout API over real HTTP: start, status, operator actions, audit, and every bad input. */
class RolloutApiTest {
    private static final String CANARY = """
            {"candidate": "v2", "steps": [{"weight": 30, "bake": "1m"}, {"weight": 60, "bake": "1m"}],
             "analysis": {"window": "1m", "minRequests": 5}}""";

    @TempDir
    Path dir;
    RolloutServer s;

    @BeforeEach
    void start() {
        s = new RolloutServer(dir, "v1", CreditScorer.class.getName(), "v2", CreditScorer.class.getName());
    }

    @AfterEach
    void stop() {
        s.close();
    }

    @Test
    void startsACanaryAndEveryResponseNamesTheVersionAndRoleThatAnswered() {
        TestServer.Reply started = s.post("/api/v1/deployments/credit/rollout/start", CANARY, "alice");
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        assertThat(started.json().path("status").asText()).isEqualTo("running");
        assertThat(started.json().path("weight").asDouble()).isEqualTo(30.0);
        assertThat(started.json().path("step").asInt()).isEqualTo(1);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 60; i++) {
            TestServer.Reply r = s.predict(i, "user-" + i);
            assertThat(r.status()).isEqualTo(200);
            String version = r.headers().firstValue("X-Shepherd-Model-Version").orElseThrow();
            assertThat(r.json().path("model_version").asText()).isEqualTo(version);
            String role = r.headers().firstValue("X-Shepherd-Role").orElseThrow();
            assertThat(r.json().path("role").asText()).isEqualTo(role);
            assertThat(role).isEqualTo(version.equals("v2") ? "candidate" : "primary");
            seen.add(version);
            // the same user stays on the same version
            assertThat(s.predict(i + 1000, "user-" + i).headers().firstValue("X-Shepherd-Model-Version")).contains(version);
        }
        assertThat(seen).containsExactlyInAnyOrder("v1", "v2");
        // the OIP endpoint addresses the candidate by version too
        TestServer.Reply oip = s.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(s.url()
                        + "/v2/models/credit/versions/v2/infer")).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(Requests.OIP_TWO_ROWS)));
        assertThat(oip.status()).as(oip.body()).isEqualTo(200);
        assertThat(oip.json().path("model_version").asText()).isEqualTo("v2");
        assertThat(oip.headers().firstValue("X-Shepherd-Role")).contains("candidate");

        s.tick(Duration.ofSeconds(1));
        JsonNode status = s.get("/api/v1/deployments/credit/rollout").json();
        assertThat(status.path("candidate").asText()).isEqualTo("v2");
        assertThat(status.path("baseline").asText()).isEqualTo("v1");
        assertThat(status.path("gates")).hasSize(2);
        assertThat(status.path("gates").get(0).path("verdict").asText()).isEqualTo("pass");
        assertThat(status.path("candidate_requests").asLong()).isPositive();
    }

    @Test
    void operatorActionsAreAuditedWithActorReasonAndValues() {
        s.post("/api/v1/deployments/credit/rollout/start", CANARY, "alice");
        for (int i = 0; i < 40; i++) {
            s.predict(i, "u" + i);
        }
        assertThat(s.post("/api/v1/deployments/credit/rollout/pause", "{\"reason\": \"lunch\"}", "bob").json()
                .path("status").asText()).isEqualTo("paused");
        assertThat(s.post("/api/v1/deployments/credit/rollout/resume", null, "bob").json().path("status").asText())
                .isEqualTo("running");
        assertThat(s.post("/api/v1/deployments/credit/rollout/set-weight", "{\"weight\": 12.5}", "bob").json()
                .path("weight").asDouble()).isEqualTo(12.5);
        TestServer.Reply promoted = s.post("/api/v1/deployments/credit/rollout/promote", "{}", "carol");
        assertThat(promoted.json().path("status").asText()).isEqualTo("succeeded");
        assertThat(s.get("/api/v1/deployments/credit").json().path("serving").toString()).contains("v2");
        TestServer.Reply back = s.post("/api/v1/deployments/credit/rollout/rollback", null, "dave");
        assertThat(back.status()).as(back.body()).isEqualTo(200);
        assertThat(back.json().path("status").asText()).isEqualTo("rolled-back");
        assertThat(s.predict(1, "x").headers().firstValue("X-Shepherd-Model-Version")).contains("v1");

        JsonNode history = s.get("/api/v1/deployments/credit/rollouts").json().path("rollouts");
        assertThat(history).hasSize(1);
        JsonNode t = history.get(0).path("transitions");
        assertThat(t).extracting(n -> n.path("action").asText())
                .containsExactly("start", "pause", "resume", "set-weight", "promote", "rollback");
        assertThat(t).extracting(n -> n.path("actor").asText())
                .containsExactly("alice", "bob", "bob", "bob", "carol", "dave");
        assertThat(t.get(1).path("reason").asText()).isEqualTo("lunch");
        assertThat(t.get(0).path("at").asText()).isEqualTo(RolloutServer.START.toString());
    }

    @Test
    void aDeploymentAppliedWithSpecRolloutStartsItsRollout() {
        String yaml = """
                apiVersion: shepherd/v1
                kind: Deployment
                metadata: {name: credit}
                spec:
                  model: credit
                  serving: v1
                  rollout:
                    candidate: v2
                    strategy: blue-green
                    blueGreen: {warmup: 5, bake: 1m}
                """;
        TestServer.Reply r = s.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(s.url() + "/api/v1/apply"))
                .header("Content-Type", "application/yaml").POST(java.net.http.HttpRequest.BodyPublishers.ofString(yaml)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode status = s.get("/api/v1/deployments/credit/rollout").json();
        assertThat(status.path("strategy").asText()).isEqualTo("blue-green");
        assertThat(status.path("phase").asText()).isEqualTo("switched");
        assertThat(s.predict(3, null).headers().firstValue("X-Shepherd-Model-Version")).contains("v2");
        assertThat(s.get("/api/v1/deployments/credit/rollouts").json().path("rollouts").get(0).path("transitions").get(0)
                .path("actor").asText()).isEqualTo("apply");
        assertThat(s.get("/api/v1/deployments/credit/rollouts?limit=1").json().path("rollouts")).hasSize(1);
        s.get("/api/v1/deployments/credit/rollouts?limit=0").assertError(400, "invalid_input", "limit");
        s.get("/api/v1/deployments/credit/rollouts?limit=many").assertError(400, "invalid_input", "limit");
    }

    @Test
    void badRequestsGetAClearErrorNamingTheField() {
        expect(s.post("/api/v1/deployments/credit/rollout/start", "{\"strategy\": \"linear\", \"steps\": [{\"weight\": 500}]}",
                null), 400, "rollout.candidate");
        TestServer.Reply bad = s.post("/api/v1/deployments/credit/rollout/start",
                "{\"candidate\": \"v2\", \"gates\": [{\"metric\": \"error_rat\", \"max\": 1}], \"steps\": [{\"weight\": 0}]}", null);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("rollout.gates[0].metric").contains("rollout.steps[0].weight");
        expect(s.post("/api/v1/deployments/credit/rollout/start", "{\"candidate\": \"v9\"}", null), 404, "candidate");
        expect(s.post("/api/v1/deployments/credit/rollout/start", "{\"candidate\": \"v1\"}", null), 400, "candidate");
        expect(s.post("/api/v1/deployments/credit/rollout/start", "[1, 2]", null), 400, "rollout");
        expect(s.post("/api/v1/deployments/credit/rollout/start", "{", null), 400, "body");
        expect(s.post("/api/v1/deployments/nope/rollout/start", CANARY, null), 404, "name");
        expect(s.post("/api/v1/deployments/credit/rollout/pause", null, null), 404, "deployment");
        expect(s.get("/api/v1/deployments/credit/rollout"), 404, "name");

        assertThat(s.post("/api/v1/deployments/credit/rollout/start", CANARY, null).status()).isEqualTo(201);
        expect(s.post("/api/v1/deployments/credit/rollout/start", CANARY, null), 409, "rollout");
        expect(s.post("/api/v1/deployments/credit/rollout/dance", null, null), 404, "action");
        expect(s.post("/api/v1/deployments/credit/rollout/set-weight", null, null), 400, "weight");
        expect(s.post("/api/v1/deployments/credit/rollout/set-weight", "{\"weight\": \"half\"}", null), 400, "weight");
        expect(s.post("/api/v1/deployments/credit/rollout/set-weight", "{\"weight\": 101}", null), 400, "weight");
        expect(s.post("/api/v1/deployments/credit/rollout/pause", "{\"weight\": 5}", null), 400, "weight");
        expect(s.post("/api/v1/deployments/credit/rollout/pause", "{\"reasons\": \"x\"}", null), 400, "reasons");
        expect(s.post("/api/v1/deployments/credit/rollout/pause", "{\"reason\": 7}", null), 400, "reason");
        expect(s.post("/api/v1/deployments/credit/rollout/resume", null, null), 409, "rollout");
        expect(s.post("/api/v1/deployments/credit/rollout/pause", null, "bad actor!"), 400, "X-Shepherd-Actor");
        expect(s.predict(1, "k".repeat(300)), 400, "X-Shepherd-Key");
    }

    private static void expect(TestServer.Reply r, int status, String field) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json().path("error").path("field").asText()).as(r.body()).isEqualTo(field);
    }
}
