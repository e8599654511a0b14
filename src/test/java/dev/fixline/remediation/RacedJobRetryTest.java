package dev.fixline.remediation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.jobexecutor.FailedJobCommandFactory;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two nodes can run two jobs of one case at once; the one whose commit finds the case changed under it
 * fails with an {@link OptimisticLockingException} and rolls back. It runs again at once, not after the
 * step's five-minute retry wait, which other failures keep.
 */
class RacedJobRetryTest {

    @RegisterExtension
    static ProcessEngineExtension engine = ProcessEngineExtension.builder().build();

    private ProcessEngineConfigurationImpl configuration;
    private FailedJobCommandFactory engineDefault;
    private ManagementService management;
    private RuntimeException failure;

    /** The step's work: fails with whatever the test sets. */
    public class Step {
        public void run() {
            throw failure;
        }
    }

    @BeforeEach
    void deploy() {
        configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngine().getProcessEngineConfiguration();
        engineDefault = configuration.getFailedJobCommandFactory();
        configuration.setFailedJobCommandFactory(new OutageAwareJobRetries.Factory(
                new RemediationProperties.Outage(Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofMinutes(5)),
                caseId -> false));
        management = engine.getManagementService();
        Mocks.register("step", new Step());
        engine.getRepositoryService().createDeployment().addModelInstance("raced.bpmn", Bpmn.createExecutableProcess("raced")
                .startEvent().serviceTask("Task_Notify").camundaAsyncBefore().camundaFailedJobRetryTimeCycle("R6/PT5M")
                .camundaExpression("${step.run()}").endEvent().done()).deploy();
    }

    @AfterEach
    void restore() {
        configuration.setFailedJobCommandFactory(engineDefault);
        Mocks.reset();
        engine.getRepositoryService().createDeploymentQuery().list()
                .forEach(d -> engine.getRepositoryService().deleteDeployment(d.getId(), true));
    }

    @Test
    void aJobThatLostARaceRunsAgainAtOnce() {
        Job job = failedWith(new OptimisticLockingException("ENGINE-03005 Entity was updated by another transaction"));

        assertThat(job.getRetries()).as("a retry used up, so an endless race ends as an incident").isEqualTo(5);
        assertThat(job.getDuedate().toInstant()).as("due now").isBeforeOrEqualTo(Instant.now());
    }

    @Test
    void anyOtherFailureWaitsForTheRetryCycle() {
        Job job = failedWith(new IllegalStateException("SMTP server unreachable"));

        assertThat(job.getRetries()).isEqualTo(5);
        assertThat(job.getDuedate().toInstant()).isAfter(Instant.now().plus(Duration.ofMinutes(4)));
    }

    private Job failedWith(RuntimeException e) {
        failure = e;
        engine.getRuntimeService().startProcessInstanceByKey("raced");
        Job job = management.createJobQuery().activityId("Task_Notify").singleResult();
        assertThatThrownBy(() -> management.executeJob(job.getId())).isNotNull();
        return management.createJobQuery().jobId(job.getId()).singleResult();
    }
}
