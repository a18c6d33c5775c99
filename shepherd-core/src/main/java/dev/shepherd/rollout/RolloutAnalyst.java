package dev.shepherd.rollout;

import dev.shepherd.alert.AlertRule;
import dev.shepherd.config.AlertRulesReader;
import dev.shepherd.monitor.Role;
import dev.shepherd.monitor.SeriesKey;
import dev.shepherd.monitor.SeriesStats;
import dev.shepherd.serving.Gateway;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Reads the metrics a rollout's gates are judged on: the candidate's series (role {@code shadow}
 * in a shadow phase, else {@code candidate}) and the primary's over the trailing gate window,
 * capped at the start of the current step and aligned to monitoring's 10-second buckets. When
 * the primary takes no traffic (a blue-green switch, a canary at 100 %) its window is the one just
 * before the step. Gates that name an alert rule get the deployment's rules. Thread-safe.
 */
final class RolloutAnalyst {
    private static final Duration BUCKET = Duration.ofSeconds(10);

    private final Gateway gateway;
    private final MetricsWindow metrics;
    private final Comparisons comparisons;

    RolloutAnalyst(Gateway gateway, MetricsWindow metrics, Comparisons comparisons) {
        this.gateway = gateway;
        this.metrics = metrics;
        this.comparisons = comparisons;
    }

    StepAnalysis analyze(Rollout r, Instant now) {
        RolloutSpec.Analysis a = r.spec().analysis();
        Instant stepStart = floor(r.stepStartedAt());
        Instant to = now.plusMillis(1);
        Instant floorNow = floor(now.minus(a.window()));
        Instant from = stepStart.isAfter(floorNow) ? stepStart : floorNow;
        Map<SeriesKey, SeriesStats> window = metrics.window(r.deployment(), from, to);
        Role role = r.phase() == Phase.SHADOW ? Role.SHADOW : Role.CANDIDATE;
        SeriesKey candidateKey = new SeriesKey(r.deployment(), r.candidate(), role);
        SeriesStats candidate = window.get(candidateKey);
        SeriesKey primaryKey = new SeriesKey(r.deployment(), r.baseline(), Role.PRIMARY);
        SeriesStats primary = window.get(primaryKey);
        if (primary == null || primary.requests() < Math.max(1, a.minRequests())) {
            primary = metrics.window(r.deployment(), floor(stepStart.minus(a.window())), stepStart).get(primaryKey);
        }
        Comparison comparison = comparisons.window(r.deployment(), r.candidate(), from, to);
        SeriesStats inStep = stepStart.equals(from) ? candidate : metrics.window(r.deployment(), stepStart, to).get(candidateKey);
        List<AlertRule> rules = alertRules(r.deployment());
        List<GateCheck> checks = GateEvaluator.evaluate(r.spec().gates(), candidate, primary, comparison, a.minRequests(),
                name -> rules.stream().filter(x -> x.name().equals(name)).findFirst().map(AlertRule::condition));
        return new StepAnalysis(checks, inStep == null ? 0 : inStep.requests(), comparison, candidate, primary);
    }

    /** The deployment's alert rules (starters merged with its spec.alerts), for gates that name one. */
    List<AlertRule> alertRules(String deployment) {
        return gateway.status(deployment).map(s -> AlertRulesReader.ofSpec(deployment, s.deployment().specJson()))
                .orElse(List.of());
    }

    private static Instant floor(Instant t) {
        long b = BUCKET.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), b) * b);
    }
}
