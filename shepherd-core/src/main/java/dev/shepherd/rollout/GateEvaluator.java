package dev.shepherd.rollout;

import dev.shepherd.monitor.MetricNames;
import dev.shepherd.monitor.SeriesStats;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks gates on a candidate's window of metrics against their bounds and the primary's window.
 * A gate is pending (neither passes nor fails) until the candidate answered {@code minRequests}
 * in the window, and a relative bound until the primary did too. Counts and rates of things that
 * did not happen ({@code errors}, {@code feedback_rate}) are 0, not missing. A relative bound
 * against a primary value of 0 allows only 0 ({@code maxRatioToPrimary}); use
 * {@code maxDeltaToPrimary} where the primary's rate is often 0. Stateless.
 */
public final class GateEvaluator {
    private GateEvaluator() {
    }

    /**
     * @param candidate   the candidate's stats over the window, or {@code null} when it has none
     * @param primary     the primary's stats over the comparable window, or {@code null}
     * @param comparison  the candidate's agreement with the primary over the window
     * @param minRequests requests each side needs before a gate can decide
     */
    public static List<GateCheck> evaluate(List<Gate> gates, SeriesStats candidate, SeriesStats primary,
                                           Comparison comparison, long minRequests) {
        return evaluate(gates, candidate, primary, comparison, minRequests, rule -> java.util.Optional.empty());
    }

    /**
     * As above, with the conditions of the deployment's alert rules by name, for gates that name
     * one ({@link Gate#alertRule}).
     */
    public static List<GateCheck> evaluate(List<Gate> gates, SeriesStats candidate, SeriesStats primary,
                                           Comparison comparison, long minRequests,
                                           java.util.function.Function<String, java.util.Optional<dev.shepherd.alert.Expr>> rules) {
        List<GateCheck> out = new ArrayList<>(gates.size());
        long candidateRequests = candidate == null ? 0 : candidate.requests();
        boolean primaryReady = primary != null && primary.requests() >= Math.max(1, minRequests);
        for (Gate g : gates) {
            if (candidateRequests < Math.max(1, minRequests)) {
                out.add(new GateCheck(g, GateCheck.Verdict.PENDING, Double.NaN, Double.NaN,
                        g.key() + ": waiting for " + minRequests + " candidate requests (has " + candidateRequests + ")"));
                continue;
            }
            if (g.alert() != null) {
                out.add(alertGate(g, rules.apply(g.alert()), candidate, primary));
                continue;
            }
            double v = MetricNames.DISAGREEMENT_RATE.equals(g.metric()) ? comparison.disagreementRate() : value(candidate, g);
            double p = g.relative() && primaryReady ? value(primary, g) : Double.NaN;
            out.add(check(g, v, p));
        }
        return out;
    }

    private static GateCheck alertGate(Gate g, java.util.Optional<dev.shepherd.alert.Expr> rule, SeriesStats candidate,
                                       SeriesStats primary) {
        if (rule.isEmpty()) {
            return new GateCheck(g, GateCheck.Verdict.FAIL, Double.NaN, Double.NaN, "alert rule " + g.alert()
                    + " does not exist on this deployment");
        }
        double[] first = {Double.NaN};
        boolean holds = rule.get().holds(m -> {
            SeriesStats s = "primary".equals(m.role()) ? primary : candidate;
            double v = s == null ? Double.NaN : s.values().getOrDefault(m.key(), Double.NaN);
            if (Double.isNaN(first[0])) {
                first[0] = v;
            }
            return v;
        });
        return holds ? new GateCheck(g, GateCheck.Verdict.FAIL, first[0], Double.NaN, "alert rule " + g.alert()
                + " fires for the candidate: " + rule.get())
                : new GateCheck(g, GateCheck.Verdict.PASS, first[0], Double.NaN, "alert rule " + g.alert() + " quiet");
    }

    private static double value(SeriesStats s, Gate g) {
        Double v = s.values().get(g.key());
        if (v != null) {
            return v;
        }
        return switch (g.metric()) {
            case MetricNames.ERRORS, MetricNames.FEEDBACK_EVENTS, MetricNames.FEEDBACK_RATE -> 0.0;
            default -> Double.NaN;
        };
    }

    static GateCheck check(Gate g, double v, double p) {
        if (Double.isNaN(v)) {
            return new GateCheck(g, GateCheck.Verdict.PENDING, v, p, g.key() + ": no data yet");
        }
        List<String> failed = new ArrayList<>();
        boolean pending = false;
        if (g.max() != null && v > g.max()) {
            failed.add(fmt(v) + " > max " + fmt(g.max()));
        }
        if (g.min() != null && v < g.min()) {
            failed.add(fmt(v) + " < min " + fmt(g.min()));
        }
        if (g.relative()) {
            if (Double.isNaN(p)) {
                pending = true;
            } else {
                if (g.maxRatioToPrimary() != null && v > g.maxRatioToPrimary() * p) {
                    failed.add(fmt(v) + " > " + fmt(g.maxRatioToPrimary()) + " x primary " + fmt(p));
                }
                if (g.minRatioToPrimary() != null && v < g.minRatioToPrimary() * p) {
                    failed.add(fmt(v) + " < " + fmt(g.minRatioToPrimary()) + " x primary " + fmt(p));
                }
                if (g.maxDeltaToPrimary() != null && v > p + g.maxDeltaToPrimary()) {
                    failed.add(fmt(v) + " > primary " + fmt(p) + " + " + fmt(g.maxDeltaToPrimary()));
                }
            }
        }
        if (!failed.isEmpty()) {
            return new GateCheck(g, GateCheck.Verdict.FAIL, v, p, g.key() + " " + String.join(", ", failed));
        }
        if (pending) {
            return new GateCheck(g, GateCheck.Verdict.PENDING, v, p, g.key() + " " + fmt(v) + ": waiting for primary data");
        }
        return new GateCheck(g, GateCheck.Verdict.PASS, v, p, g.key() + " " + fmt(v) + " ok (" + g.describe() + ")");
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        double a = Math.abs(v);
        return a != 0 && (a < 1e-3 || a >= 1e6) ? String.format(java.util.Locale.ROOT, "%.3g", v)
                : String.format(java.util.Locale.ROOT, "%.4f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}
