package dev.fixline.remediation;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
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

    /**
     * The job executor asks for due jobs in due-date order, timers first ({@code job-executor-acquire-by-due-date},
     * {@code job-executor-prefer-timer-jobs}), and for the exclusive jobs locked now. Without an index for either,
     * both read the whole job table: among 200,000 jobs (20,000 open cases' timers, and as many again) one
     * acquisition of ten jobs took 0.76 s; with these, 8 ms (docs/benchmarks.md). The dashboard asks for the
     * decisions waiting, by task definition, among every case's open task.
     */
    static final List<String> ENGINE_INDEXES = List.of(
            "CREATE INDEX IF NOT EXISTS FIXLINE_IDX_JOB_DUEDATE ON ACT_RU_JOB (DUEDATE_)",
            "CREATE INDEX IF NOT EXISTS FIXLINE_IDX_JOB_LOCK_EXP ON ACT_RU_JOB (LOCK_EXP_TIME_)",
            "CREATE INDEX IF NOT EXISTS FIXLINE_IDX_TASK_DEF_KEY ON ACT_RU_TASK (TASK_DEF_KEY_)");

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
            connection.setAutoCommit(true);
            try (Statement s = connection.createStatement()) {
                s.execute("SELECT pg_advisory_lock(" + KEY + ")");
            }
            holding = connection;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not take the engine's start-up lock on the database", e);
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
                    String.join("; ", ENGINE_INDEXES));
        } finally {
            unlock();
        }
    }

    private static void createEngineIndexes(Connection connection) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(true);
        try (Statement s = connection.createStatement()) {
            for (String index : ENGINE_INDEXES) {
                s.execute(index);
            }
        } finally {
            connection.setAutoCommit(autoCommit);
        }
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
