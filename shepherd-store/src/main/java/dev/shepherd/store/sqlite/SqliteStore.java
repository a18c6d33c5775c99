package dev.shepherd.store.sqlite;

import dev.shepherd.drift.DriftHistory;
import dev.shepherd.drift.ReferenceStore;
import dev.shepherd.feedback.FeedbackStore;
import dev.shepherd.monitor.MetricsStore;
import dev.shepherd.predictionlog.PredictionLogReader;
import dev.shepherd.predictionlog.PredictionSink;
import dev.shepherd.registry.DeploymentRepository;
import dev.shepherd.registry.ModelRegistry;
import dev.shepherd.rollout.RolloutStore;
import dev.shepherd.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The embedded {@link Store}: one SQLite file, {@code <dataDir>/shepherd.db}, in WAL mode, its
 * schema brought up to date by Flyway ({@code classpath:db/migration}) on every open, accessed
 * through Jdbi.
 *
 * <p>Connections use {@code journal_mode=WAL}, {@code synchronous=NORMAL} (a commit survives a
 * process crash; the last commits may be lost on power failure), {@code foreign_keys=ON} and a
 * busy timeout of {@value #BUSY_TIMEOUT_MILLIS} ms. Writes are serialised in-process and run in
 * {@code BEGIN IMMEDIATE} transactions; reads run concurrently with them (see
 * {@link SqliteDatabase}). Several processes may open the same directory (a CLI beside the
 * server); their writes wait on each other up to the busy timeout.
 *
 * <p>Times ({@code createdAt}, {@code updatedAt}, prediction {@code time}, bucket starts, feedback
 * {@code receivedAt}, rollout times and bake time, reference {@code createdAt}, drift history
 * {@code at}) are stored as epoch milliseconds: an {@link java.time.Instant} or
 * {@link java.time.Duration} comes back truncated to the millisecond.
 *
 * <p>Thread-safe. After {@link #close()} every call fails with an {@link IllegalStateException}.
 */
public final class SqliteStore implements Store {
    /** The database file's name inside the data directory. */
    public static final String DATABASE_FILE = "shepherd.db";
    /** How long a statement waits for another process's write lock, milliseconds. */
    public static final int BUSY_TIMEOUT_MILLIS = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(SqliteStore.class);
    private static final int MAX_IDLE_CONNECTIONS = 4;

    private final Path dataDir;
    private final SqliteConnections connections;
    private final SqliteModelRegistry models;
    private final SqliteDeploymentRepository deployments;
    private final SqlitePredictionStore predictions;
    private final SqliteMetricsStore metrics;
    private final SqliteFeedbackStore feedback;
    private final SqliteRolloutStore rollouts;
    private final SqliteReferenceStore references;
    private final SqliteDriftHistory driftHistory;
    private final SqliteAlertStore alerts;
    private final SqliteReviewQueue reviews;
    private final SqliteAutomationStore automation;

    private SqliteStore(Path dataDir, SqliteConnections connections) {
        this.dataDir = dataDir;
        this.connections = connections;
        SqliteDatabase db = new SqliteDatabase(Jdbi.create(connections));
        this.models = new SqliteModelRegistry(db);
        this.deployments = new SqliteDeploymentRepository(db);
        this.predictions = new SqlitePredictionStore(db);
        this.metrics = new SqliteMetricsStore(db);
        this.feedback = new SqliteFeedbackStore(db);
        this.rollouts = new SqliteRolloutStore(db);
        this.references = new SqliteReferenceStore(db);
        this.driftHistory = new SqliteDriftHistory(db);
        this.alerts = new SqliteAlertStore(db);
        this.reviews = new SqliteReviewQueue(db);
        this.automation = new SqliteAutomationStore(db);
    }

    /**
     * Opens (creating if needed) the store in {@code dataDir}: creates the directory, switches the
     * database to WAL mode and applies pending migrations. Safe to call again on the same
     * directory after {@link #close()}; migrations already applied are skipped.
     *
     * @throws UncheckedIOException  when the directory cannot be created
     * @throws IllegalStateException when the database cannot be opened or migrated
     */
    public static SqliteStore open(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + dir, e);
        }
        String url = "jdbc:sqlite:" + dir.resolve(DATABASE_FILE);
        enableWal(url);
        MigrateResult migrated = migrate(url);
        SQLiteConfig config = connectionConfig();
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        LOG.info("opened store {} (schema version {}, {} migrations applied)", dir.resolve(DATABASE_FILE),
                migrated.targetSchemaVersion != null ? migrated.targetSchemaVersion : migrated.initialSchemaVersion,
                migrated.migrationsExecuted);
        return new SqliteStore(dir, new SqliteConnections(url, config, MAX_IDLE_CONNECTIONS));
    }

    @Override
    public ModelRegistry models() {
        return models;
    }

    @Override
    public DeploymentRepository deployments() {
        return deployments;
    }

    @Override
    public PredictionSink predictionSink() {
        return predictions;
    }

    @Override
    public PredictionLogReader predictions() {
        return predictions;
    }

    @Override
    public MetricsStore metrics() {
        return metrics;
    }

    @Override
    public FeedbackStore feedback() {
        return feedback;
    }

    @Override
    public RolloutStore rollouts() {
        return rollouts;
    }

    @Override
    public ReferenceStore references() {
        return references;
    }

    @Override
    public DriftHistory driftHistory() {
        return driftHistory;
    }

    @Override
    public dev.shepherd.alert.AlertStore alerts() {
        return alerts;
    }

    @Override
    public dev.shepherd.review.ReviewQueue reviews() {
        return reviews;
    }

    @Override
    public dev.shepherd.automation.AutomationStore automation() {
        return automation;
    }

    @Override
    public Path dataDir() {
        return dataDir;
    }

    /** Closes pooled connections; connections in use are closed when their work ends. Idempotent. */
    @Override
    public void close() {
        try {
            connections.close();
        } catch (SQLException e) {
            LOG.warn("closing store {}: {}", dataDir, e.toString());
        }
    }

    /** The pragmas every connection gets; WAL is persistent and set once by {@link #enableWal}. */
    private static SQLiteConfig connectionConfig() {
        SQLiteConfig config = new SQLiteConfig();
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        config.enforceForeignKeys(true);
        return config;
    }

    private static void enableWal(String url) {
        SQLiteConfig config = connectionConfig();
        try (Connection c = config.createConnection(url);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA journal_mode=WAL")) {
            String mode = rs.next() ? rs.getString(1) : null;
            if (!"wal".equalsIgnoreCase(mode)) {
                LOG.warn("store {}: SQLite refused WAL mode (journal_mode is {}); readers will wait for writers", url, mode);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open " + url + ": " + e.getMessage(), e);
        }
    }

    private static MigrateResult migrate(String url) {
        SQLiteDataSource dataSource = new SQLiteDataSource(connectionConfig());
        dataSource.setUrl(url);
        try {
            return Flyway.configure(SqliteStore.class.getClassLoader())
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .failOnMissingLocations(true)
                    .validateMigrationNaming(true)
                    .cleanDisabled(true)
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot migrate " + url + ": " + e.getMessage(), e);
        }
    }
}
