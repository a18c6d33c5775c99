package dev.shepherd.cli;

import java.time.Duration;
import picocli.CommandLine;

/** Parses durations in the one syntax of {@link dev.shepherd.config.Durations}: {@code 250ms}, {@code 10s}, {@code 5m}, {@code 1h}, {@code 2d} or ISO-8601. */
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
        return dev.shepherd.config.Durations.parse(s);
    }
}
