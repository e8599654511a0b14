package dev.fixline.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fixline.ApplicationTest;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The engine keeps a case's history at least as long as the audit retention (400 days by default). */
@ApplicationTest
class HistoryRetentionTest {

    @Autowired RepositoryService repository;
    @Autowired HistoryRetention retention;

    @Test
    void aShorterHistoryTimeToLiveIsRaisedToTheRetentionAndALongerOneKept() {
        ProcessDefinition remediation = repository.createProcessDefinitionQuery()
                .processDefinitionKey(RemediationProcess.KEY).latestVersion().singleResult();
        assertThat(remediation.getHistoryTimeToLive()).as("as deployed").isEqualTo(400);

        repository.updateProcessDefinitionHistoryTimeToLive(remediation.getId(), 30);
        int raised = retention.raiseShortOnes();
        Integer after = repository.getProcessDefinition(remediation.getId()).getHistoryTimeToLive();
        repository.updateProcessDefinitionHistoryTimeToLive(remediation.getId(), 900);
        int longerOnes = retention.raiseShortOnes();

        assertThat(raised).isOne();
        assertThat(after).isEqualTo(400);
        assertThat(longerOnes).isZero();
        assertThat(repository.getProcessDefinition(remediation.getId()).getHistoryTimeToLive()).isEqualTo(900);
        repository.updateProcessDefinitionHistoryTimeToLive(remediation.getId(), 400);
    }
}
