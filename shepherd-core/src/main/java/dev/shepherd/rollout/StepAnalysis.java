package dev.shepherd.rollout;

import dev.shepherd.monitor.MetricNames;
import dev.shepherd.monitor.SeriesStats;
import java.util.ArrayList;
import java.util.List;

/**
 * One evaluation of a rollout's current phase or step ({@link RolloutAnalyst}): the gate verdicts,
 * the candidate's requests in the step, its agreement with the primary, and both sides' stats over
 * the gate window ({@code null} when a side has none). Immutable.
 */
record StepAnalysis(List<GateCheck> checks, long candidateRequests, Comparison comparison, SeriesStats candidate,
                    SeriesStats primary) {
    /** Before the first evaluation. */
    static final StepAnalysis NONE = new StepAnalysis(List.of(), 0, Comparison.EMPTY, null, null);

    /** Whether every gate passed (no gate pending or failing). */
    boolean green() {
        return checks.stream().allMatch(c -> c.verdict() == GateCheck.Verdict.PASS);
    }

    /** The shadow report: volume, agreement, and the candidate's vital signs beside the primary's. */
    String report() {
        List<String> parts = new ArrayList<>();
        parts.add(candidateRequests + " shadow requests");
        if (comparison.classPairs() > 0) {
            parts.add("agreement " + GateEvaluator.fmt(comparison.agreementRate()));
        }
        if (comparison.scorePairs() > 0) {
            parts.add("mean |score diff| " + GateEvaluator.fmt(comparison.meanAbsScoreDiff()));
        }
        if (candidate != null) {
            Double cp99 = candidate.values().get(MetricNames.LATENCY_P99_MS);
            Double pp99 = primary == null ? null : primary.values().get(MetricNames.LATENCY_P99_MS);
            if (cp99 != null && pp99 != null && pp99 > 0) {
                parts.add("latency p99 " + GateEvaluator.fmt(cp99 / pp99) + "x the primary's");
            }
            parts.add("error rate " + GateEvaluator.fmt(candidate.errorRate()));
            parts.add("null outputs " + GateEvaluator.fmt(candidate.outputs().nullFraction()));
            Double acc = candidate.values().get(MetricNames.ACCURACY);
            Double pacc = primary == null ? null : primary.values().get(MetricNames.ACCURACY);
            if (acc != null) {
                parts.add("accuracy " + GateEvaluator.fmt(acc) + (pacc == null ? "" : " vs primary " + GateEvaluator.fmt(pacc)));
            }
        }
        for (GateCheck g : checks) {
            parts.add(g.message());
        }
        return String.join(", ", parts);
    }
}
