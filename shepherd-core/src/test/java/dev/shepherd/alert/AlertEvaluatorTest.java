package dev.shepherd.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shepherd.monitor.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class AlertEvaluatorTest {
    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    final MutableClock clock = new MutableClock(T0);
    final Map<String, Double> values = new ConcurrentHashMap<>();
    final List<Notification> sent = Collections.synchronizedList(new ArrayList<>());
    final InMemoryAlertStore store = new InMemoryAlertStore();
    final List<AlertRule> rules = new ArrayList<>();

    private AlertEvaluator evaluator() {
        return new AlertEvaluator(() -> rules, () -> List.of("loans", "credit"),
                (d, m, w) -> values.getOrDefault(d + ":" + m.roleOrPrimary() + ":" + m.key(), Double.NaN), store, sent::add, clock);
    }

    private static AlertRule rule(String name, String deployment, String expr, Duration holdFor) {
        return new AlertRule(name, deployment, expr, ExprParser.parse(expr), Duration.ofMinutes(5), holdFor, "page",
                Map.of("team", "risk"), Map.of("summary", "too many nulls"), true);
    }

    private AlertState.State state(String rule, String deployment) {
        return store.find(rule, deployment).map(AlertState::state).orElse(AlertState.State.INACTIVE);
    }

    @Test
    void pendingThenFiringAfterItsForThenResolved() {
        rules.add(rule("nulls", "loans", "null_output_fraction > 0.05", Duration.ofMinutes(2)));
        AlertEvaluator e = evaluator();
        values.put("loans:primary:null_output_fraction", 0.01);
        e.tick();
        assertThat(state("nulls", "loans")).isEqualTo(AlertState.State.INACTIVE);

        values.put("loans:primary:null_output_fraction", 0.08);
        e.tick();
        assertThat(state("nulls", "loans")).isEqualTo(AlertState.State.PENDING);
        clock.advance(Duration.ofSeconds(119));
        e.tick();
        assertThat(state("nulls", "loans")).isEqualTo(AlertState.State.PENDING);
        assertThat(sent).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        e.tick();
        assertThat(state("nulls", "loans")).isEqualTo(AlertState.State.FIRING);
        assertThat(sent).singleElement().satisfies(n -> {
            assertThat(n.status()).isEqualTo("firing");
            assertThat(n.startsAt()).isEqualTo(T0.plusSeconds(120));
            assertThat(n.value()).isEqualTo(0.08);
            assertThat(n.labels()).containsEntry("alertname", "nulls").containsEntry("deployment", "loans")
                    .containsEntry("severity", "page").containsEntry("team", "risk");
        });
        clock.advance(Duration.ofMinutes(1));
        e.tick();
        assertThat(sent).as("no repeat while it keeps firing").hasSize(1);

        values.put("loans:primary:null_output_fraction", 0.02);
        clock.advance(Duration.ofMinutes(1));
        e.tick();
        assertThat(state("nulls", "loans")).isEqualTo(AlertState.State.INACTIVE);
        assertThat(sent).hasSize(2);
        assertThat(sent.get(1).status()).isEqualTo("resolved");
        assertThat(sent.get(1).endsAt()).isEqualTo(T0.plusSeconds(240));
        assertThat(store.history(T0, T0.plusSeconds(3600), 10)).extracting(AlertStore.Transition::to)
                .containsExactly(AlertState.State.PENDING, AlertState.State.FIRING, AlertState.State.INACTIVE);
        assertThat(state("nulls", "credit")).as("another deployment").isEqualTo(AlertState.State.INACTIVE);
    }

    @Test
    void aConditionThatStopsHoldingWhilePendingNeverFires() {
        rules.add(rule("nulls", null, "null_output_fraction > 0.05", Duration.ofMinutes(5)));
        AlertEvaluator e = evaluator();
        values.put("credit:primary:null_output_fraction", 0.5);
        e.tick();
        clock.advance(Duration.ofMinutes(4));
        values.put("credit:primary:null_output_fraction", 0.0);
        e.tick();
        assertThat(state("nulls", "credit")).isEqualTo(AlertState.State.INACTIVE);
        assertThat(sent).isEmpty();
    }

    @Test
    void aRestartNeitherForgetsAFiringAlertNorNotifiesItAgain() {
        rules.add(rule("absent", "loans", "request_rate < 1", Duration.ZERO));
        values.put("loans:primary:request_rate", 0.0);
        evaluator().tick();
        assertThat(sent).hasSize(1);
        AlertEvaluator restarted = evaluator(); // same store, new evaluator
        clock.advance(Duration.ofMinutes(1));
        restarted.tick();
        assertThat(state("absent", "loans")).isEqualTo(AlertState.State.FIRING);
        assertThat(sent).hasSize(1);
        values.put("loans:primary:request_rate", 5.0);
        restarted.tick();
        assertThat(sent).extracting(Notification::status).containsExactly("firing", "resolved");
    }

    @Test
    void aSilencedAlertChangesStateButNotifiesOnlyWhenTheSilenceEnds() {
        rules.add(rule("errors", "loans", "candidate.error_rate > 2 * error_rate", Duration.ZERO));
        AlertEvaluator e = evaluator();
        e.silence("errors", "loans", Duration.ofMinutes(10));
        values.put("loans:candidate:error_rate", 0.3);
        values.put("loans:primary:error_rate", 0.01);
        e.tick();
        assertThat(state("errors", "loans")).isEqualTo(AlertState.State.FIRING);
        assertThat(sent).isEmpty();
        clock.advance(Duration.ofMinutes(11));
        e.tick();
        assertThat(sent).extracting(Notification::status).containsExactly("firing");
        AlertState acked = e.acknowledge("errors", "loans", "dana");
        assertThat(acked.acknowledgedBy()).isEqualTo("dana");
        assertThatThrownBy(() -> e.acknowledge("errors", "credit", "dana")).hasMessageContaining("not firing");
        assertThatThrownBy(() -> e.silence("nope", "loans", Duration.ofMinutes(1))).hasMessageContaining("no alert rule");
    }

    @Test
    void disabledRulesAndMissingMetricsStayQuiet() {
        AlertRule r = rule("latency", null, "latency_p99_ms > 250", Duration.ZERO);
        rules.add(new AlertRule(r.name(), null, r.expr(), r.condition(), r.window(), r.holdFor(), r.severity(), r.labels(),
                r.annotations(), false));
        rules.add(rule("p99", null, "latency_p99_ms > 250", Duration.ZERO));
        values.put("loans:primary:latency_p99_ms", 900.0);
        evaluator().tick();
        assertThat(sent).extracting(Notification::rule).containsExactly("p99");
        assertThat(state("p99", "credit")).as("no data is not an alert").isEqualTo(AlertState.State.INACTIVE);
    }
}
