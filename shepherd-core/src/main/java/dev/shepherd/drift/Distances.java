package dev.shepherd.drift;

/**
 * Distances between two discrete distributions over the same bins or categories (probability
 * vectors of equal length; each is normalized to sum 1 first, as SciPy does). Stateless.
 */
public final class Distances {
    /** Default probability used in place of an empty bin by {@link #psi}. */
    public static final double DEFAULT_PSI_EPSILON = 1e-4;

    private Distances() {
    }

    /**
     * Population stability index {@code Σ (c − r) ln(c / r)}, empty bins counted as {@code epsilon}
     * (after normalization).
     */
    public static double psi(double[] ref, double[] cur, double epsilon) {
        double[] r = normalized(ref);
        double[] c = normalized(cur);
        double sum = 0;
        for (int i = 0; i < r.length; i++) {
            double ri = r[i] == 0 ? epsilon : r[i];
            double ci = c[i] == 0 ? epsilon : c[i];
            sum += (ci - ri) * Math.log(ci / ri);
        }
        return sum;
    }

    /**
     * Jensen–Shannon distance in base 2 ({@code scipy.spatial.distance.jensenshannon(p, q, base=2)}):
     * the square root of the divergence, 0..1.
     */
    public static double jensenShannon(double[] p, double[] q) {
        double[] a = normalized(p);
        double[] b = normalized(q);
        double js = 0;
        for (int i = 0; i < a.length; i++) {
            double m = (a[i] + b[i]) / 2;
            js += relEntr(a[i], m) + relEntr(b[i], m);
        }
        return Math.sqrt(Math.max(0, js / 2 / Math.log(2)));
    }

    /** Largest absolute difference of probabilities (L-infinity), 0..1. */
    public static double lInfinity(double[] p, double[] q) {
        double[] a = normalized(p);
        double[] b = normalized(q);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    private static double relEntr(double x, double y) {
        return x == 0 ? 0 : x * Math.log(x / y);
    }

    static double[] normalized(double[] p) {
        double sum = 0;
        for (double v : p) {
            sum += v;
        }
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = sum > 0 ? p[i] / sum : 0;
        }
        return out;
    }
}
