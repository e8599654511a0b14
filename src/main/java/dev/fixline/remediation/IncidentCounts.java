package dev.fixline.remediation;

import java.util.Collections;
import java.util.List;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.impl.persistence.entity.IncidentEntity;
import org.camunda.bpm.engine.runtime.Incident;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Counts of open failed-job incidents for the health components: one SQL count each, cheap enough for every check. */
@Component
class IncidentCounts {

    private final JdbcTemplate jdbc;
    private final ManagementService management;
    private volatile String table;

    IncidentCounts(JdbcTemplate jdbc, ManagementService management) {
        this.jdbc = jdbc;
        this.management = management;
    }

    /** Incidents of these steps, whatever caused them. */
    long of(List<String> steps) {
        return count("ACTIVITY_ID_ IN (" + String.join(",", Collections.nCopies(steps.size(), "?")) + ")",
                steps.toArray());
    }

    /** Incidents whose note says that an outage of this server caused them (see {@link OutageKind}). */
    long causedBy(OutageKind kind) {
        return count("ANNOTATION_ LIKE ?", kind.prefix() + "%");
    }

    private long count(String condition, Object... args) {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM " + table() + " WHERE INCIDENT_TYPE_ = '"
                + Incident.FAILED_JOB_HANDLER_TYPE + "' AND " + condition, Long.class, args);
        return n == null ? 0 : n;
    }

    private String table() {
        if (table == null) {
            table = management.getTableName(IncidentEntity.class); // with the configured table prefix, if any
        }
        return table;
    }
}
