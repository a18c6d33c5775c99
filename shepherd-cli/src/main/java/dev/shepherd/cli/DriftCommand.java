package dev.shepherd.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.drift.DriftCalculator;
import dev.shepherd.drift.DriftJson;
import dev.shepherd.drift.DriftReport;
import dev.shepherd.drift.DriftSettings;
import dev.shepherd.drift.Method;
import dev.shepherd.drift.ProfileBuilder;
import dev.shepherd.drift.TableReader;
import dev.shepherd.error.InvalidConfigException;
import dev.shepherd.error.ShepherdException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code shepherd drift}: compares a current data file with a reference (a data file or a
 * profile) and prints each feature's verdict and the dataset's. Both files are read at once, in
 * one pass each, in bounded memory. Exit code 0 without dataset drift, 1 with it, 2 on any error,
 * so it can gate a pipeline.
 */
@Command(name = "drift", mixinStandardHelpOptions = true,
        description = "Compare current data with a reference; exit 0 no drift, 1 drift, 2 error.")
final class DriftCommand implements Callable<Integer> {
    @Option(names = "--reference", required = true, description = "Reference data (.csv, .jsonl) or a .profile.")
    Path reference;

    @Option(names = "--current", required = true, description = "Current data (.csv, .jsonl) or a .profile.")
    Path current;

    @Option(names = "--schema", description = "A Model YAML (or a schema) naming the columns; default: inferred "
            + "from the reference's first 1,000 rows.")
    Path schema;

    @Option(names = "--format", defaultValue = "text", description = "text, json or html (default ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--out", description = "Write the report to this file instead of standard output.")
    Path out;

    @Option(names = "--method", description = "FEATURE=METHOD, repeatable: ks, chi_square, wasserstein_normed, "
            + "wasserstein, psi, jensen_shannon, l_infinity.")
    List<String> methods = List.of();

    @Option(names = "--threshold", description = "FEATURE=VALUE, repeatable: the p-value below which (tests) or the "
            + "distance at which a feature drifts.")
    List<String> thresholds = List.of();

    @Option(names = "--share", defaultValue = "0.5", description = "Share of drifted features at which the dataset "
            + "drifts (default ${DEFAULT-VALUE}).")
    double share;

    @Option(names = "--bins", defaultValue = "10", description = "Reference-quantile bins of PSI and Jensen-Shannon on "
            + "numbers (default ${DEFAULT-VALUE}).")
    int bins;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            return run(err);
        } catch (InvalidConfigException e) {
            err.println("shepherd drift: " + e.getMessage());
            e.errors().forEach(x -> err.println("  " + x));
            return 2;
        } catch (ShepherdException e) {
            err.println("shepherd drift: " + e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            err.println("shepherd drift: " + e);
            return 2;
        }
    }

    private int run(PrintWriter err) {
        if (!List.of("text", "json", "html").contains(format)) {
            throw new dev.shepherd.error.InvalidInputException("--format", "--format: text, json or html, was '" + format + "'");
        }
        if (!(share > 0 && share <= 1)) {
            throw new dev.shepherd.error.InvalidInputException("--share", "--share: must be in (0, 1], was " + share);
        }
        if (bins < 2 || bins > 1000) {
            throw new dev.shepherd.error.InvalidInputException("--bins", "--bins: must be in 2..1000, was " + bins);
        }
        DriftSettings settings = new DriftSettings(bins, dev.shepherd.drift.Distances.DEFAULT_PSI_EPSILON, share, 1_000,
                overrides());
        List<ProfileBuilder.Column> columns = DataFiles.columns(schema);
        if (columns == null) { // both files are read with the reference's columns, so both sides have the same kinds
            columns = DataFiles.inferColumns(reference, "--reference");
        }
        List<ProfileBuilder.Column> cols = columns;
        TableReader.Result ref;
        TableReader.Result cur;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<TableReader.Result> r = pool.submit(() -> DataFiles.read(reference, "--reference", cols, err));
            Future<TableReader.Result> c = pool.submit(() -> DataFiles.read(current, "--current", cols, err));
            ref = get(r);
            cur = get(c);
        } finally {
            pool.shutdownNow();
        }
        DataFiles.problems("reference " + reference.getFileName(), ref.problems(), err);
        DataFiles.problems("current " + current.getFileName(), cur.problems(), err);
        List<String> missing = ref.profile().names().stream().filter(n -> cur.profile().feature(n).isEmpty()).toList();
        if (!missing.isEmpty()) {
            err.println("current " + current.getFileName() + ": lacks column(s) " + missing + " of the reference");
        }
        List<String> extra = cur.profile().names().stream().filter(n -> ref.profile().feature(n).isEmpty()).toList();
        if (!extra.isEmpty()) {
            err.println("current " + current.getFileName() + ": column(s) " + extra + " are not in the reference");
        }
        DriftReport report = new DriftCalculator(settings).compare(ref.profile(), cur.profile());
        if (report.evaluated() == 0) {
            throw new dev.shepherd.error.InvalidInputException("--current", "--current: no feature could be compared "
                    + "with the reference (no shared column with values on both sides)");
        }
        String text = switch (format) {
            case "json" -> json(report);
            case "html" -> DriftHtml.render(report, reference.getFileName().toString(), current.getFileName().toString());
            default -> DriftText.render(report, reference.getFileName().toString(), current.getFileName().toString());
        };
        if (out == null) {
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
        } else {
            try {
                Files.writeString(out, text, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new dev.shepherd.error.InvalidInputException("--out", "--out: cannot write " + out + ": " + e.getMessage());
            }
            err.println((report.datasetDrift() ? "dataset drift" : "no dataset drift") + "; report written to " + out);
        }
        return report.datasetDrift() ? 1 : 0;
    }

    private Map<String, DriftSettings.Override> overrides() {
        Map<String, Method> m = new HashMap<>();
        for (String s : methods) {
            String[] kv = pair(s, "--method");
            m.put(kv[0], Method.parse(kv[1]).orElseThrow(() -> new dev.shepherd.error.InvalidInputException("--method",
                    "--method: unknown method '" + kv[1] + "' in '" + s + "'")));
        }
        Map<String, Double> t = new HashMap<>();
        for (String s : thresholds) {
            String[] kv = pair(s, "--threshold");
            try {
                double v = Double.parseDouble(kv[1]);
                if (!Double.isFinite(v) || v < 0) {
                    throw new NumberFormatException();
                }
                t.put(kv[0], v);
            } catch (NumberFormatException e) {
                throw new dev.shepherd.error.InvalidInputException("--threshold", "--threshold: not a number >= 0 in '" + s + "'");
            }
        }
        Map<String, DriftSettings.Override> out = new HashMap<>();
        m.forEach((k, v) -> out.put(k, new DriftSettings.Override(v, t.get(k))));
        t.forEach((k, v) -> out.putIfAbsent(k, new DriftSettings.Override(null, v)));
        return out;
    }

    private static String[] pair(String s, String option) {
        int eq = s.indexOf('=');
        if (eq <= 0 || eq == s.length() - 1) {
            throw new dev.shepherd.error.InvalidInputException(option, option + ": expected FEATURE=VALUE, was '" + s + "'");
        }
        return new String[] {s.substring(0, eq), s.substring(eq + 1)};
    }

    private static TableReader.Result get(Future<TableReader.Result> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static String json(DriftReport report) {
        try {
            return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(DriftJson.report(report)) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
