package dev.shepherd.store.sqlite;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import org.jdbi.v3.core.ConnectionFactory;
import org.sqlite.SQLiteConfig;

/**
 * Hands Jdbi connections to one SQLite file, each opened with the store's pragmas, and keeps up
 * to {@code maxIdle} of them open for reuse (opening is cheap, but it re-reads the schema and
 * loses the statement cache). There is no upper bound on connections in use: SQLite allows any
 * number of readers in WAL mode, and writers are serialised by {@link SqliteDatabase}.
 * Thread-safe; after {@link #close()} returned connections are closed and new ones refused.
 */
final class SqliteConnections implements ConnectionFactory, AutoCloseable {
    private final String url;
    private final SQLiteConfig config;
    private final int maxIdle;
    private final ArrayDeque<Connection> idle = new ArrayDeque<>();
    private boolean closed;

    SqliteConnections(String url, SQLiteConfig config, int maxIdle) {
        this.url = url;
        this.config = config;
        this.maxIdle = maxIdle;
    }

    @Override
    public Connection openConnection() throws SQLException {
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the store is closed");
            }
            Connection reused = idle.pollFirst();
            if (reused != null) {
                return reused;
            }
        }
        return config.createConnection(url);
    }

    @Override
    public void closeConnection(Connection connection) throws SQLException {
        if (!connection.isClosed() && !connection.getAutoCommit()) {
            // never hand on a connection inside a transaction (Jdbi restores auto-commit, so this is a safety net)
            connection.rollback();
            connection.close();
            return;
        }
        synchronized (this) {
            if (!closed && idle.size() < maxIdle && !connection.isClosed()) {
                idle.addFirst(connection);
                return;
            }
        }
        connection.close();
    }

    @Override
    public void close() throws SQLException {
        Connection[] toClose;
        synchronized (this) {
            closed = true;
            toClose = idle.toArray(Connection[]::new);
            idle.clear();
        }
        SQLException first = null;
        for (Connection c : toClose) {
            try {
                c.close();
            } catch (SQLException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
