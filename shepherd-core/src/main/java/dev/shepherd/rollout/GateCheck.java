package dev.shepherd.rollout;

import java.util.Locale;

/**
 * One gate's verdict at one evaluation.
 *
 * @param gate    the gate
 * @param verdict pass, fail, or pending (too little data to decide)
 * @param value   the candidate's value, {@code NaN} when it has none
 * @param primary the primary's value for relative gates, else {@code NaN}
 * @param message the comparison in words ({@code error_rate 0.12 > max 0.01})
 */
public record GateCheck(Gate gate, Verdict verdict, double value, double primary, String message) {

    /** A gate's verdict. */
    public enum Verdict {
        PASS, FAIL, PENDING;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
