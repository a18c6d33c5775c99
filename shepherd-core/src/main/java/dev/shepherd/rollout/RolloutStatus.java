package dev.shepherd.rollout;

import dev.shepherd.serving.ShadowStats;
import java.util.List;

/**
 * A rollout as the controller sees it now: its persisted state, the last gate verdicts, the
 * candidate's requests in the current step or phase, and its agreement with the primary.
 *
 * @param rollout           the persisted state
 * @param gates             verdicts of the last evaluation (empty before the first, or once ended)
 * @param candidateRequests requests the candidate answered (or shadowed) in the current step or phase
 * @param comparison        agreement with the primary over the gate window
 * @param shadow            the gateway's shadow counters (copies submitted, dropped, failed)
 */
public record RolloutStatus(Rollout rollout, List<GateCheck> gates, long candidateRequests, Comparison comparison,
                            ShadowStats shadow) {
}
