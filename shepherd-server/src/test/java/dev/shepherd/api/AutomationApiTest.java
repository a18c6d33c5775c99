package dev.shepherd.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.shepherd.automation.AutomationLayer;
import dev.shepherd.automation.ThresholdAdvisor;
import dev.shepherd.feedback.FeedbackService;
import dev.shepherd.feedback.FeedbackSink;
import dev.shepherd.registry.ModelVersion;
import dev.shepherd.serving.DeploymentStatus;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The automation ladder over real HTTP: levels set through the API, 202 answers with tickets,
 * reviewers claiming and deciding, tickets and callbacks, evidence, advice, metrics and the
 * clear errors of bad input.
 */
class AutomationApiTest {
    @TempDir
    Path dir;
    TestServer s;
    AutomationLayer layer;

    /** A server with feedback and the automation layer; the model is CreditScorer on {@code credit}. */
    static TestServer start(Path dir, AutomationLayer[] out) {
        return new TestServer(dir, (t, b) -> {
            FeedbackService feedback = new FeedbackService(t.store, Clock.systemUTC(), FeedbackSink.none(),
                    d -> t.gateway.status(d).map(DeploymentStatus::serving).map(ModelVersion::version),
                    t.gateway.recentPredictions(), Duration.ZERO);
            out[0] = AutomationLayer.create(t.gateway, feedback, Clock.systemUTC(), true); // the test's receiver is local
            return b.feedback(feedback).automation(out[0]);
        });
    }

    @BeforeEach
    void setUp() {
        AutomationLayer[] l = new AutomationLayer[1];
        s = start(dir, l);
        layer = l[0];
    }

    @AfterEach
    void tearDown() {
        s.close();
        layer.close();
    }

