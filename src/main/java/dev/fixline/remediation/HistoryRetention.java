package dev.fixline.remediation;

import dev.fixline.audit.AuditProperties;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The engine keeps a case's history at least as long as the audit retention ({@code fixline.audit.retention}):
 * every version of the remediation process whose history time-to-live is shorter is raised to it at start, with
 * a warning, so that history cleanup never removes what an auditor may still be asked about.
 */
@Component
class HistoryRetention {

    private static final Logger log = LoggerFactory.getLogger(HistoryRetention.class);

    private final RepositoryService repository;
    private final AuditProperties audit;

    HistoryRetention(RepositoryService repository, AuditProperties audit) {
        this.repository = repository;
        this.audit = audit;
    }

    @EventListener(ApplicationReadyEvent.class)
    void atStart() {
        raiseShortOnes();
    }

    /** @return how many process definitions had their history time-to-live raised */
    int raiseShortOnes() {
        int days = audit.retentionDays();
        int raised = 0;
        for (ProcessDefinition definition : repository.createProcessDefinitionQuery()
                .processDefinitionKey(RemediationProcess.KEY).list()) {
            Integer ttl = definition.getHistoryTimeToLive();
            if (ttl != null && ttl < days) { // none: kept for ever
                repository.updateProcessDefinitionHistoryTimeToLive(definition.getId(), days);
                log.warn("The history of {} version {} was kept {} days, less than the audit retention: now {} days",
                        definition.getKey(), definition.getVersion(), ttl, days);
                raised++;
            }
        }
        return raised;
    }
}
