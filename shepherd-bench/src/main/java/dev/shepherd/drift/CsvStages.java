package dev.shepherd.drift;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The first stages of {@link TableReader}'s CSV path on their own, for the drift scale benchmark:
 * {@link #split} runs the reader's {@code CsvLines} over a file (records cut into fields, nothing
 * parsed), {@link #parse} also turns every field after the header into a number with the reader's
 * {@code Numbers.parse}. What {@link TableReader#read} adds on top is the missing-value check and the
 * profile ({@link ProfileBuilder}: Welford moments, exact values up to the cap, the KLL sketch).
 * In this package because both classes are package-private in shepherd-core; benchmark code only.
 */
public final class CsvStages {
    /** Records (header included) and fields seen; {@code checksum} sums the parsed numbers so none is skipped. */
    public record Scan(long records, long fields, long numbers, double checksum) {
    }

    private CsvStages() {
    }

    /** Splits {@code file} into records and fields. */
    public static Scan split(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            CsvLines lines = new CsvLines(in, b -> { });
            long records = 0;
            long fields = 0;
            long ends = 0;
            while (lines.next()) {
                records++;
                int n = lines.count();
                fields += n;
                ends += lines.end(n - 1);
            }
            return new Scan(records, fields, 0, ends);
        }
    }

    /** Splits {@code file} and parses every field after the header as a number (missing cells parse as invalid). */
    public static Scan parse(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            CsvLines lines = new CsvLines(in, b -> { });
            long records = 0;
            long fields = 0;
            long numbers = 0;
            double sum = 0;
            if (lines.next()) {
                records++;
                fields += lines.count();
            }
            while (lines.next()) {
                records++;
                int n = lines.count();
                fields += n;
                byte[] buf = lines.buffer();
                for (int i = 0; i < n; i++) {
                    double v = Numbers.parse(buf, lines.start(i), lines.end(i));
                    if (v == v) {
                        numbers++;
                        sum += v;
                    }
                }
            }
            return new Scan(records, fields, numbers, sum);
        }
    }
}
