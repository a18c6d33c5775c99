package dev.shepherd.rollout;

/**
 * How a candidate's answers compared with the primary's on the same requests, over a window.
 *
 * @param compared     instances both answered
 * @param classPairs   instances where at least one answered a class (the base of {@link #agreementRate()})
 * @param agreed       of those, instances where both gave the same class
 * @param scorePairs   instances where both gave a score
 * @param absScoreDiff sum of absolute score differences over {@code scorePairs} (the model's unit)
 */
public record Comparison(long compared, long classPairs, long agreed, long scorePairs, double absScoreDiff) {

    /** Same class over class pairs, 0..1; {@code NaN} without any. */
    public double agreementRate() {
        return classPairs == 0 ? Double.NaN : (double) agreed / classPairs;
    }

    /** {@code 1 − agreementRate}; {@code NaN} without class pairs. */
    public double disagreementRate() {
        return classPairs == 0 ? Double.NaN : 1.0 - agreementRate();
    }

    /** Mean absolute score difference; {@code NaN} without score pairs. */
    public double meanAbsScoreDiff() {
        return scorePairs == 0 ? Double.NaN : absScoreDiff / scorePairs;
    }

    Comparison plus(Comparison o) {
        return new Comparison(compared + o.compared, classPairs + o.classPairs, agreed + o.agreed,
                scorePairs + o.scorePairs, absScoreDiff + o.absScoreDiff);
    }

    static final Comparison EMPTY = new Comparison(0, 0, 0, 0, 0);
}
