package dev.shepherd.cli;

import dev.shepherd.config.ConfigParser;
import dev.shepherd.drift.Profile;
import dev.shepherd.drift.ProfileBuilder;
import dev.shepherd.drift.ProfileCodec;
import dev.shepherd.drift.SchemaColumns;
import dev.shepherd.drift.TableReader;
import dev.shepherd.error.InvalidInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.function.LongConsumer;

/**
 * Reads the data files of {@code profile build} and {@code drift}: CSV or JSON Lines into a
 * profile (a {@code .profile} file is read as one), with a schema file's columns or inferred ones,
 * showing a progress bar on a terminal for files over 16 MB.
 */
final class DataFiles {
    private static final long PROGRESS_MIN_BYTES = 16L << 20;

    private DataFiles() {
    }

    /** The columns of a schema file, or {@code null} (infer) when none is given. */
    static List<ProfileBuilder.Column> columns(Path schemaFile) {
        if (schemaFile == null) {
            return null;
        }
        String text;
        try {
            text = Files.readString(schemaFile);
        } catch (IOException e) {
            throw new InvalidInputException("--schema", "--schema: cannot read " + schemaFile + ": " + e.getMessage());
        }
        List<ProfileBuilder.Column> cols = SchemaColumns.of(new ConfigParser(Clock.systemUTC()).schema(text,
                schemaFile.getFileName().toString()));
        if (cols.isEmpty()) {
            throw new InvalidInputException("--schema", "--schema: no number, integer, category or boolean input to profile");
        }
        return cols;
    }

    /** Whether {@code file} is a serialized profile rather than data. */
    static boolean isProfile(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".profile");
    }

    /** The columns of a data file (inferred from its first rows) or of a profile file. */
    static List<ProfileBuilder.Column> inferColumns(Path file, String option) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(option, option + ": no such file: " + file);
        }
        if (isProfile(file)) {
            return read(file, option, null, new PrintWriter(System.err, true)).profile().features().values().stream()
                    .map(f -> new ProfileBuilder.Column(f.name(), f instanceof dev.shepherd.drift.FeatureProfile.Numeric
                            ? ProfileBuilder.Kind.NUMERIC : ProfileBuilder.Kind.CATEGORY)).toList();
        }
        return new TableReader(file, null, b -> { }).inferColumns();
    }

    /** Reads a data file or a profile file; {@code option} names the file's option in errors. */
    static TableReader.Result read(Path file, String option, List<ProfileBuilder.Column> columns, PrintWriter err) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(option, option + ": no such file: " + file);
        }
        if (isProfile(file)) {
            try {
                Profile p = ProfileCodec.read(Files.readAllBytes(file));
                return new TableReader.Result(p, new TableReader.Problems(0, List.of(), 0, java.util.Map.of(), List.of()));
            } catch (IOException e) {
                throw new InvalidInputException(option, option + ": cannot read " + file + ": " + e.getMessage());
            } catch (InvalidInputException e) {
                throw new InvalidInputException(option, option + ": " + file + ": " + e.getMessage());
            }
        }
        return new TableReader(file, columns, progress(file, err)).read();
    }

    /** Prints what could not be read. */
    static void problems(String label, TableReader.Problems p, PrintWriter err) {
        if (p.raggedRows() > 0) {
            err.printf("%s: %,d row(s) skipped with the wrong number of cells or not an object (first at line(s) %s)%n",
                    label, p.raggedRows(), p.raggedLines());
        }
        if (p.badValues() > 0) {
            err.printf("%s: %,d value(s) that are not numbers left out, by column %s%n", label, p.badValues(),
                    p.badValuesByColumn());
            p.badValueExamples().forEach(e -> err.println("  " + e));
        }
    }

    private static LongConsumer progress(Path file, PrintWriter err) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            return b -> { };
        }
        java.io.Console console = System.console();
        if (size < PROGRESS_MIN_BYTES || console == null || !console.isTerminal()) {
            return b -> { };
        }
        String name = file.getFileName().toString();
        long[] lastPercent = {-1};
        return bytes -> {
            long percent = Math.min(100, bytes * 100 / size);
            if (percent != lastPercent[0]) {
                lastPercent[0] = percent;
                int bar = (int) (percent / 4);
                err.printf("\r%-24s [%-25s] %3d%% of %,d MB", name.length() > 24 ? name.substring(0, 24) : name,
                        "#".repeat(bar), percent, size >> 20);
                if (percent == 100) {
                    err.println();
                }
                err.flush();
            }
        };
    }
}
