package dev.shepherd.drift;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link Profile} from a stream of rows in one pass, in bounded memory: per numeric
 * column at most {@link #EXACT_CAP} values plus a KLL sketch, per category column at most
 * {@link #CATEGORY_CAP} counters. Not thread-safe: one builder per reading thread (profiles of
 * two files are built in parallel by two builders).
 */
public final class ProfileBuilder {
    /** Values kept per numeric column for exact statistics; above, the KLL sketch alone. */
    public static final int EXACT_CAP = 10_000;
    /** Distinct values counted per category column; further values go to {@code __other__}. */
    public static final int CATEGORY_CAP = 10_000;

    /** How a column is profiled. */
    public enum Kind { NUMERIC, CATEGORY }

    /** A column to profile. */
    public record Column(String name, Kind kind) {
    }

    private final List<Column> columns;
    private final Object[] accumulators;
    private long rows;

    public ProfileBuilder(List<Column> columns) {
        this(columns, EXACT_CAP);
    }

    ProfileBuilder(List<Column> columns, int exactCap) {
        this.columns = List.copyOf(columns);
        this.accumulators = new Object[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            accumulators[i] = c.kind() == Kind.NUMERIC ? new NumericColumn(c.name(), exactCap)
                    : new CategoryColumn(c.name(), CATEGORY_CAP);
        }
    }

    public List<Column> columns() {
        return columns;
    }

    /** A numeric value of column {@code i} (finite). */
    public void number(int i, double v) {
        ((NumericColumn) accumulators[i]).add(v);
    }

    /** A category value of column {@code i}. */
    public void category(int i, String v) {
        ((CategoryColumn) accumulators[i]).add(v);
    }

    /** A missing value of column {@code i}. */
    public void missing(int i) {
        if (accumulators[i] instanceof NumericColumn n) {
            n.missing();
        } else {
            ((CategoryColumn) accumulators[i]).missing();
        }
    }

    /**
     * Adds one row of typed values in column order, as a schema's batch holds them: {@code null}
     * is missing, a number goes to a numeric column (or its text to a category column), anything
     * else is a category (booleans as {@code true}/{@code false}). Counts the row.
     */
    public void record(Object[] values) {
        row();
        for (int i = 0; i < values.length && i < accumulators.length; i++) {
            Object v = values[i];
            if (v == null) {
                missing(i);
            } else if (v instanceof Number n && accumulators[i] instanceof NumericColumn) {
                number(i, n.doubleValue());
            } else if (accumulators[i] instanceof CategoryColumn) {
                category(i, v.toString());
            } else {
                missing(i); // a non-number in a numeric column
            }
        }
    }

    /** Counts one row (call once per row read). */
    public void row() {
        rows++;
    }

    public long rows() {
        return rows;
    }

    public Profile build(String source, Instant createdAt) {
        Map<String, FeatureProfile> features = new LinkedHashMap<>();
        for (Object a : accumulators) {
            FeatureProfile f = a instanceof NumericColumn n ? n.build() : ((CategoryColumn) a).build();
            features.put(f.name(), f);
        }
        return new Profile(source, createdAt, rows, features);
    }
}
