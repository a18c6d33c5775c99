package dev.shepherd.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shepherd.runtime.JavaModelLoader;
import dev.shepherd.runtime.Runtimes;
import dev.shepherd.runtime.remote.RemoteModelLoader;
import dev.shepherd.store.InMemoryStore;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upstream failures of {@code remote} models over HTTP: an upstream that refuses connections is a
 * 502 {@code upstream_error}, one that answers later than {@code readTimeoutMs} a 504
 * {@code upstream_timeout}; either way the server keeps serving.
 */
class RemoteFailureTest {
    @TempDir
    static Path dir;
    static LiveServer s;
    /** An upstream whose {@code /infer} holds every request until the tests end. */
    static Javalin hanging;
    static final CountDownLatch RELEASE = new CountDownLatch(1);
    static final AtomicInteger HANGING_CALLS = new AtomicInteger();

    @BeforeAll
    static void start() throws IOException, InterruptedException {
        hanging = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.post("/v2/models/{model}/infer", ctx -> {
                HANGING_CALLS.incrementAndGet();
                RELEASE.await(30, TimeUnit.SECONDS);
                ctx.status(503).result("{\"error\": \"released\"}");
            });
        }).start(0);
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        s = new LiveServer(new InMemoryStore(dir), Runtimes.of(List.of(new JavaModelLoader(), new RemoteModelLoader())),
                TestServer.LIMITS);
        String config = remoteModel("down", "http://127.0.0.1:" + closedPort, "{connectTimeoutMs: '1000', fetchMetadata: 'false'}")
                + TestServer.deployment("down", "down", "v1")
                + remoteModel("sleepy", "http://127.0.0.1:" + hanging.port(), "{readTimeoutMs: '300', fetchMetadata: 'false'}")
                + TestServer.deployment("sleepy", "sleepy", "v1")
                + TestServer.javaModel("credit", "v1", "dev.shepherd.runtime.fixtures.CreditScorer")
                + TestServer.deployment("credit", "credit", "v1");
        s.apply(config.substring(0, config.lastIndexOf("---")));
    }

    @AfterAll
    static void stop() {
        RELEASE.countDown();
        s.close();
        hanging.stop();
    }

    @AfterEach
    void serverStillServes() {
        TestServer.Reply r = s.postJson("/api/v1/deployments/credit/predict", Requests.ONE_RECORD);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    @Test
    void anUpstreamThatRefusesConnectionsIs502() {
        s.postJson("/v2/models/down/infer", Requests.OIP_TWO_ROWS).assertError(502, "upstream_error", null);
        s.postJson("/api/v1/deployments/down/predict", Requests.ONE_RECORD).assertError(502, "upstream_error", null);
    }

    @Test
    void anUpstreamSlowerThanTheReadTimeoutIs504() {
        int before = HANGING_CALLS.get();
        s.postJson("/v2/models/sleepy/infer", Requests.OIP_TWO_ROWS).assertError(504, "upstream_timeout", null);
        s.postJson("/api/v1/deployments/sleepy/predict", Requests.ONE_RECORD).assertError(504, "upstream_timeout", null);
        assertThat(HANGING_CALLS.get() - before).as("the request reached the upstream").isEqualTo(2);
    }

    private static String remoteModel(String name, String uri, String options) {
        return """
                apiVersion: shepherd/v1
                kind: Model
                metadata: {name: %s, version: v1}
                spec:
                  runtime: remote
                  uri: "%s"
                  options: %s
                %s---
                """.formatted(name, uri, options, TestServer.CREDIT_SCHEMA);
    }
}
