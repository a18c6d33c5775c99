package dev.shepherd.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shepherd.access.AccessPolicy;
import dev.shepherd.access.AccessRole;
import dev.shepherd.api.AccessFilter.Need;
import dev.shepherd.config.ConfigParser;
import dev.shepherd.monitor.Monitoring;
import dev.shepherd.monitor.MonitoringSettings;
import dev.shepherd.predictionlog.BatchingPredictionLog;
import dev.shepherd.predictionlog.PredictionLog;
import dev.shepherd.rollout.Comparisons;
import dev.shepherd.rollout.RolloutController;
import dev.shepherd.runtime.JavaModelLoader;
import dev.shepherd.runtime.Runtimes;
import dev.shepherd.runtime.fixtures.CreditScorer;
import dev.shepherd.runtime.fixtures.FixtureSchemas;
import dev.shepherd.serving.Gateway;
import dev.shepherd.store.InMemoryStore;
import dev.shepherd.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Access control over real HTTP: a server with an operator, a reviewer and an inference token,
 * and the rules of {@link AccessFilter}, checked route by route.
 */
class AccessTest {
    private static final String OPS = "ops-token-0123456789abcdef";
    private static final String ALICE = "alice-token-0123456789";
    private static final String APP = "app-token-0123456789";

    @TempDir
    Path dir;
    private Store store;
    private PredictionLog log;
    private Monitoring monitoring;
    private Gateway gateway;
    private ShepherdServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() {
        Clock clock = Clock.systemUTC();
        ConfigParser parser = new ConfigParser(clock);
        store = new InMemoryStore(dir);
        log = new BatchingPredictionLog(store.predictionSink());
        monitoring = new Monitoring(clock, MonitoringSettings.defaults(), store.metrics());
        gateway = new Gateway(store, Runtimes.of(List.of(new JavaModelLoader())), log, clock, TestServer.LIMITS);
        gateway.observeWith(monitoring::record);
        Comparisons comparisons = new Comparisons(clock);
        gateway.compareWith(comparisons);
        gateway.start();
        RolloutController rollouts = new RolloutController(gateway, store.rollouts(), monitoring::window, comparisons,
                clock);
        gateway.apply(parser.parse(FixtureSchemas.creditModelYaml("v1", CreditScorer.class.getName()) + "---\n"
                + FixtureSchemas.creditModelYaml("v2", CreditScorer.class.getName()) + "---\n"
                + FixtureSchemas.creditDeploymentYaml("v1"), dir, "test"));
        AccessPolicy policy = AccessPolicy.builder()
                .token("ops", AccessRole.OPERATOR, OPS)
                .token("alice", AccessRole.REVIEWER, ALICE)
                .token("app", AccessRole.INFERENCE, APP)
                .build();
        server = ShepherdServer.builder(gateway, parser, TestServer.LIMITS).predictionLog(log).monitoring(monitoring)
                .clock(clock).rollouts(rollouts).access(policy).build().start(0);
    }

    @AfterEach
    void stop() {
        server.stop();
        gateway.close();
        monitoring.close();
        log.close();
        store.close();
    }

    @Test
    void publicPathsNeedNoToken() {
        assertThat(get("/v2/health/live", null).status()).isEqualTo(200);
        assertThat(get("/v2/health/ready", null).status()).isEqualTo(200);
        assertThat(get("/v2", null).status()).isEqualTo(200);
        TestServer.Reply metrics = get("/metrics", null);
        assertThat(metrics.status()).as(metrics.body()).isEqualTo(200);
        assertThat(metrics.body()).contains("shepherd_");
        for (String path : List.of("/", "/health", "/review", "/review/app.js", "/ui/app.js")) {
            assertThat(get(path, null).status()).as(path).isNotIn(401, 403);
        }
        // public means reading only
        assertThat(send(request("/metrics", null).POST(HttpRequest.BodyPublishers.noBody())).status()).isEqualTo(401);
    }

    @Test
    void aRequestWithoutATokenIs401NamingTheAuthorizationField() {
        for (TestServer.Reply r : List.of(get("/api/v1/deployments", null), predict(null),
                get("/v2/models/credit", null), get("/api/v1/no-such-thing", null))) {
            JsonNode error = r.assertError(401, "unauthenticated", "Authorization");
            assertThat(error.path("message").asText()).contains("Bearer <token>");
            assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
        }
    }

