package dev.shepherd.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shepherd.config.RolloutSpecReader;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link RolloutStore} must have. Subclass it per implementation. Times are
 * whole milliseconds; every {@link Rollout} carries the {@code specJson} its spec was parsed from
 * (a store may keep only the text and parse it back with {@link RolloutSpecReader#parse(String)}).
 */
public abstract class RolloutStoreContract {
    protected static final Instant T0 = Instant.parse("2026-03-01T12:00:00.456Z");

    protected static final String CANARY = "{\"candidate\":\"v2\",\"strategy\":\"canary\",\"steps\":["
            + "{\"weight\":5,\"bake\":\"1m\"},{\"weight\":50,\"bake\":\"90s\",\"minRequests\":200,\"approval\":true}],"
            + "\"gates\":[{\"metric\":\"error_rate\",\"max\":0.01},"
            + "{\"metric\":\"feedback_rate\",\"event\":\"redo_search\",\"maxRatioToPrimary\":1.1}],"
            + "\"stickyKey\":{\"feature\":\"customer_id\"},\"compareShare\":0.25}";
    protected static final String SHADOW = "{\"candidate\":\"v3\",\"strategy\":\"shadow\","
            + "\"shadow\":{\"share\":0.5,\"duration\":\"10m\",\"then\":\"canary\"}}";
    protected static final String BLUE_GREEN = "{\"candidate\":\"v4\",\"strategy\":\"blue-green\","
            + "\"blueGreen\":{\"warmup\":10,\"verify\":\"30s\",\"bake\":\"2m\",\"retention\":\"1h\"}}";

    protected RolloutStore store;

    /** A new, empty store; called before every test. */
    protected abstract RolloutStore createStore();

    @BeforeEach
    void setUpStore() {
        store = createStore();
    }

    /** A rollout of {@code specJson}: every field set, at the step and weight given. */
    protected static Rollout rollout(String id, String deployment, String specJson, Phase phase, Status status,
                                     int step, double weight, Instant startedAt, String reason) {
        return new Rollout(id, deployment, "v1", RolloutSpecReader.parse(specJson), specJson, phase, status, step,
                weight, startedAt.plusSeconds(30), Duration.ofSeconds(61).plusMillis(250), startedAt,
                startedAt.plusSeconds(95), reason);
    }

    /** A running canary rollout of {@code deployment} started at {@code startedAt}. */
    protected static Rollout running(String id, String deployment, Instant startedAt) {
        return rollout(id, deployment, CANARY, Phase.CANARY, Status.RUNNING, 0, 5, startedAt, "started");
    }

    protected static RolloutEvent event(Rollout r, Instant at, String actor, String action, Map<String, Double> values) {
        return new RolloutEvent(r.id(), r.deployment(), at, actor, action, r.phase(), r.status(), r.step(), r.weight(),
                r.reason(), values);
    }

    @Test
    void findsASavedRolloutWithEveryField() {
        Rollout canary = rollout("ro-canary", "loan-default", CANARY, Phase.CANARY, Status.AWAITING_APPROVAL, 1, 12.625,
                T0, "step 1 passed: error_rate 0.002 <= 0.01");

        store.save(canary, null);

        Rollout found = store.find("ro-canary").orElseThrow();
        assertThat(found).isEqualTo(canary);
        assertThat(found.spec()).isEqualTo(RolloutSpecReader.parse(CANARY));
        assertThat(found.specJson()).isEqualTo(CANARY);
        assertThat(found.baked()).isEqualTo(Duration.ofMillis(61_250));
        assertThat(found.stepStartedAt()).isEqualTo(T0.plusSeconds(30));
        assertThat(found.updatedAt()).isEqualTo(T0.plusSeconds(95));
        assertThat(found.weight()).isEqualTo(12.625);
        assertThat(found.currentStep()).isEqualTo(found.spec().steps().get(1));
    }

    @Test
    void aRolloutBeforeItsFirstStepWithoutReasonRoundTrips() {
        Rollout shadow = new Rollout("ro-shadow", "search", "v2", RolloutSpecReader.parse(SHADOW), SHADOW, Phase.SHADOW,
                Status.RUNNING, -1, 0.0, T0, Duration.ZERO, T0, T0, null);
        Rollout blueGreen = new Rollout("ro-bg", "search", "v1", RolloutSpecReader.parse(BLUE_GREEN), BLUE_GREEN,
                Phase.SWITCHED, Status.PAUSED, -1, 100.0, T0.plusMillis(1), Duration.ofMillis(1), T0, T0.plusMillis(2),
                null);

        store.save(shadow, null);
        store.save(blueGreen, null);

        assertThat(store.find("ro-shadow")).contains(shadow);
        assertThat(store.find("ro-bg")).contains(blueGreen);
        assertThat(store.find("ro-shadow").orElseThrow().step()).isEqualTo(-1);
        assertThat(store.find("ro-shadow").orElseThrow().reason()).isNull();
        assertThat(store.find("ro-bg").orElseThrow().strategy()).isEqualTo(Strategy.BLUE_GREEN);
    }

    @Test
    void everyPhaseAndStatusRoundTrips() {
        int i = 0;
        for (Phase phase : Phase.values()) {
            for (Status status : Status.values()) {
                Rollout r = rollout("ro-" + i, "d", CANARY, phase, status, 0, 5, T0.plusMillis(i), status.wireName());
                store.save(r, null);
                assertThat(store.find(r.id())).contains(r);
                i++;
            }
        }
    }

    @Test
    void findOfAnUnknownIdIsEmpty() {
        store.save(running("ro-1", "d", T0), null);

        assertThat(store.find("ro-unknown")).isEmpty();
        assertThat(store.events("ro-unknown")).isEmpty();
        assertThat(store.forDeployment("unknown")).isEmpty();
    }

    @Test
    void saveReplacesTheRolloutById() {
        Rollout first = running("ro-1", "loan-default", T0);
        Rollout next = rollout("ro-1", "loan-default", CANARY, Phase.DONE, Status.FAILED, 1, 0, T0,
                "gate failed: error_rate 0.2 > 0.01");

        store.save(first, null);
        store.save(next, null);

        assertThat(store.find("ro-1")).contains(next);
        assertThat(store.forDeployment("loan-default")).containsExactly(next);
        assertThat(store.active()).isEmpty();
    }

    @Test
    void eventsAreAppendedInOrderAndListedOldestFirst() {
        Rollout r = running("ro-1", "loan-default", T0);
        RolloutEvent start = event(r, T0, "alice", "start", Map.of());
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("error_rate", 0.002);
        values.put("primary:error_rate", 0.004);
        values.put("feedback_rate{event=\"redo_search\"}", 0.125);
        values.put("primary:feedback_rate{event=\"redo_search\"}", 0.1);
        values.put("latency_p99_ms{quote=\"a\\\"b\",brace=\"}{\"}", -1.5e-7);
        RolloutEvent step = event(r, T0.plusSeconds(60), "controller", "step", values);
        RolloutEvent sameMillis = event(r, T0.plusSeconds(60), "controller", "checkpoint", Map.of("n", 1e300));
        RolloutEvent abort = new RolloutEvent("ro-1", "loan-default", T0.plusSeconds(61), "bob", "abort", Phase.DONE,
                Status.ABORTED, -1, 0, null, Map.of());

        store.save(r, start);
        store.save(r, step);
        store.save(r, sameMillis);
        store.save(running("ro-other", "loan-default", T0), event(running("ro-other", "loan-default", T0), T0, "x",
                "start", Map.of()));
        store.save(r, abort);

        List<RolloutEvent> events = store.events("ro-1");
        assertThat(events).containsExactly(start, step, sameMillis, abort);
        assertThat(events.get(0).values()).isEmpty();
        assertThat(events.get(1).values()).isEqualTo(values);
        assertThat(events.get(3).reason()).isNull();
        assertThat(store.events("ro-other")).extracting(RolloutEvent::rolloutId).containsExactly("ro-other");
    }

    @Test
    void nonFiniteGateValuesRoundTrip() {
        Rollout r = running("ro-1", "d", T0);
        RolloutEvent e = event(r, T0, "controller", "gate-failed",
                Map.of("latency_p99_ms", Double.NaN, "a", Double.POSITIVE_INFINITY, "b", Double.NEGATIVE_INFINITY));

        store.save(r, e);

        assertThat(store.events("ro-1")).containsExactly(e);
    }

    @Test
    void saveWithoutAnEventWritesNoEvent() {
        Rollout r = running("ro-1", "d", T0);
        RolloutEvent start = event(r, T0, "alice", "start", Map.of());

        store.save(r, null);
        assertThat(store.events("ro-1")).isEmpty();

        store.save(r, start);
        store.save(r.withBaked(Duration.ofSeconds(10), T0.plusSeconds(10)), null);

        assertThat(store.events("ro-1")).containsExactly(start);
        assertThat(store.find("ro-1").orElseThrow().baked()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void activeIsRunningPausedOrAwaitingApprovalOldestFirst() {
        // one rollout per status (the three active ones first in declaration order), saved in a
        // scrambled order; rollout i starts at T0 + i seconds
        Status[] statuses = Status.values();
        int[] order = {5, 2, 7, 0, 3, 6, 1, 4};
        for (int i : order) {
            Status s = statuses[i];
            store.save(rollout("ro-" + i, "d" + (i % 2), CANARY, s.active() ? Phase.CANARY : Phase.DONE, s, 0, 5,
                    T0.plusSeconds(i), s.wireName()), null);
        }
        store.save(running("ro-late", "d0", T0.minusSeconds(1)), null);
        store.save(running("ro-late", "d0", T0.minusSeconds(1)).withStatus(Status.SUCCEEDED, T0, "promoted"), null);

        List<Rollout> active = store.active();

        assertThat(active).extracting(Rollout::status)
                .containsExactly(Status.RUNNING, Status.PAUSED, Status.AWAITING_APPROVAL);
        assertThat(active).extracting(Rollout::id).containsExactly("ro-0", "ro-1", "ro-2");
    }

    @Test
    void activeOrdersByStartTimeNotSaveOrder() {
        Rollout newer = running("ro-newer", "a", T0.plusMillis(1));
        Rollout older = running("ro-older", "b", T0);
        store.save(newer, null);
        store.save(older, null);

        assertThat(store.active()).containsExactly(older, newer);
    }

    @Test
    void forDeploymentIsNewestFirstAndOnlyThatDeployment() {
        Rollout first = running("ro-a", "loan-default", T0).withStatus(Status.SUCCEEDED, T0.plusSeconds(5), "promoted");
        Rollout third = running("ro-c", "loan-default", T0.plusSeconds(20));
        Rollout second = running("ro-b", "loan-default", T0.plusSeconds(10)).withStatus(Status.ABORTED,
                T0.plusSeconds(15), "stopped by alice");
        store.save(third, null);
        store.save(first, null);
        store.save(running("ro-x", "churn", T0.plusSeconds(30)), null);
        store.save(second, null);

        assertThat(store.forDeployment("loan-default")).containsExactly(third, second, first);
        assertThat(store.forDeployment("churn")).extracting(Rollout::id).containsExactly("ro-x");
    }
}
