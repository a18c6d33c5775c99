package dev.shepherd.drift;

import java.nio.charset.StandardCharsets;

/**
 * Parses decimal numbers straight from bytes, as {@link Double#parseDouble} would, without making
 * a string: plain decimals with at most 15 significant digits and a power of ten up to 22 take
 * the exact fast path (one correctly rounded multiplication or division, Clinger 1990); anything
 * else falls back to {@code Double.parseDouble}. Stateless and thread-safe.
 */
final class Numbers {
    /** Returned by {@link #parse} for text that is not a finite number. */
    static final double INVALID = Double.NaN;

    private static final double[] POW10 = new double[23];

    static {
        double p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            p *= 10;
        }
    }

    private Numbers() {
    }

    /** The finite number in {@code b[from, to)}, or {@link #INVALID}. */
    static double parse(byte[] b, int from, int to) {
        int i = from;
        while (i < to && b[i] == ' ') {
            i++;
        }
        int end = to;
        while (end > i && b[end - 1] == ' ') {
            end--;
        }
        if (i == end) {
            return INVALID;
        }
        int start = i;
        boolean negative = false;
        if (b[i] == '-' || b[i] == '+') {
            negative = b[i] == '-';
            i++;
        }
        long mantissa = 0;
        int digits = 0;
        int scale = 0;
        boolean any = false;
        boolean dot = false;
        for (; i < end; i++) {
            int c = b[i];
            if (c >= '0' && c <= '9') {
                any = true;
                if (mantissa == 0 && c == '0') {
                    if (dot) {
                        scale--;
                    }
                    continue; // leading zeros are not significant
                }
                if (digits >= 18) {
                    return slow(b, start, end);
                }
                mantissa = mantissa * 10 + (c - '0');
                digits++;
                if (dot) {
                    scale--;
                }
            } else if (c == '.' && !dot) {
                dot = true;
            } else {
                break;
            }
        }
        if (!any) {
            return slow(b, start, end);
        }
        if (i < end) {
            if (b[i] != 'e' && b[i] != 'E') {
                return slow(b, start, end);
            }
            i++;
            boolean expNegative = false;
            if (i < end && (b[i] == '-' || b[i] == '+')) {
                expNegative = b[i] == '-';
                i++;
            }
            int exp = 0;
            int expDigits = 0;
            for (; i < end && b[i] >= '0' && b[i] <= '9'; i++) {
                if (exp < 100_000) {
                    exp = exp * 10 + (b[i] - '0');
                }
                expDigits++;
            }
            if (expDigits == 0 || i != end) {
                return INVALID;
            }
            scale += expNegative ? -exp : exp;
        }
        if (digits > 15 || scale > 22 || scale < -22) {
            return slow(b, start, end);
        }
        // both operands are exact doubles, so the one rounding of the operation is the correct one
        double v = scale >= 0 ? mantissa * POW10[scale] : mantissa / POW10[-scale];
        return negative ? -v : v;
    }

    private static double slow(byte[] b, int from, int to) {
        String s = new String(b, from, to - from, StandardCharsets.US_ASCII);
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (!(c >= '0' && c <= '9' || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
                return INVALID; // no NaN, Infinity, hex or type suffixes
            }
        }
        try {
            double v = Double.parseDouble(s);
            return Double.isFinite(v) ? v : INVALID;
        } catch (NumberFormatException e) {
            return INVALID;
        }
    }
}
