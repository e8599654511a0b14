package dev.fixline.audit;

import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** An audit log on a migrated database of a test's own, wired as the application wires it. */
public final class AuditLogs {

    private AuditLogs() {
    }

    public static AuditLog on(DataSource dataSource, Clock clock) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        return new AuditLog(jdbc, new AuditSeal(jdbc), new DataSourceTransactionManager(dataSource), clock);
    }
}
