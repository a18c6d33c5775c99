package dev.shepherd.store.sqlite;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * The store's time encoding: epoch milliseconds (UTC) in an INTEGER column, {@code NULL} for a
 * missing time. Sub-millisecond parts are dropped (truncated towards the past), so an
 * {@link Instant} round-trips exactly when it is a whole millisecond.
 */
final class Times {
    private Times() {
    }

    static Long toMillis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    private static final Instant FIRST_MILLI = Instant.ofEpochMilli(Long.MIN_VALUE);
    private static final Instant LAST_MILLI = Instant.ofEpochMilli(Long.MAX_VALUE - 1);

    /**
     * A range bound in whole milliseconds: stored times are whole milliseconds, so a bound inside
     * a millisecond rounds up; bounds beyond the range of {@code long} milliseconds are clamped.
     */
    static long ceilMillis(Instant bound) {
        if (bound.isAfter(LAST_MILLI)) {
            return Long.MAX_VALUE;
        }
        if (bound.isBefore(FIRST_MILLI)) {
            return Long.MIN_VALUE;
        }
        long millis = bound.toEpochMilli();
        return bound.getNano() % 1_000_000 == 0 ? millis : millis + 1;
    }
}
