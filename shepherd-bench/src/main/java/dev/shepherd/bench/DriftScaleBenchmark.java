package dev.shepherd.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.cli.ShepherdCli;
import dev.shepherd.drift.CsvStages;
import dev.shepherd.drift.DriftCalculator;
import dev.shepherd.drift.DriftReport;
import dev.shepherd.drift.DriftSettings;
import dev.shepherd.drift.ProfileBuilder;
import dev.shepherd.drift.TableReader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code shepherd drift} at scale: writes a seeded reference and current CSV ({@link SyntheticTable},
 * by default 1,000,000 rows × 100 numeric columns each, 60 of the columns shifted by 0.25 standard
 * deviations on the current side, so the verdict is dataset drift), then times, round after round
 * in one JVM, the whole command in-process ({@code ShepherdCli.commandLine().execute("drift", …)}:
 * column inference, both files read on two threads, the comparison, the JSON report) beside the
 * stages under it, each reading the two files on two threads as the command does: {@code io} the
 * bytes alone through a {@link BufferedInputStream} (the page-cache floor), {@code split} the CSV
 * cut into fields, {@code parse} every field parsed as a number, {@code read} the two profiles
 * built by {@link TableReader} (then {@link DriftCalculator#compare} timed on its own). Each phase
 * records its peak heap and peak resident set ({@link MemoryWatch}). The command runs first in each
 * round, so round 1 is the command in a JVM that has not run it yet, as a user meets it. Prints a
 * line per phase, then a Markdown table with medians and ratios to {@code io}; checks the verdict
 * (exit code 1, exactly the shifted columns drifted) and deletes the files unless {@code --keep}.
 *
 * <p>A plain main class rather than JMH: one invocation takes seconds and reads a gigabyte, and
 * the quantities are wall time and peak memory of a whole command. Run it from the benchmarks jar
 * with a fixed heap, e.g. {@code java -Xmx1g -cp shepherd-bench/target/benchmarks.jar
 * dev.shepherd.bench.DriftScaleBenchmark}. Options ({@code --name=value}): {@code dir} (where the
 * files go; default a new directory under {@code shepherd-bench/target}), {@code rows} (1000000),
 * {@code columns} (100), {@code shifted} (share of shifted columns, 0.6), {@code shift} (in
 * standard deviations, 0.25), {@code missing} (share of empty cells, 0.0001), {@code seed} (42),
 * {@code runs} (rounds, 3), {@code stages} ({@code cli,io,split,parse,read}), {@code keep} (keep
 * the files), {@code reuse} (use the files already in {@code dir}).
 */
public final class DriftScaleBenchmark {
    private static final Map<String, String> STAGES = new LinkedHashMap<>();

    static {
        STAGES.put("cli", "`shepherd drift … --format json --out` in-process (infer columns, read both, compare, report)");
        STAGES.put("io", "bytes only, `BufferedInputStream`, 1 MiB reads (floor)");
        STAGES.put("split", "`CsvLines`: records cut into fields");
        STAGES.put("parse", "split + `Numbers.parse` of every cell");
        STAGES.put("read", "`TableReader.read`: both profiles (missing check, moments, KLL)");
    }

    private DriftScaleBenchmark() {
    }

    /** One timed phase. */
    private record Phase(String stage, int round, double seconds, MemoryWatch.Peaks peaks, String note) {
    }

    /** The two files and what was generated into them. */
    private record DataPair(Path reference, Path current, Path report, long bytes, Set<String> shifted) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = parse(args);
        long rows = Long.parseLong(opt.getOrDefault("rows", "1000000"));
        int columns = Integer.parseInt(opt.getOrDefault("columns", "100"));
        double shiftedShare = Double.parseDouble(opt.getOrDefault("shifted", "0.6"));
        double shift = Double.parseDouble(opt.getOrDefault("shift", "0.25"));
        double missing = Double.parseDouble(opt.getOrDefault("missing", "0.0001"));
        long seed = Long.parseLong(opt.getOrDefault("seed", "42"));
        int runs = Integer.parseInt(opt.getOrDefault("runs", "3"));
        List<String> stages = Arrays.asList(opt.getOrDefault("stages", String.join(",", STAGES.keySet())).split(","));
        for (String s : stages) {
            if (!STAGES.containsKey(s)) {
                throw new IllegalArgumentException("stages: one or more of " + STAGES.keySet() + ", was " + s);
            }
        }
        Path dir = opt.containsKey("dir") ? Files.createDirectories(Path.of(opt.get("dir")))
                : Files.createTempDirectory(Files.createDirectories(Path.of(
                        Files.isDirectory(Path.of("shepherd-bench")) ? "shepherd-bench/target" : "target")), "drift-scale-");

        System.out.printf(Locale.ROOT, "# %d cpus (%s), %s %s, max heap %,d MiB, args %s%n",
                Runtime.getRuntime().availableProcessors(), cpuModel(), System.getProperty("java.vm.name"),
                System.getProperty("java.vm.version"), Runtime.getRuntime().maxMemory() >> 20,
                ManagementFactory.getRuntimeMXBean().getInputArguments());
        DataPair files = generate(dir, rows, columns, shiftedShare, shift, missing, seed, opt.containsKey("reuse"));
        double mb = files.bytes() / 1e6;
        System.out.printf(Locale.ROOT, "# %s and %s: %,d rows × %d columns each, %,.1f MB together; %d columns shifted "
                + "by %.2f sd%n", files.reference(), files.current(), rows, columns, mb, files.shifted().size(), shift);

        List<Phase> phases = new ArrayList<>();
        MemoryWatch watch = new MemoryWatch();
        try {
            for (int round = 1; round <= runs; round++) {
                for (String stage : stages) {
                    System.gc(); // each phase starts from the same heap, so its peaks are its own
                    watch.start();
                    long t0 = System.nanoTime();
                    String note = run(stage, files);
                    double s = (System.nanoTime() - t0) / 1e9;
                    Phase p = new Phase(stage, round, s, watch.stop(), note);
                    phases.add(p);
                    System.out.printf(Locale.ROOT, "round %d %-5s %7.2f s %,10.0f rows/s %7.1f MB/s | heap peak %,5d MiB,"
                                    + " after GC %,4d MiB, %d GCs | RSS peak %,5d MiB | load %s | %s%n",
                            round, stage, s, 2 * rows / s, mb / s, p.peaks().heapUsed() >> 20,
                            p.peaks().heapAfterGc() >> 20, p.peaks().collections(), p.peaks().rss() >> 20,
                            loadAverage(), note);
                }
            }
            System.out.println();
            table(stages, phases, rows, mb);
            if (stages.contains("cli")) {
                verdict(files);
            }
        } finally {
            if (!opt.containsKey("keep")) {
                Files.deleteIfExists(files.reference());
                Files.deleteIfExists(files.current());
                Files.deleteIfExists(files.report());
                if (!opt.containsKey("dir")) {
                    Files.deleteIfExists(dir);
                }
            }
        }
    }

    private static DataPair generate(Path dir, long rows, int columns, double shiftedShare, double shift, double missing,
                                   long seed, boolean reuse) throws Exception {
        Path ref = dir.resolve("reference.csv");
        Path cur = dir.resolve("current.csv");
        // the shifted columns: a seeded choice of round(share × columns) of them
        List<Integer> order = new ArrayList<>();
        for (int c = 0; c < columns; c++) {
            order.add(c);
        }
        java.util.Collections.shuffle(order, new java.util.Random(seed));
        boolean[] shifted = new boolean[columns];
        Set<String> names = new TreeSet<>();
        for (int i = 0; i < Math.round(shiftedShare * columns); i++) {
            shifted[order.get(i)] = true;
            names.add("c" + order.get(i));
        }
        if (!(reuse && Files.isRegularFile(ref) && Files.isRegularFile(cur))) {
            long estimate = rows * columns * 10 * 2;
            long free = Files.getFileStore(dir).getUsableSpace();
            if (free < estimate * 3 / 2) {
                throw new IllegalStateException(String.format(Locale.ROOT, "%s: %,d MB free, the files need about %,d MB",
                        dir, free / 1_000_000, estimate / 1_000_000));
            }
            SyntheticTable reference = SyntheticTable.reference(columns, seed);
            SyntheticTable current = reference.shift(shifted, shift);
            long t0 = System.nanoTime();
            SplittableRandom seeds = new SplittableRandom(seed);
            long refSeed = seeds.nextLong();
            long curSeed = seeds.nextLong();
            both(() -> {
                reference.write(ref, rows, missing, refSeed);
                return null;
            }, () -> {
                current.write(cur, rows, missing, curSeed);
                return null;
            });
            System.out.printf(Locale.ROOT, "# generated in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        }
        return new DataPair(ref, cur, dir.resolve("drift.json"), Files.size(ref) + Files.size(cur), names);
    }

    /** Runs one stage over both files; returns a note on what it found (to check it did the work). */
    private static String run(String stage, DataPair f) throws Exception {
        Path ref = f.reference();
        Path cur = f.current();
        return switch (stage) {
            case "cli" -> {
                int code = ShepherdCli.commandLine().execute("drift", "--reference", ref.toString(), "--current",
                        cur.toString(), "--format", "json", "--out", f.report().toString());
                yield "exit " + code;
            }
            case "io" -> {
                List<Long> n = both(() -> bytes(ref), () -> bytes(cur));
                yield String.format(Locale.ROOT, "%,d bytes", n.get(0) + n.get(1));
            }
            case "split" -> {
                List<CsvStages.Scan> s = both(() -> CsvStages.split(ref), () -> CsvStages.split(cur));
                yield String.format(Locale.ROOT, "%,d records, %,d fields", s.get(0).records() + s.get(1).records(),
                        s.get(0).fields() + s.get(1).fields());
            }
            case "parse" -> {
                List<CsvStages.Scan> s = both(() -> CsvStages.parse(ref), () -> CsvStages.parse(cur));
                yield String.format(Locale.ROOT, "%,d numbers", s.get(0).numbers() + s.get(1).numbers());
            }
            case "read" -> {
                List<ProfileBuilder.Column> cols = new TableReader(ref, null, b -> { }).inferColumns();
                List<TableReader.Result> r = both(() -> new TableReader(ref, cols, b -> { }).read(),
                        () -> new TableReader(cur, cols, b -> { }).read());
                long t0 = System.nanoTime();
                DriftReport report = new DriftCalculator(DriftSettings.defaults()).compare(r.get(0).profile(),
                        r.get(1).profile());
                yield String.format(Locale.ROOT, "%,d + %,d rows; compare %.1f ms, %d/%d drifted",
                        r.get(0).profile().rows(), r.get(1).profile().rows(), (System.nanoTime() - t0) / 1e6,
                        report.drifted(), report.evaluated());
            }
            default -> throw new IllegalArgumentException(stage);
        };
    }

    private static long bytes(Path file) throws IOException {
        byte[] buf = new byte[1 << 20];
        long n = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 20)) {
            for (int r; (r = in.read(buf)) >= 0; ) {
                n += r;
            }
        }
        return n;
    }

    /** Runs both on two threads, as {@code shepherd drift} reads its two files. */
    private static <T> List<T> both(Callable<T> a, Callable<T> b) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<T> fa = pool.submit(a);
            Future<T> fb = pool.submit(b);
            return java.util.Collections.unmodifiableList(Arrays.asList(fa.get(), fb.get()));
        } finally {
            pool.shutdownNow();
        }
    }

    /** Each stage's runs, median and ratio to the median of {@code io}; memory peaks are the largest over the runs. */
    private static void table(List<String> stages, List<Phase> phases, long rows, double mb) {
        Map<String, double[]> seconds = new HashMap<>();
        for (String s : stages) {
            seconds.put(s, phases.stream().filter(p -> p.stage().equals(s)).mapToDouble(Phase::seconds).toArray());
        }
        double io = seconds.containsKey("io") ? median(seconds.get("io")) : Double.NaN;
        System.out.println("| stage | what | runs, s | median s | rows/s | MB/s | ratio to io | heap peak MiB"
                + " | heap after GC MiB | RSS peak MiB |");
        System.out.println("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (String s : stages) {
            double[] t = seconds.get(s);
            double m = median(t);
            List<Phase> mine = phases.stream().filter(p -> p.stage().equals(s)).toList();
            System.out.printf(Locale.ROOT, "| `%s` | %s | %s | %.2f | %,.0f | %,.0f | %.2f | %,d | %,d | %,d |%n", s,
                    STAGES.get(s), String.join(", ", Arrays.stream(t).mapToObj(x -> String.format(Locale.ROOT, "%.2f", x))
                            .toList()), m, 2 * rows / m, mb / m, m / io,
                    mine.stream().mapToLong(p -> p.peaks().heapUsed()).max().orElse(0) >> 20,
                    mine.stream().mapToLong(p -> p.peaks().heapAfterGc()).max().orElse(0) >> 20,
                    mine.stream().mapToLong(p -> p.peaks().rss()).max().orElse(0) >> 20);
        }
        if (seconds.containsKey("cli") && seconds.containsKey("io")) {
            List<String> perRound = new ArrayList<>();
            for (int i = 0; i < seconds.get("cli").length; i++) {
                perRound.add(String.format(Locale.ROOT, "%.2f", seconds.get("cli")[i] / seconds.get("io")[i]));
            }
            System.out.println("\ncli / io per round: " + String.join(", ", perRound));
        }
    }

    /** Checks the last report: dataset drift, and exactly the shifted columns drifted. */
    private static void verdict(DataPair f) throws IOException {
        JsonNode r = new ObjectMapper().readTree(f.report().toFile());
        Set<String> drifted = new TreeSet<>();
        r.get("features").forEach(x -> {
            if (x.get("drifted").asBoolean()) {
                drifted.add(x.get("feature").asText());
            }
        });
        double maxUnshifted = 0;
        double minShifted = Double.POSITIVE_INFINITY;
        for (JsonNode x : r.get("features")) {
            double score = x.get("score").asDouble();
            if (f.shifted().contains(x.get("feature").asText())) {
                minShifted = Math.min(minShifted, score);
            } else {
                maxUnshifted = Math.max(maxUnshifted, score);
            }
        }
        System.out.printf(Locale.ROOT, "%nverdict: dataset_drift %s, %d of %d features drifted (%s), %s the %d shifted; "
                        + "scores: shifted >= %.4f, others <= %.4f (method %s)%n",
                r.get("dataset_drift").asBoolean(), r.get("drifted").asInt(), r.get("evaluated").asInt(),
                r.get("reference_rows").asLong() + " + " + r.get("current_rows").asLong() + " rows",
                drifted.equals(f.shifted()) ? "exactly" : "NOT", f.shifted().size(), minShifted, maxUnshifted,
                r.get("features").get(0).get("method").asText());
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length == 0 ? Double.NaN : s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    /** The 1-minute load average (Linux), to show other work on the machine during a phase; "?" elsewhere. */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> out = new HashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("options are --name=value or --flag, was " + a);
            }
            out.put(eq < 0 ? a.substring(2) : a.substring(2, eq), eq < 0 ? "true" : a.substring(eq + 1));
        }
        return out;
    }
}
