package dev.shepherd.store.sqlite;

import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.HandleCallback;

/**
 * Jdbi over one SQLite file, with SQLite's rule made explicit: one writer at a time. Writes take
 * an in-process lock and run in one {@code BEGIN IMMEDIATE} transaction, so writers in this
 * process queue on the lock instead of spinning in SQLite's busy handler, and a writer never
 * has to upgrade a read lock (which WAL would refuse with {@code SQLITE_BUSY_SNAPSHOT}). The
 * busy timeout still covers writers in other processes. Reads take no lock: in WAL mode they
 * see the last committed state and run beside the writer. Thread-safe.
 */
final class SqliteDatabase {
    private final Jdbi jdbi;
    private final ReentrantLock writeLock = new ReentrantLock();

    SqliteDatabase(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Runs {@code work} in one write transaction; an exception rolls it back and propagates. */
    <R> R write(HandleCallback<R, RuntimeException> work) {
        writeLock.lock();
        try {
            return jdbi.inTransaction(work);
        } finally {
            writeLock.unlock();
        }
    }

    /** Runs {@code work} on a handle in auto-commit mode, without the write lock. */
    <R> R read(HandleCallback<R, RuntimeException> work) {
        return jdbi.withHandle(work);
    }
}
