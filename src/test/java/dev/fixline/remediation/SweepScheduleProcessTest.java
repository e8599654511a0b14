package dev.fixline.remediation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** processes/sweep-schedule.bpmn: wait for the planned instant, start a sweep, plan again, forever. */
@Deployment(resources = "processes/sweep-schedule.bpmn")
class SweepScheduleProcessTest {

    @RegisterExtension
    static ProcessEngineExtension engine = ProcessEngineExtension.builder().build();

    /** Stands in for {@link SweepScheduleSteps}: plans one day apart and counts the sweeps started. */
    public static class Steps {
        final List<Instant> planned = new ArrayList<>();
        int sweeps;

        public void planNext(DelegateExecution e) {
            Instant next = Instant.parse("2030-01-01T06:00:00Z").plusSeconds(86_400L * planned.size());
            planned.add(next);
            e.setVariable("nextSweepAt", Date.from(next));
        }

        public void startSweep(DelegateExecution e) {
            sweeps++;
        }
    }

    private final Steps steps = new Steps();

    @BeforeEach
    void setUp() {
        Mocks.register("sweepScheduleSteps", steps);
        BpmnAwareTests.init(engine.getProcessEngine());
    }

    @AfterEach
    void tearDown() {
        Mocks.reset();
        BpmnAwareTests.reset();
    }

    @Test
    void eachDueTimerStartsOneSweepAndPlansTheNext() {
        ProcessInstance pi = engine.getRuntimeService().startProcessInstanceByKey("sweepSchedule", "arg");
        assertThat(pi).isWaitingAt("Timer_NextSweep");
        assertThat(timer().getDuedate().toInstant()).isEqualTo(Instant.parse("2030-01-01T06:00:00Z"));

        engine.getManagementService().executeJob(timer().getId());
        assertThat(steps.sweeps).isEqualTo(1);
        assertThat(timer().getDuedate().toInstant()).isEqualTo(Instant.parse("2030-01-02T06:00:00Z"));

        engine.getManagementService().executeJob(timer().getId());
        assertThat(steps.sweeps).isEqualTo(2);
        assertThat(pi).isWaitingAt("Timer_NextSweep").isNotEnded();
    }

    private Job timer() {
        return engine.getManagementService().createJobQuery().timers().singleResult();
    }
}
