package dev.shepherd.drift;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.shepherd.error.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Streams a CSV (RFC 4180: a header row, comma separated, {@code "} quoting with {@code ""}
 * escapes) or JSON Lines file (one object per line) into a {@link ProfileBuilder}, in bounded
 * memory whatever its size. Columns come from a schema, or are inferred from the first
 * {@value #INFER_ROWS} rows: numeric when every present value parses as a number, else category.
 * Missing values: an empty cell, {@code NA}, {@code null}, {@code NaN} (any case), or JSON
 * {@code null} / an absent key. Bad input is counted with line numbers, never fatal: a ragged row
 * (wrong number of cells) is skipped, text in a numeric column is left out of the profile; an
 * empty file, or one without any usable column, is an {@link InvalidInputException}. Not
 * thread-safe: one reader per file.
 */
public final class TableReader {
    /** Rows read before column kinds are inferred. */
    public static final int INFER_ROWS = 1_000;
    /** Line numbers kept per kind of problem. */
    static final int EXAMPLES = 5;
    private static final int BUFFER = 1 << 20;

    /** What went wrong, with the first line numbers of each problem. */
    public record Problems(long raggedRows, List<Long> raggedLines, long badValues, Map<String, Long> badValuesByColumn,
                           List<String> badValueExamples) {
        public boolean any() {
            return raggedRows > 0 || badValues > 0;
        }
    }

    /** The file's profile and what could not be read. */
    public record Result(Profile profile, Problems problems) {
    }

    private final Path file;
    private final List<ProfileBuilder.Column> declared;
    private final LongConsumer progress;
    private long ragged;
    private final List<Long> raggedLines = new ArrayList<>();
    private long bad;
    private final Map<String, Long> badByColumn = new HashMap<>();
    private final List<String> badExamples = new ArrayList<>();

    /**
     * @param columns  the columns to read (by name), or {@code null} to infer them from the file
     * @param progress receives the bytes read so far, now and then (for a progress bar)
     */
    public TableReader(Path file, List<ProfileBuilder.Column> columns, LongConsumer progress) {
        this.file = file;
        this.declared = columns;
        this.progress = progress;
    }

    /** Whether the file is JSON Lines (by extension: {@code .jsonl}, {@code .ndjson}, {@code .json}). */
    static boolean jsonLines(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".jsonl") || n.endsWith(".ndjson") || n.endsWith(".json");
    }

    /** The columns inferred from the file's first {@value #INFER_ROWS} rows (without reading the rest). */
    public List<ProfileBuilder.Column> inferColumns() {
        try (InputStream in = Files.newInputStream(file)) {
            if (jsonLines(file)) {
                JsonFactory factory = new JsonFactory();
                CountingLines lines = new CountingLines(in, b -> { });
                List<Map<String, Object>> rows = new ArrayList<>();
                List<String> order = new ArrayList<>();
                for (String text; rows.size() < INFER_ROWS && (text = lines.next()) != null; ) {
                    if (!text.isBlank()) {
                        Map<String, Object> r = record(factory, text, lines.line());
                        if (r != null) {
                            r.keySet().stream().filter(k -> !order.contains(k)).forEach(order::add);
                            rows.add(r);
                        }
                    }
                }
                return inferJson(order, rows);
            }
            CsvLines lines = new CsvLines(in, b -> { });
            if (!lines.next()) {
                throw new InvalidInputException(file.toString(), file + ": empty file: expected a header row");
            }
            String[] names = lines.copy().stream().map(h -> new String(h, StandardCharsets.UTF_8).trim())
                    .toArray(String[]::new);
            List<List<byte[]>> rows = new ArrayList<>();
            while (rows.size() < INFER_ROWS && lines.next()) {
                rows.add(lines.copy());
            }
            return inferCsv(names, rows);
        } catch (IOException e) {
            throw new InvalidInputException(file.toString(), file + ": cannot read: " + e.getMessage());
        }
    }

    public Result read() {
        try (InputStream in = Files.newInputStream(file)) {
            Profile p = jsonLines(file) ? readJsonLines(in) : readCsv(in);
            return new Result(p, new Problems(ragged, List.copyOf(raggedLines), bad, Map.copyOf(badByColumn),
                    List.copyOf(badExamples)));
        } catch (IOException e) {
            throw new InvalidInputException(file.toString(), file + ": cannot read: " + e.getMessage());
        }
    }

    // ---- CSV

    private Profile readCsv(InputStream in) throws IOException {
        CsvLines lines = new CsvLines(in, progress);
        if (!lines.next()) {
            throw new InvalidInputException(file.toString(), file + ": empty file: expected a header row");
        }
        String[] names = lines.copy().stream().map(h -> new String(h, StandardCharsets.UTF_8).trim())
                .toArray(String[]::new);
        List<List<byte[]>> buffered = new ArrayList<>();
        List<Long> bufferedLines = new ArrayList<>();
        if (declared == null) {
            while (buffered.size() < INFER_ROWS && lines.next()) {
                buffered.add(lines.copy());
                bufferedLines.add(lines.line());
            }
        }
        List<ProfileBuilder.Column> columns = declared != null ? declared : inferCsv(names, buffered);
        int[] index = indexOf(columns, names);
        ProfileBuilder builder = new ProfileBuilder(used(columns, index));
        int[] slots = slots(index);
        boolean[] numeric = new boolean[columns.size()];
        for (int c = 0; c < numeric.length; c++) {
            numeric[c] = columns.get(c).kind() == ProfileBuilder.Kind.NUMERIC;
        }
        int width = names.length;
        for (int r = 0; r < buffered.size(); r++) {
            List<byte[]> row = buffered.get(r);
            int[] st = new int[row.size()];
            int[] en = new int[row.size()];
            byte[] joined = join(row, st, en);
            csvRow(builder, columns, numeric, index, slots, joined, st, en, row.size(), width, bufferedLines.get(r));
        }
        while (lines.next()) {
            csvRow(builder, columns, numeric, index, slots, lines, width);
        }
        return builder.build(file.getFileName().toString(), Instant.now());
    }

    private static byte[] join(List<byte[]> row, int[] st, int[] en) {
        int len = row.stream().mapToInt(b -> b.length).sum();
        byte[] out = new byte[len];
        int at = 0;
        for (int i = 0; i < row.size(); i++) {
            System.arraycopy(row.get(i), 0, out, at, row.get(i).length);
            st[i] = at;
            at += row.get(i).length;
            en[i] = at;
        }
        return out;
    }

    private void csvRow(ProfileBuilder b, List<ProfileBuilder.Column> columns, boolean[] numeric, int[] index,
                        int[] slots, CsvLines l, int width) {
        int n = l.count();
        int[] st = scratchStarts.length >= n ? scratchStarts : (scratchStarts = new int[n * 2]);
        int[] en = scratchEnds.length >= n ? scratchEnds : (scratchEnds = new int[n * 2]);
        for (int i = 0; i < n; i++) {
            st[i] = l.start(i);
            en[i] = l.end(i);
        }
        csvRow(b, columns, numeric, index, slots, l.buffer(), st, en, n, width, l.line());
    }

    private int[] scratchStarts = new int[128];
    private int[] scratchEnds = new int[128];

    private void csvRow(ProfileBuilder b, List<ProfileBuilder.Column> columns, boolean[] numeric, int[] index,
                        int[] slots, byte[] buf, int[] st, int[] en, int n, int width, long line) {
        if (n == 1 && st[0] == en[0]) {
            return; // a blank line
        }
        if (n != width) {
            raggedLine(line);
            return;
        }
        b.row();
        for (int c = 0; c < index.length; c++) {
            int f = index[c];
            if (f < 0) {
                continue;
            }
            int from = st[f];
            int to = en[f];
            int slot = slots[c];
            if (missing(buf, from, to)) {
                b.missing(slot);
            } else if (numeric[c]) {
                double v = Numbers.parse(buf, from, to);
                if (Double.isNaN(v)) {
                    badValue(columns.get(c).name(), line, new String(buf, from, to - from, StandardCharsets.UTF_8));
                } else {
                    b.number(slot, v);
                }
            } else {
                b.category(slot, new String(buf, from, to - from, StandardCharsets.UTF_8));
            }
        }
    }

    private List<ProfileBuilder.Column> inferCsv(String[] names, List<List<byte[]>> rows) {
        List<ProfileBuilder.Column> out = new ArrayList<>();
        for (int c = 0; c < names.length; c++) {
            boolean numeric = true;
            boolean anyValue = false;
            for (List<byte[]> row : rows) {
                if (row.size() != names.length || missing(row.get(c))) {
                    continue;
                }
                anyValue = true;
                byte[] cell = row.get(c);
                if (Double.isNaN(Numbers.parse(cell, 0, cell.length))) {
                    numeric = false;
                    break;
                }
            }
            out.add(new ProfileBuilder.Column(names[c], numeric && anyValue ? ProfileBuilder.Kind.NUMERIC
                    : ProfileBuilder.Kind.CATEGORY));
        }
        return out;
    }

    private static boolean missing(byte[] cell) {
        return missing(cell, 0, cell.length);
    }

    /** Empty, {@code NA}, {@code null} or {@code NaN} in any case, spaces around ignored. */
    private static boolean missing(byte[] b, int from, int to) {
        while (from < to && b[from] == ' ') {
            from++;
        }
        while (to > from && b[to - 1] == ' ') {
            to--;
        }
        int n = to - from;
        if (n == 0) {
            return true;
        }
        if (n > 4 || n < 2) {
            return false;
        }
        String s = new String(b, from, n, StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT);
        return s.equals("na") || s.equals("null") || s.equals("nan");
    }

    // ---- JSON Lines

    private Profile readJsonLines(InputStream in) throws IOException {
        JsonFactory factory = new JsonFactory();
        CountingLines lines = new CountingLines(in, progress);
        List<Map<String, Object>> buffered = new ArrayList<>();
        List<Long> bufferedLines = new ArrayList<>();
        List<String> order = new ArrayList<>();
        String text;
        List<ProfileBuilder.Column> columns = declared;
        ProfileBuilder builder = null;
        long rowsSeen = 0;
        while ((text = lines.next()) != null) {
            if (text.isBlank()) {
                continue;
            }
            rowsSeen++;
            Map<String, Object> record = record(factory, text, lines.line());
            if (record == null) {
                continue;
            }
            if (columns == null) {
                record.keySet().stream().filter(k -> !order.contains(k)).forEach(order::add);
                buffered.add(record);
                bufferedLines.add(lines.line());
                if (buffered.size() < INFER_ROWS) {
                    continue;
                }
                columns = inferJson(order, buffered);
            }
            if (builder == null) {
                builder = new ProfileBuilder(columns);
                for (int i = 0; i < buffered.size(); i++) {
                    jsonRow(builder, columns, buffered.get(i), bufferedLines.get(i));
                }
                buffered.clear();
                if (declared != null || !buffered.isEmpty()) {
                    jsonRow(builder, columns, record, lines.line());
                }
                continue;
            }
            jsonRow(builder, columns, record, lines.line());
        }
        if (rowsSeen == 0) {
            throw new InvalidInputException(file.toString(), file + ": empty file: expected JSON objects, one per line");
        }
        if (builder == null) {
            columns = columns != null ? columns : inferJson(order, buffered);
            builder = new ProfileBuilder(columns);
            for (int i = 0; i < buffered.size(); i++) {
                jsonRow(builder, columns, buffered.get(i), bufferedLines.get(i));
            }
        }
        if (builder.columns().isEmpty()) {
            throw new InvalidInputException(file.toString(), file + ": no usable column");
        }
        return builder.build(file.getFileName().toString(), Instant.now());
    }

    private Map<String, Object> record(JsonFactory factory, String text, long line) throws IOException {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        try (JsonParser p = factory.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                raggedLine(line);
                return null;
            }
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (v) {
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> out.put(name, p.getDoubleValue());
                    case VALUE_STRING -> out.put(name, p.getText());
                    case VALUE_TRUE, VALUE_FALSE -> out.put(name, p.getText());
                    case VALUE_NULL -> out.put(name, null);
                    default -> {
                        p.skipChildren();
                        out.put(name, BadValue.NESTED);
                    }
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            raggedLine(line);
            return null;
        }
        return out;
    }

    private enum BadValue { NESTED }

    private void jsonRow(ProfileBuilder b, List<ProfileBuilder.Column> columns, Map<String, Object> record, long line) {
        b.row();
        for (int c = 0; c < columns.size(); c++) {
            ProfileBuilder.Column col = columns.get(c);
            Object v = record.get(col.name());
            if (v == null) {
                b.missing(c);
            } else if (v == BadValue.NESTED) {
                badValue(col.name(), line, "a nested value");
            } else if (col.kind() == ProfileBuilder.Kind.NUMERIC) {
                if (v instanceof Double d) {
                    b.number(c, d);
                } else if (missing(((String) v).getBytes(StandardCharsets.UTF_8))) {
                    b.missing(c);
                } else {
                    badValue(col.name(), line, (String) v);
                }
            } else {
                b.category(c, v instanceof Double d ? number(d) : (String) v);
            }
        }
    }

    private static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    private static List<ProfileBuilder.Column> inferJson(List<String> order, List<Map<String, Object>> rows) {
        List<ProfileBuilder.Column> out = new ArrayList<>();
        for (String name : order) {
            boolean numeric = true;
            boolean anyValue = false;
            for (Map<String, Object> r : rows) {
                Object v = r.get(name);
                if (v == null) {
                    continue;
                }
                anyValue = true;
                if (!(v instanceof Double)) {
                    numeric = false;
                    break;
                }
            }
            out.add(new ProfileBuilder.Column(name, numeric && anyValue ? ProfileBuilder.Kind.NUMERIC
                    : ProfileBuilder.Kind.CATEGORY));
        }
        return out;
    }

    // ---- shared

    private void raggedLine(long line) {
        ragged++;
        if (raggedLines.size() < EXAMPLES) {
            raggedLines.add(line);
        }
    }

    private void badValue(String column, long line, String text) {
        bad++;
        badByColumn.merge(column, 1L, Long::sum);
        if (badExamples.size() < EXAMPLES) {
            String shown = text.length() > 40 ? text.substring(0, 40) + "…" : text;
            badExamples.add("line " + line + ", " + column + ": '" + shown + "' is not a number");
        }
    }

    /** Positions of the columns in the file's header, -1 for a column the file lacks. */
    private static int[] indexOf(List<ProfileBuilder.Column> columns, String[] names) {
        int[] idx = new int[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            idx[c] = Arrays.asList(names).indexOf(columns.get(c).name());
        }
        return idx;
    }

    private List<ProfileBuilder.Column> used(List<ProfileBuilder.Column> columns, int[] index) {
        List<ProfileBuilder.Column> out = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
            if (index[c] >= 0) {
                out.add(columns.get(c));
            }
        }
        if (out.isEmpty()) {
            throw new InvalidInputException(file.toString(), file + ": none of the columns " + columns.stream()
                    .map(ProfileBuilder.Column::name).toList() + " is in the header");
        }
        return out;
    }

    /** The builder slot of each column (its position among the columns the file has). */
    private static int[] slots(int[] index) {
        int[] slots = new int[index.length];
        int next = 0;
        for (int c = 0; c < index.length; c++) {
            slots[c] = index[c] >= 0 ? next++ : -1;
        }
        return slots;
    }
}
