package dev.shepherd.cli;

import java.time.Duration;
import picocli.CommandLine;

/** Parses {@code 250ms}, {@code 10s}, {@code 5m}, {@code 1h}, {@code 2d} (or ISO-8601 {@code PT10S}). */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String s) {
        Duration d = parse(s);
        if (d == null || d.isNegative() || d.isZero()) {
            throw new CommandLine.TypeConversionException("expected a positive duration like 500ms, 10s, 5m or 1h, was '" + s + "'");
        }
        return d;
    }

    static Duration parse(String s) {
        try {
            if (s.startsWith("P") || s.startsWith("p")) {
                return Duration.parse(s);
            }
            var m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h|d)").matcher(s.trim());
            if (!m.matches()) {
                return null;
            }
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } catch (RuntimeException e) {
            return null;
        }
    }
}
