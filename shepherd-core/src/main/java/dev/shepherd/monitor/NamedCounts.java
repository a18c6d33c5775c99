package dev.shepherd.monitor;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Exact counts (and value sums) by name with a bounded number of names: once {@code cap} names
 * are held, further new names are counted under {@value #OTHER}. Names longer than
 * {@value #MAX_NAME} characters are cut. Used for error codes, class labels and feedback events,
 * whose names may come from clients. Not thread-safe.
 */
final class NamedCounts {
    /** Where names beyond the cap are counted. */
    static final String OTHER = "_other";
    /** Longest name kept, in characters. */
    static final int MAX_NAME = 128;

    private static final class Cell {
        long count;
        double sum;
    }

    private final int cap;
    private final HashMap<String, Cell> cells = new HashMap<>();

    NamedCounts(int cap) {
        this.cap = cap;
    }

    void add(String name, long count, double sum) {
        Cell c = cells.get(name);
        if (c == null) {
            c = newCell(name);
        }
        c.count += count;
        c.sum += sum;
    }

    void increment(String name) {
        Cell c = cells.get(name);
        if (c == null) {
            c = newCell(name);
        }
        c.count++;
    }

    private Cell newCell(String raw) {
        String name = raw == null ? "null" : raw.length() > MAX_NAME ? raw.substring(0, MAX_NAME) : raw;
        Cell c = cells.get(name);
        if (c == null) {
            if (cells.size() >= cap && !name.equals(OTHER)) {
                return cells.computeIfAbsent(OTHER, k -> new Cell());
            }
            c = new Cell();
            cells.put(name, c);
        }
        return c;
    }

    void merge(NamedCounts o) {
        o.cells.forEach((k, v) -> add(k, v.count, v.sum));
    }

    boolean isEmpty() {
        return cells.isEmpty();
    }

    long total() {
        long t = 0;
        for (Cell c : cells.values()) {
            t += c.count;
        }
        return t;
    }

    void reset() {
        cells.clear();
    }

    /** Counts by name, largest first (ties by name). */
    Map<String, Long> counts() {
        Map<String, Long> out = new LinkedHashMap<>();
        cells.entrySet().stream()
                .filter(e -> e.getValue().count > 0)
                .sorted((a, b) -> a.getValue().count != b.getValue().count
                        ? Long.compare(b.getValue().count, a.getValue().count) : a.getKey().compareTo(b.getKey()))
                .forEach(e -> out.put(e.getKey(), e.getValue().count));
        return Collections.unmodifiableMap(out);
    }

    /** Value sums by name. */
    Map<String, Double> sums() {
        Map<String, Double> out = new HashMap<>();
        cells.forEach((k, v) -> out.put(k, v.sum));
        return Map.copyOf(out);
    }

    void write(DataOutput out) throws IOException {
        out.writeInt(cells.size());
        for (Map.Entry<String, Cell> e : cells.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeLong(e.getValue().count);
            out.writeDouble(e.getValue().sum);
        }
    }

    void readInto(DataInput in) throws IOException {
        int size = in.readInt();
        if (size < 0 || size > 1_000_000) {
            throw new IOException("bad name count " + size);
        }
        for (int i = 0; i < size; i++) {
            add(in.readUTF(), in.readLong(), in.readDouble());
        }
    }
}