    @Test
    void anUnknownTokenOrAnotherSchemeIs401() {
        TestServer.Reply unknown = get("/api/v1/deployments", "not-a-token-0123456789");
        assertThat(unknown.assertError(401, "unauthenticated", "Authorization").path("message").asText())
                .isEqualTo("Authorization: unknown token");
        assertThat(unknown.header("WWW-Authenticate")).startsWith("Bearer");
        for (String header : List.of("Basic " + OPS, OPS, "Bearer", "Bearer   ", "Bearer " + OPS + "x")) {
            send(request("/api/v1/deployments", null).header("Authorization", header).GET())
                    .assertError(401, "unauthenticated", "Authorization");
        }
        assertThat(send(request("/api/v1/deployments", null).header("Authorization", "bearer  " + OPS).GET()).status())
                .as("the scheme is case-insensitive").isEqualTo(200);
    }

    @Test
    void anInferenceTokenPredictsButCannotDecideReviewsOrChangeDeployments() {
        assertThat(predict(APP).status()).isEqualTo(200);
        TestServer.Reply oip = send(request("/v2/models/credit/infer", APP).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Requests.OIP_TWO_ROWS)));
        assertThat(oip.status()).as(oip.body()).isEqualTo(200);
        assertThat(send(request("/v2/models/credit/versions/v1/infer", APP).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Requests.OIP_TWO_ROWS))).status()).isEqualTo(200);
        assertThat(postJson("/api/v1/feedback", APP, "{}").status()).isNotIn(401, 403);
        assertThat(get("/api/v1/deployments", APP).status()).isEqualTo(200);
        assertThat(get("/api/v1/tickets/t-1", APP).status()).isNotIn(401, 403);

        JsonNode claim = postJson("/api/v1/review/claim", APP, "{}").assertError(403, "forbidden", "Authorization");
        assertThat(claim.path("message").asText()).contains("app has the inference role")
                .contains("needs the reviewer or operator role");
        assertThat(get("/api/v1/review/queue", APP).status()).isEqualTo(403);
        JsonNode put = putJson("/api/v1/deployments/x", APP, "{\"model\": \"credit\", \"serving\": \"v1\"}")
                .assertError(403, "forbidden", "Authorization");
        assertThat(put.path("message").asText()).contains("needs the operator role");
        assertThat(gateway.status("x")).isEmpty();
        assertThat(postJson("/api/v1/deployments/credit/rollout/start", APP, "{\"candidate\": \"v2\"}").status())
                .isEqualTo(403);
    }

    @Test
    void aReviewerTokenPassesTheReviewApiAndReadsButCannotPredictOrChange() {
        assertThat(postJson("/api/v1/review/claim", ALICE, "{}").status()).isNotIn(401, 403);
        assertThat(get("/api/v1/review/queue", ALICE).status()).isNotIn(401, 403);
        assertThat(get("/api/v1/tickets/t-1", ALICE).status()).isNotIn(401, 403);
        assertThat(get("/api/v1/deployments/credit", ALICE).status()).isEqualTo(200);
        assertThat(predict(ALICE).assertError(403, "forbidden", "Authorization").path("message").asText())
                .contains("needs the inference or operator role");
        assertThat(send(request("/api/v1/deployments/credit", ALICE).DELETE()).status()).isEqualTo(403);
        assertThat(gateway.status("credit")).isPresent();
    }

    @Test
    void anOperatorMayDoEverythingAndIsRecordedUnderItsTokenName() {
        assertThat(predict(OPS).status()).isEqualTo(200);
        assertThat(postJson("/api/v1/review/claim", OPS, "{}").status()).isNotIn(401, 403);
        TestServer.Reply put = putJson("/api/v1/deployments/credit-copy", OPS,
                "{\"model\": \"credit\", \"serving\": \"v1\"}");
        assertThat(put.status()).as(put.body()).isIn(200, 201);
        assertThat(get("/api/v1/stats", OPS).status()).isEqualTo(200);

        // the token's name wins over a claimed X-Shepherd-Actor
        TestServer.Reply started = send(request("/api/v1/deployments/credit/rollout/start", OPS)
                .header("Content-Type", "application/json").header("X-Shepherd-Actor", "mallory")
                .POST(HttpRequest.BodyPublishers.ofString("{\"candidate\": \"v2\"}")));
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        JsonNode transitions = get("/api/v1/deployments/credit/rollouts", ALICE).json()
                .path("rollouts").get(0).path("transitions");
        assertThat(transitions.get(0).path("actor").asText()).isEqualTo("ops");
    }

    @Test
    void noSpellingOfAPathReachesARouteUnderAMorePermissiveRule() throws IOException {
        // raw request lines: an HTTP client would normalise these paths before sending them
        assertThat(rawStatus("GET", "/review/../api/v1/deployments", null)).isIn(400, 401);
        assertThat(rawStatus("GET", "/review/%2e%2e/api/v1/deployments", null)).isIn(400, 401);
        assertThat(rawStatus("GET", "/metrics/..%2fapi/v1/deployments", null)).isIn(400, 401, 404);
        assertThat(rawStatus("PUT", "/api/v1/review/../deployments/x", ALICE)).isIn(400, 403);
        assertThat(rawStatus("POST", "/api/v1/deployments/credit/predict/../../../apply", APP)).isIn(400, 403);
        assertThat(rawStatus("POST", "/api/v1/review;/../apply", ALICE)).isIn(400, 403);
        assertThat(gateway.status("x")).isEmpty();
    }

    @Test
    void theRuleTableMatchesTheDocumentedRoutes() {
        assertThat(AccessFilter.need("GET", "/v2/health/live")).isEqualTo(Need.PUBLIC);
        assertThat(AccessFilter.need("HEAD", "/metrics")).isEqualTo(Need.PUBLIC);
        assertThat(AccessFilter.need("GET", "/")).isEqualTo(Need.PUBLIC);
        assertThat(AccessFilter.need("GET", "/review/")).isEqualTo(Need.PUBLIC);
        assertThat(AccessFilter.need("GET", "/ui/app.css")).isEqualTo(Need.PUBLIC);
        assertThat(AccessFilter.need("GET", "/reviewer")).isEqualTo(Need.ANY_TOKEN);
        assertThat(AccessFilter.need("POST", "/review")).isEqualTo(Need.OPERATOR);
        assertThat(AccessFilter.need("GET", "/api/v1/review/queue")).isEqualTo(Need.REVIEWER);
        assertThat(AccessFilter.need("POST", "/api/v1/review/items/7/decide")).isEqualTo(Need.REVIEWER);
        assertThat(AccessFilter.need("GET", "/api/v1/reviewers")).isEqualTo(Need.ANY_TOKEN);
        assertThat(AccessFilter.need("GET", "/api/v1/tickets/abc")).isEqualTo(Need.ANY_TOKEN);
        assertThat(AccessFilter.need("POST", "/api/v1/deployments/credit/predict")).isEqualTo(Need.INFERENCE);
        assertThat(AccessFilter.need("POST", "/api/v1/deployments/credit/predict/")).isEqualTo(Need.INFERENCE);
        assertThat(AccessFilter.need("POST", "/v2/models/credit/versions/v2/infer")).isEqualTo(Need.INFERENCE);
        assertThat(AccessFilter.need("POST", "/api/v1/feedback")).isEqualTo(Need.INFERENCE);
        assertThat(AccessFilter.need("PUT", "/api/v1/deployments/credit/predict")).isEqualTo(Need.OPERATOR);
        assertThat(AccessFilter.need("POST", "/api/v1/deployments/a/b/predict")).isEqualTo(Need.OPERATOR);
        assertThat(AccessFilter.need("GET", "/api/v1/deployments/credit/drift")).isEqualTo(Need.ANY_TOKEN);
        assertThat(AccessFilter.need("POST", "/api/v1/apply")).isEqualTo(Need.OPERATOR);
        assertThat(AccessFilter.need("DELETE", "/api/v1/deployments/credit")).isEqualTo(Need.OPERATOR);
        assertThat(AccessFilter.need("OPTIONS", "/api/v1/deployments")).isEqualTo(Need.OPERATOR);
        for (String odd : List.of("//metrics", "/review/../api/v1/apply", "/review/%2E%2E/x", "/v2/health/.",
                "/review;x", "/ui/a%2fb", "/review/%252e", "/review\\..\\x")) {
            assertThat(AccessFilter.need("GET", odd)).as(odd).isEqualTo(Need.OPERATOR);
        }
    }

    private TestServer.Reply predict(String token) {
        return postJson("/api/v1/deployments/credit/predict", token, Requests.ONE_RECORD);
    }

    private TestServer.Reply get(String path, String token) {
        return send(request(path, token).GET());
    }

    private TestServer.Reply postJson(String path, String token, String body) {
        return send(request(path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private TestServer.Reply putJson(String path, String token, String body) {
        return send(request(path, token).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path));
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }

    private TestServer.Reply send(HttpRequest.Builder request) {
        try {
            var r = client.send(request.timeout(Duration.ofSeconds(20)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return new TestServer.Reply(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The status of a request sent byte for byte as given, path unnormalised. */
    private int rawStatus(String method, String rawPath, String token) throws IOException {
        try (Socket s = new Socket("localhost", server.port())) {
            s.setSoTimeout(10_000);
            String req = method + " " + rawPath + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                    + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
                    + "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";
            OutputStream out = s.getOutputStream();
            out.write(req.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String statusLine = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            return Integer.parseInt(statusLine.substring(9, 12));
        }
    }
}