    private TestServer.Reply as(String actor, String path, String body) {
        return s.send(HttpRequest.newBuilder(s.uri(path)).header("Content-Type", "application/json")
                .header("X-Shepherd-Actor", actor).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    @Test
    void assistQueuesWithATicketThatAReviewerDecides() {
        TestServer.Reply set = as("alice", "/api/v1/deployments/credit/automation",
                "{\"level\": \"assist\", \"reason\": \"pilot with the loans team\"}");
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(set.json().at("/setting/level").asText()).isEqualTo("assist");

        TestServer.Reply p = s.postJson("/api/v1/deployments/credit/predict", Requests.ONE_RECORD);
        assertThat(p.status()).as(p.body()).isEqualTo(202);
        String ticket = p.json().get("ticket").asText();
        assertThat(p.json().get("status").asText()).isEqualTo("pending");
        assertThat(p.json().get("tickets")).hasSize(1);
        assertThat(s.get("/api/v1/tickets/" + ticket).json().get("state").asText()).isEqualTo("pending");

        TestServer.Reply claim = as("bob", "/api/v1/review/claim", "{\"deployment\": \"credit\", \"lease_seconds\": 60}");
        assertThat(claim.status()).as(claim.body()).isEqualTo(200);
        JsonNode item = claim.json();
        assertThat(item.get("id").asText()).isEqualTo(ticket);
        assertThat(item.get("claimed_by").asText()).isEqualTo("bob");
        assertThat(item.at("/inputs/income").asDouble()).isEqualTo(52000);
        assertThat(item.get("labels")).extracting(JsonNode::asText).containsExactly("repaid", "default");
        assertThat(item.get("suggestion").asText()).isEqualTo("repaid");
        assertThat(item.get("confidence").asDouble()).isBetween(0.9, 0.92);
        assertThat(item.get("features")).hasSize(5);

        assertThat(as("bob", "/api/v1/review/claim", "{}").status()).as("nothing else to review").isEqualTo(204);
        as("eve", "/api/v1/review/items/" + ticket + "/decide", "{\"label\": \"repaid\"}").assertError(409, "conflict", "id");

        TestServer.Reply decided = as("bob", "/api/v1/review/items/" + ticket + "/decide",
                "{\"label\": \"repaid\", \"note\": \"stable income\"}");
        assertThat(decided.status()).as(decided.body()).isEqualTo(200);
        JsonNode t = s.get("/api/v1/tickets/" + ticket).json();
        assertThat(t.get("state").asText()).isEqualTo("decided");
        assertThat(t.get("label").asText()).isEqualTo("repaid");
        assertThat(t.get("note").asText()).isEqualTo("stable income");
        assertThat(s.store.feedback().findLabels(p.json().get("request_id").asText()))
                .singleElement().satisfies(l -> assertThat(l.version()).isEqualTo("v1"));

        JsonNode a = s.get("/api/v1/deployments/credit/automation?window=1h").json();
        assertThat(a.at("/evidence/decided").asInt()).isEqualTo(1);
        assertThat(a.at("/evidence/by_reason/assist/agreement").asDouble()).isEqualTo(1.0);
        assertThat(a.at("/events/0/actor").asText()).isEqualTo("alice");
        assertThat(a.at("/events/0/reason").asText()).isEqualTo("pilot with the loans team");
        assertThat(a.at("/backlog/open").asInt()).isZero();

        String metrics = s.get("/metrics").body();
        assertThat(metrics).contains("shepherd_review_decisions_total{deployment=\"credit\",reason=\"assist\"} 1.0")
                .contains("shepherd_automation_level{deployment=\"credit\"} 2.0")
                .contains("shepherd_review_queue_length{deployment=\"credit\"} 0.0");
    }

    @Test
    void partialAnswersTheConfidentInstanceAndTicketsTheOther() {
        as("alice", "/api/v1/deployments/credit/automation", "{\"level\": \"partial\", \"threshold\": 0.9, \"audit_share\": 0}");
        TestServer.Reply p = s.postJson("/api/v1/deployments/credit/predict", Requests.TWO_INSTANCES);
        assertThat(p.status()).as(p.body()).isEqualTo(202);
        assertThat(p.json().at("/tickets/0").isNull()).isTrue();
        assertThat(p.json().at("/predictions/0/label").asText()).isEqualTo("repaid");
        assertThat(p.json().at("/predictions/1").isNull()).as("decided by people").isTrue();
        String ticket = p.json().at("/tickets/1").asText();
        assertThat(p.json().get("ticket").asText()).isEqualTo(ticket);
        // a reviewer labels instance 1; the client's own labels for the request then complete it
        as("bob", "/api/v1/review/claim", "{}");
        as("bob", "/api/v1/review/items/" + ticket + "/decide", "{\"label\": \"default\"}");
        String requestId = p.json().get("request_id").asText();
        s.postJson("/api/v1/feedback", "{\"request_id\": \"" + requestId + "\", \"labels\": [\"repaid\", \"repaid\"]}")
                .assertError(409, "conflict", "labels");
        TestServer.Reply labelled = s.postJson("/api/v1/feedback", "{\"request_id\": \"" + requestId
                + "\", \"labels\": [\"repaid\", \"default\"]}");
        assertThat(labelled.status()).as(labelled.body()).isEqualTo(201);
        assertThat(s.store.feedback().findLabels(requestId)).extracting(dev.shepherd.feedback.Label::label)
                .containsExactly("repaid", "default");

        TestServer.Reply oip = s.postJson("/v2/models/credit/infer", Requests.OIP_TWO_ROWS);
        assertThat(oip.status()).as(oip.body()).isEqualTo(202);
        assertThat(oip.json().get("id").asText()).isEqualTo("oip-7");
        assertThat(oip.json().at("/tickets/0").isNull()).isTrue();
        assertThat(oip.json().at("/tickets/1").asText()).isNotBlank();

        JsonNode queue = s.get("/api/v1/review/queue").json();
        assertThat(queue.at("/items")).hasSize(1);
        assertThat(queue.at("/items/0/reason").asText()).isEqualTo("low_confidence");
        JsonNode credit = null;
        for (JsonNode d : queue.get("deployments")) {
            credit = d.get("deployment").asText().equals("credit") ? d : credit;
        }
        assertThat(credit.get("level").asText()).isEqualTo("partial");
        assertThat(credit.get("open").asInt()).isEqualTo(1);
    }

    @Test
    void theCallbackUrlIsCalledWithTheDecision() throws Exception {
        BlockingQueue<String> received = new ArrayBlockingQueue<>(4);
        HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/hook", ex -> {
            received.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        hook.start();
        try {
            as("alice", "/api/v1/deployments/credit/automation", "{\"level\": \"human\"}");
            TestServer.Reply p = s.send(HttpRequest.newBuilder(s.uri("/api/v1/deployments/credit/predict"))
                    .header("Content-Type", "application/json")
                    .header("X-Shepherd-Callback", "http://127.0.0.1:" + hook.getAddress().getPort() + "/hook")
                    .POST(HttpRequest.BodyPublishers.ofString(Requests.ONE_RECORD)));
            assertThat(p.status()).as(p.body()).isEqualTo(202);
            assertThat(p.json().has("predictions")).as("the model was not asked").isFalse();
            String ticket = p.json().get("ticket").asText();
            JsonNode item = as("bob", "/api/v1/review/claim", "{}").json();
            assertThat(item.get("suggestion").isNull()).isTrue();
            as("bob", "/api/v1/review/items/" + ticket + "/decide", "{\"label\": \"default\"}");
            String body = received.poll(10, TimeUnit.SECONDS);
            assertThat(body).isNotNull();
            JsonNode json = TestServer.JSON.readTree(body);
            assertThat(json.get("ticket").asText()).isEqualTo(ticket);
            assertThat(json.get("state").asText()).isEqualTo("decided");
            assertThat(json.get("label").asText()).isEqualTo("default");
        } finally {
            hook.stop(0);
        }
    }

    @Test
    void theAdviceIsTheAdvisorsOverTheReviewedCases() {
        as("alice", "/api/v1/deployments/credit/automation", "{\"level\": \"assist\"}");
        for (int i = 0; i < 6; i++) {
            s.postJson("/api/v1/deployments/credit/predict", i % 2 == 0 ? Requests.ONE_RECORD
                    : "{\"income\": 18000, \"age\": 23, \"employment\": \"unemployed\", \"has_collateral\": false}");
        }
        for (int i = 0; i < 6; i++) {
            JsonNode c = as("bob", "/api/v1/review/claim", "{}").json();
            as("bob", "/api/v1/review/items/" + c.get("id").asText() + "/decide",
                    "{\"label\": \"" + (i == 0 ? "default" : c.get("suggestion").asText()) + "\"}");
        }
        TestServer.Reply r = s.get("/api/v1/deployments/credit/automation/advice?target_accuracy=0.8&min_cases=2&window=1h");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        ThresholdAdvisor.Advice expected = ThresholdAdvisor.advise(layer.stats().cases("credit", Duration.ofHours(1)),
                0.8, ThresholdAdvisor.defaultGrid(), 2, false);
        assertThat(r.json().get("cases").asLong()).isEqualTo(6);
        assertThat(r.json().at("/proposal/threshold").asDouble()).isEqualTo(expected.proposal().orElseThrow().threshold());
        assertThat(r.json().get("table")).hasSize(expected.table().size());
    }

    @Test
    void badInputIsRefusedNamingTheField() {
        String a = "/api/v1/deployments/credit/automation";
        as("alice", a, "{\"level\": \"sometimes\"}").assertError(400, "invalid_input", "level");
        as("alice", a, "{\"threshold\": 2}").assertError(400, "invalid_input", "threshold");
        as("alice", a, "{\"levle\": \"human\"}").assertError(400, "invalid_input", "levle");
        as("alice", a, "{\"class_thresholds\": {\"maybe\": 0.9}}").assertError(400, "invalid_input", "class_thresholds");
        as("alice", a, "[1]").assertError(400, "invalid_input", "body");
        as("alice", "/api/v1/deployments/nope/automation", "{\"level\": \"human\"}").assertError(404, "not_found", "name");
        s.get(a + "/advice?target_accuracy=2").assertError(400, "invalid_input", "target_accuracy");
        s.get(a + "?window=1s").assertError(400, "invalid_input", "window");
        as("bob", "/api/v1/review/claim", "{\"lease_seconds\": 5}").assertError(400, "invalid_input", "lease_seconds");
        as("bob", "/api/v1/review/claim", "{\"deployment\": \"nope\"}").assertError(404, "not_found", "deployment");
        s.get("/api/v1/tickets/nope").assertError(404, "not_found", "id");
        as("bob", "/api/v1/review/items/nope/decide", "{\"label\": \"repaid\"}").assertError(404, "not_found", "id");

        as("alice", a, "{\"level\": \"human\"}");
        s.send(HttpRequest.newBuilder(s.uri("/api/v1/deployments/credit/predict")).header("Content-Type", "application/json")
                        .header("X-Shepherd-Callback", "ftp://example.test/x")
                        .POST(HttpRequest.BodyPublishers.ofString(Requests.ONE_RECORD)))
                .assertError(400, "invalid_input", "X-Shepherd-Callback");
        for (String internal : java.util.List.of("http://127.0.0.1:9/x", "http://localhost/x", "http://169.254.169.254/latest",
                "http://10.0.0.7/hook", "http://[::1]/x", "http://[fd00::1]/x")) {
            assertThat(new dev.shepherd.automation.HttpCallbacks(false)).satisfies(c -> org.assertj.core.api.Assertions
                    .assertThatThrownBy(() -> c.check(internal, "X-Shepherd-Callback"))
                    .as(internal).hasMessageContaining("private network"));
        }
        String ticket = s.postJson("/api/v1/deployments/credit/predict", Requests.ONE_RECORD).json().get("ticket").asText();
        as("bob", "/api/v1/review/items/" + ticket + "/decide", "{\"label\": \"repaid\"}").assertError(409, "conflict", "id");
        as("bob", "/api/v1/review/claim", "{}");
        as("bob", "/api/v1/review/items/" + ticket + "/decide", "{\"label\": \"perhaps\"}").assertError(400, "invalid_input", "label");
        as("bob", "/api/v1/review/items/" + ticket + "/decide", "{}").assertError(400, "invalid_input", "label");
        as("bob", "/api/v1/review/items/" + ticket + "/decide", "{\"label\": 3}").assertError(400, "invalid_input", "label");
        as("bob", "/api/v1/review/items/" + ticket + "/decide", "{\"label\": \"repaid\", \"note\": \""
                + "x".repeat(2001) + "\"}").assertError(400, "invalid_input", "note");
        as("eve", "/api/v1/review/items/" + ticket + "/release", "{}").assertError(409, "conflict", "id");
        assertThat(as("bob", "/api/v1/review/items/" + ticket + "/release", "{}").json().get("state").asText())
                .isEqualTo("open");
        assertThat(as("carol", "/api/v1/review/claim", "{}").json().get("id").asText()).isEqualTo(ticket);
        as("bob", "/api/v1/review/items/" + ticket + "/skip", "{}").assertError(409, "conflict", "id");
        assertThat(as("carol", "/api/v1/review/items/" + ticket + "/skip", "{\"note\": \"blurry scan\"}").status())
                .isEqualTo(200);
        assertThat(s.get("/api/v1/tickets/" + ticket).json().get("state").asText()).isEqualTo("skipped");
    }
}
