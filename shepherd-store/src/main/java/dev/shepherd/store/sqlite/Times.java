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

    static Instant instant(ResultSet rs, String column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }
}
