package dev.fixline.remediation;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
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
 */
@Component
class EngineSchemaLock extends AbstractProcessEnginePlugin {

    /** The advisory lock's key: any number of Fixline's own that no other application on the database uses. */
    static final long KEY = 0x4669786c696e6501L; // "Fixline" 1
    private static final Logger log = LoggerFactory.getLogger(EngineSchemaLock.class);

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
