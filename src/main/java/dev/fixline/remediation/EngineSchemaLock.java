package dev.fixline.remediation;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Nodes that start together on a fresh PostgreSQL database take turns creating the engine's tables:
 * the engine creates them without a lock, so the second node's {@code CREATE TABLE} failed and the
 * node did not start. Each node holds a session-level advisory lock from just before the engine
 * checks its schema until the engine is built; the next one then finds the tables there. The embedded
 * H2 database serves one node only and needs no turn.
 * <p>
 * Once the tables are there, and still in turn, it adds the indexes the job executor's acquisition and the
 * dashboard need ({@link #ENGINE_INDEXES}).
 */
@Component
class EngineSchemaLock extends AbstractProcessEnginePlugin {

    /** The advisory lock's key: any number of Fixline's own that no other application on the database uses. */
    static final long KEY = 0x4669786c696e6501L; // "Fixline" 1
    private static final Logger log = LoggerFactory.getLogger(EngineSchemaLock.class);
    private static final Duration TURN_POLL = Duration.ofMillis(200);
    /** A wait this long is said again, so that a node stuck behind another's start shows in its log. */
    private static final Duration NOTICE_EVERY = Duration.ofSeconds(30);

    /**
     * The job executor asks for due jobs in due-date order, timers first ({@code job-executor-acquire-by-due-date},
     * {@code job-executor-prefer-timer-jobs}), and for the exclusive jobs locked now. Without an index for either,
     * both read the whole job table: among 200,000 jobs (20,000 open cases' timers, and as many again) one
     * acquisition of ten jobs took 0.76 s; with these, 8 ms (docs/benchmarks.md). The dashboard asks for the
     * decisions waiting, by task definition, among every case's open task.
     */
    static final List<EngineIndex> ENGINE_INDEXES = List.of(
            new EngineIndex("FIXLINE_IDX_JOB_DUEDATE", "ACT_RU_JOB", "DUEDATE_"),
            new EngineIndex("FIXLINE_IDX_JOB_LOCK_EXP", "ACT_RU_JOB", "LOCK_EXP_TIME_"),
            new EngineIndex("FIXLINE_IDX_TASK_DEF_KEY", "ACT_RU_TASK", "TASK_DEF_KEY_"));

    /** An index of Fixline's on one column of an engine table. */
    record EngineIndex(String name, String table, String column) {

        /**
         * On PostgreSQL built {@code CONCURRENTLY}, so that a cluster's other nodes go on writing jobs and tasks
         * while a large table is indexed the first time.
         */
        String sql(boolean postgres) {
            return "CREATE INDEX " + (postgres ? "CONCURRENTLY " : "") + "IF NOT EXISTS " + name + " ON " + table
                    + " (" + column + ")";
        }
    }

    private Connection holding;

    @Override
    public void postInit(ProcessEngineConfigurationImpl configuration) {
        // After init the data source is set; the schema is created when the engine is built, next.
        try {
            Connection connection = configuration.getDataSource().getConnection();
            if (!"PostgreSQL".equals(connection.getMetaData().getDatabaseProductName())) {
                connection.close();
                return;
            }
            try {
                connection.setAutoCommit(true);
                awaitTurn(connection);
            } catch (SQLException | RuntimeException e) {
                connection.close();
                throw e;
            }
            holding = connection;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not take the engine's start-up lock on the database", e);
        }
    }

    /**
     * Asks for the lock until it is free, never waiting inside a statement: a node blocked in
     * {@code pg_advisory_lock} keeps a transaction open, and the holder's {@code CREATE INDEX CONCURRENTLY} waits
     * for every open transaction to end — a deadlock PostgreSQL broke by failing one node's start.
     */
    private static void awaitTurn(Connection connection) throws SQLException {
        boolean waited = false;
        long nextNotice = 0;
        try (Statement s = connection.createStatement()) {
            while (true) {
                try (ResultSet rs = s.executeQuery("SELECT pg_try_advisory_lock(" + KEY + ")")) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        if (waited) {
                            log.info("Another node has finished with the engine's tables; this one goes on");
                        }
                        return;
                    }
                }
                if (!waited || System.nanoTime() >= nextNotice) {
                    log.info("Another node is creating or indexing the engine's tables; waiting for its turn");
                    waited = true;
                    nextNotice = System.nanoTime() + NOTICE_EVERY.toNanos();
                }
                try {
                    Thread.sleep(TURN_POLL.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for the engine's start-up lock", e);
                }
            }
        }
    }

    @Override
    public void postProcessEngineBuild(ProcessEngine engine) {
        try {
            if (holding != null) {
                createEngineIndexes(holding);
            } else {
                try (Connection connection = ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration())
                        .getDataSource().getConnection()) {
                    createEngineIndexes(connection);
                }
            }
        } catch (SQLException e) {
            // A database whose user may not create indexes (the engine's schema managed by hand) still runs.
            log.warn("Could not add Fixline's indexes to the engine's tables ({}); without them each job acquisition "
                    + "reads the whole job table. Run, as the schema's owner: {}", e.getMessage(),
                    String.join("; ", ENGINE_INDEXES.stream().map(i -> i.sql(false)).toList()));
        } finally {
            unlock();
        }
    }

    /**
     * Creates the indexes not there yet. It asks first, because even {@code IF NOT EXISTS} locks the table (and,
     * on PostgreSQL, wants its owner) before it looks: a node restarting in a running cluster must neither wait
     * for the others' job transactions nor warn about an index a database administrator created.
     */
    private static void createEngineIndexes(Connection connection) throws SQLException {
        boolean postgres = "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName());
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(true); // CONCURRENTLY runs outside a transaction
        try (Statement s = connection.createStatement()) {
            for (EngineIndex index : ENGINE_INDEXES) {
                if (!exists(connection, index)) {
                    s.execute(index.sql(postgres));
                    log.info("Added index {} on {} ({}) for the job executor and the dashboard", index.name(),
                            index.table(), index.column());
                }
            }
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static boolean exists(Connection connection, EngineIndex index) throws SQLException {
        for (String table : List.of(index.table(), index.table().toLowerCase(java.util.Locale.ROOT))) {
            try (ResultSet rs = connection.getMetaData().getIndexInfo(null, null, table, false, true)) {
                while (rs.next()) {
                    if (index.name().equalsIgnoreCase(rs.getString("INDEX_NAME"))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private void unlock() {
        if (holding == null) {
            return;
        }
        try (Connection connection = holding; Statement s = connection.createStatement()) {
            s.execute("SELECT pg_advisory_unlock(" + KEY + ")");
        } catch (SQLException e) {
            // Closing the session releases the lock all the same.
            log.warn("Releasing the engine's start-up lock: {}", e.getMessage());
        } finally {
            holding = null;
        }
    }
}
