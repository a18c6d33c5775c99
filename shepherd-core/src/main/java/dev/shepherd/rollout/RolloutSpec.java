package dev.shepherd.rollout;

import java.time.Duration;
import java.util.List;

/**
 * A declared rollout: which version replaces the primary, how, and under which gates. Parsed from a
 * deployment's {@code spec.rollout} or an API/CLI request by {@link RolloutSpecReader}, which also
 * documents the defaults.
 *
 * @param candidate     the version to roll out (registered under the deployment's model)
 * @param strategy      shadow, canary or blue-green
 * @param steps         canary steps, in order (also used after a shadow that advances to canary)
 * @param gates         conditions on the candidate's metrics
 * @param shadow        the shadow phase's share and end
 * @param blueGreen     warm-up, verification, bake and retention of blue-green
 * @param analysis      the window and sample size gates are evaluated on
 * @param stickyFeature the input feature whose value keys sticky assignment when a request has no
 *                      {@code X-Shepherd-Key} header, or {@code null}
 * @param compareShare  share of the candidate's canary requests also run on the primary off the
 *                      response path to measure disagreement, 0..1
 */
public record RolloutSpec(String candidate, Strategy strategy, List<Step> steps, List<Gate> gates,
                          Shadow shadow, BlueGreen blueGreen, Analysis analysis, String stickyFeature,
                          double compareShare) {

    public RolloutSpec {
        steps = List.copyOf(steps);
        gates = List.copyOf(gates);
    }

    /**
     * The shadow phase.
     *
     * @param share    share of primary requests copied to the candidate, 0..1 (default 1)
     * @param duration running time after which the shadow ends, or {@code null}
     * @param requests shadow requests after which the shadow ends, or 0
     * @param thenCanary whether the end advances to the canary steps (else the rollout completes with a report)
     */
    public record Shadow(double share, Duration duration, long requests, boolean thenCanary) {
    }

    /**
     * Blue-green settings.
     *
     * @param warmup    requests replayed into green before anything else (from recent logged inputs,
     *                  else synthetic from the schema)
     * @param verify    time green runs in shadow before the switch ({@link Duration#ZERO} to skip)
     * @param bake      time after the switch during which gates can switch back automatically
     * @param retention time blue stays loaded after promotion, so {@code rollback} is instant
     */
    public record BlueGreen(int warmup, Duration verify, Duration bake, Duration retention) {
    }

    /**
     * How gates are evaluated.
     *
     * @param window      the trailing window of metrics a gate looks at (capped at the current step)
     * @param minRequests candidate requests in that window before a gate can pass or fail
     */
    public record Analysis(Duration window, long minRequests) {
    }
}
