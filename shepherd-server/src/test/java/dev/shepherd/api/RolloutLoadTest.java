package dev.shepherd.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shepherd.runtime.JavaModel;
import dev.shepherd.runtime.fixtures.CreditScorer;
import dev.shepherd.schema.Batch;
import dev.shepherd.schema.Prediction;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Concurrent clients over real HTTP through blue-green switches, switch-backs, promotions,
 * rollbacks after promotion and canary rollbacks by a failing gate: not one request may fail.
 */
class RolloutLoadTest {
    /** A candidate whose every answer is null: its canary fails the null-output gate. */
    public static final class NullCredit implements JavaModel {
        @Override
        public List<Prediction> predict(Batch batch) {
            return Collections.nCopies(batch.size(), new Prediction.NullPrediction("broken"));
        }
    }

    private static final int CLIENTS = 8;

    @TempDir
    Path dir;

    @Test
    void noRequestFailsThroughSwitchesPromotionsAndRollbacks() throws Exception {
        try (RolloutServer s = new RolloutServer(dir, "v1", CreditScorer.class.getName(), "v2",
                CreditScorer.class.getName(), "v3", NullCredit.class.getName())) {
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong ok = new AtomicLong();
            List<String> failures = Collections.synchronizedList(new ArrayList<>());
            Map<String, AtomicLong> byVersion = new ConcurrentHashMap<>();
            CountDownLatch done = new CountDownLatch(CLIENTS);
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                Thread.ofVirtual().start(() -> {
                    try {
                        for (int i = 0; running.get(); i++) {
                            try {
                                TestServer.Reply r = s.predict(i, "client-" + client + "-user-" + (i % 50));
                                if (r.status() == 200) {
                                    ok.incrementAndGet();
                                    byVersion.computeIfAbsent(r.headers().firstValue("X-Shepherd-Model-Version").orElse("?"),
                                            k -> new AtomicLong()).incrementAndGet();
                                } else {
                                    failures.add(r.status() + " " + r.body());
                                }
                            } catch (RuntimeException e) {
                                failures.add(e.toString());
                            }
                        }
                    } finally {
                        done.countDown();
                    }
                });
            }
            String analysis = "\"analysis\": {\"window\": \"1m\", \"minRequests\": 20}";
            for (int round = 0; round < 3; round++) {
                // blue-green: switch, switch back during the bake
                expect(s.post("/api/v1/deployments/credit/rollout/start", "{\"candidate\": \"v2\", \"strategy\": \"blue-green\", "
                        + "\"blueGreen\": {\"warmup\": 5, \"bake\": \"1m\"}, " + analysis + "}", "ops"), 201);
                pause();
                expect(s.post("/api/v1/deployments/credit/rollout/rollback", null, "ops"), 200);
                pause();
                // blue-green again, baked and promoted, then rolled back after promotion
                expect(s.post("/api/v1/deployments/credit/rollout/start", "{\"candidate\": \"v2\", \"strategy\": \"blue-green\", "
                        + "\"blueGreen\": {\"warmup\": 5, \"bake\": \"1m\"}, " + analysis + "}", "ops"), 201);
                pause();
                s.tick(Duration.ofSeconds(61));
                awaitStatus(s, "succeeded");
                pause();
                expect(s.post("/api/v1/deployments/credit/rollout/rollback", null, "ops"), 200);
                pause();
                // a canary of a broken version, rolled back by its gate
                expect(s.post("/api/v1/deployments/credit/rollout/start", "{\"candidate\": \"v3\", "
                        + "\"steps\": [{\"weight\": 50, \"bake\": \"10m\"}], " + analysis + "}", "ops"), 201);
                pause();
                awaitStatus(s, "failed");
                pause();
                s.tick(Duration.ofMinutes(1)); // leave the metrics window of this round behind
            }
            running.set(false);
            assertThat(done.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(failures).as("failed requests").isEmpty();
            assertThat(ok.get()).isGreaterThan(500);
            assertThat(byVersion.keySet()).contains("v1", "v2", "v3");
        }
    }

    /** Ticks (one second of the test clock every 50 ms) until the rollout has {@code status}, up to 20 s. */
    private static void awaitStatus(RolloutServer s, String status) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!s.rollouts.status("credit").orElseThrow().rollout().status().wireName().equals(status)) {
            assertThat(System.nanoTime()).as("waiting for %s: %s", status, s.rollouts.status("credit").orElseThrow())
                    .isLessThan(deadline);
            Thread.sleep(50);
            s.tick(Duration.ofSeconds(1));
        }
    }

    private static void pause() throws InterruptedException {
        Thread.sleep(250);
    }

    private static void expect(TestServer.Reply r, int status) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
    }
}
