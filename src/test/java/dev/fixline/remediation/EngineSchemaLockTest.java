package dev.fixline.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fixline.TestInfrastructure;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.StandaloneProcessEngineConfiguration;
import org.junit.jupiter.api.Test;

/**
 * Two nodes starting on one PostgreSQL database take turns with the engine's tables and indexes. The node
 * whose turn it is builds the indexes {@code CONCURRENTLY}, which waits for every open transaction on the
 * database to end; a node waiting for its turn must not be one (a CI run of {@code TwoNodesOnOnePostgresTest}
 * lost a node to PostgreSQL's "deadlock detected" when the waiting node blocked in {@code pg_advisory_lock}).
 */
class EngineSchemaLockTest {

    @Test
    void theNodeWhoseTurnItIsIndexesTheEngineTablesWhileAnotherWaits() throws Exception {
        DataSource database = TestInfrastructure.newPostgresDatabase("engine_lock");
        try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
            // The engine's tables as far as the indexes need them, with rows, as on a node restarting.
            s.execute("CREATE TABLE ACT_RU_JOB (ID_ varchar(64) PRIMARY KEY, DUEDATE_ timestamp, LOCK_EXP_TIME_ timestamp)");
            s.execute("CREATE TABLE ACT_RU_TASK (ID_ varchar(64) PRIMARY KEY, TASK_DEF_KEY_ varchar(255))");
            s.execute("INSERT INTO ACT_RU_JOB SELECT 'job' || g, now() + g * interval '1 minute', NULL "
                    + "FROM generate_series(1, 1000) g");
        }
        EngineSchemaLock first = new EngineSchemaLock();
        first.postInit(configuration(database));

        EngineSchemaLock second = new EngineSchemaLock();
        int before = connections(database);
        CompletableFuture<Void> secondStarts = CompletableFuture.runAsync(() -> {
            second.postInit(configuration(database)); // returns when it is this node's turn
            second.postProcessEngineBuild(null);
        });
        awaitConnections(database, before + 1); // the second node has connected and is waiting
        Thread.sleep(500);
        assertThat(secondStarts).as("the second node waits while the first holds its turn").isNotDone();

        first.postProcessEngineBuild(null); // indexes CONCURRENTLY, then lets the second node go on

        secondStarts.get(60, TimeUnit.SECONDS); // would throw with the deadlock's PSQLException
        assertThat(indexes(database)).containsAll(
                EngineSchemaLock.ENGINE_INDEXES.stream().map(i -> i.name().toLowerCase()).toList());
        try (Connection c = database.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("both nodes have given up their turn").isZero();
        }
    }

    private static ProcessEngineConfigurationImpl configuration(DataSource database) {
        ProcessEngineConfigurationImpl configuration = new StandaloneProcessEngineConfiguration();
        configuration.setDataSource(database);
        return configuration;
    }

    private static int connections(DataSource database) throws SQLException {
        try (Connection c = database.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()")) {
            rs.next();
            return rs.getInt(1) - 1; // not this one
        }
    }

    private static void awaitConnections(DataSource database, int expected) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (connections(database) < expected) {
            assertThat(System.nanoTime()).as("the second node connects").isLessThan(until);
            Thread.sleep(20);
        }
    }

    private static List<String> indexes(DataSource database) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = database.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT indexname FROM pg_indexes WHERE tablename IN ('act_ru_job', 'act_ru_task')")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}
