package dev.shepherd.cli;

import dev.shepherd.drift.FeatureProfile;
import dev.shepherd.drift.ProfileCodec;
import dev.shepherd.drift.TableReader;
import dev.shepherd.error.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code shepherd profile build}: a reference profile from a training data file. */
@Command(name = "profile", mixinStandardHelpOptions = true, description = "Build reference profiles for drift.",
        subcommands = ProfileCommand.Build.class)
final class ProfileCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand: build");
    }

    @Command(name = "build", mixinStandardHelpOptions = true,
            description = "Profile a CSV or JSON Lines file: per column a KLL sketch (numbers) or counts (categories).")
    static final class Build implements Callable<Integer> {
        @Option(names = "--data", required = true, description = "The training data: .csv, or .jsonl/.ndjson.")
        Path data;

        @Option(names = "--schema", description = "A Model YAML (or a schema with inputs) naming the columns and their "
                + "types; default: inferred from the first 1,000 rows.")
        Path schema;

        @Option(names = {"-o", "--out"}, required = true, description = "Where to write the profile (.profile).")
        Path out;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            java.io.PrintWriter err = spec.commandLine().getErr();
            TableReader.Result r = DataFiles.read(data, "--data", DataFiles.columns(schema), err);
            DataFiles.problems(data.getFileName().toString(), r.problems(), err);
            byte[] bytes = ProfileCodec.write(r.profile());
            try {
                Path parent = out.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                Files.write(out, bytes);
            } catch (IOException e) {
                throw new InvalidInputException("--out", "--out: cannot write " + out + ": " + e.getMessage());
            }
            spec.commandLine().getOut().printf("profiled %,d rows of %s: %d columns, %,d bytes -> %s%n", r.profile().rows(),
                    data.getFileName(), r.profile().features().size(), bytes.length, out);
            for (FeatureProfile f : r.profile().features().values()) {
                spec.commandLine().getOut().printf("  %-24s %-8s %,10d values %,8d missing%s%n", f.name(),
                        f instanceof FeatureProfile.Numeric ? "numeric" : "category", f.count(), f.missing(),
                        f instanceof FeatureProfile.Numeric n ? (n.sample().exact() ? "  (every value)" : "  (KLL sketch)")
                                : "  (" + ((FeatureProfile.Category) f).counts().size() + " values)");
            }
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
