package dev.shepherd.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration syntax of YAML, the API and the CLI: a whole number and a unit
 * ({@code 250ms}, {@code 10s}, {@code 5m}, {@code 1h}, {@code 2d}), or ISO-8601 ({@code PT10S}).
 * Thread-safe.
 */
public final class Durations {
    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

    private Durations() {
    }

    /** The duration {@code text} names, or {@code null} when it is not one (negative ones included). */
    public static Duration parse(String text) {
        if (text == null) {
            return null;
        }
        String s = text.trim();
        Matcher m = SHORT.matcher(s.toLowerCase(Locale.ROOT));
        Duration d = null;
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } else if (s.startsWith("P") || s.startsWith("p")) {
            try {
                d = Duration.parse(s);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return d == null || d.isNegative() ? null : d;
    }

    /** A duration for people, to a tenth of a second: {@code 10.2s}, {@code 4m 05s}, {@code 2h 03m}. */
    public static String human(Duration d) {
        long ms = d.toMillis();
        if (ms < 60_000) {
            return String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0);
        }
        long s = ms / 1000;
        if (s < 3600) {
            return String.format(java.util.Locale.ROOT, "%dm %02ds", s / 60, s % 60);
        }
        return String.format(java.util.Locale.ROOT, "%dh %02dm", s / 3600, (s % 3600) / 60);
    }

    /** The shortest exact text of {@code d} in the short syntax ({@code 90s}, {@code 5m}, {@code 250ms}). */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
        String[] units = {"d", "h", "m", "s"};
        for (int i = 0; i < sizes.length; i++) {
            if (ms % sizes[i] == 0) {
                return ms / sizes[i] + units[i];
            }
        }
        return ms + "ms";
    }
}
