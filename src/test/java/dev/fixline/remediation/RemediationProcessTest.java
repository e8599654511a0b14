package dev.fixline.remediation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import dev.fixline.remediation.RemediationProcess.Activity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every path through processes/remediation.bpmn on an in-memory engine; timers are fired by the test. */
@Deployment(resources = "processes/remediation.bpmn")
class RemediationProcessTest {

    @RegisterExtension
    static ProcessEngineExtension engine = ProcessEngineExtension.builder().build();

    private final Instant remindAt = Instant.parse("2030-01-10T00:00:00Z");
    private final Instant dueAt = Instant.parse("2030-01-17T00:00:00Z");
    private final Instant halfwayAt = Instant.parse("2030-01-02T00:00:00Z");
    private final Instant escalateAt = Instant.parse("2030-01-24T00:00:00Z");
    private final Steps steps = new Steps();
    private RuntimeService runtime;
    private ManagementService management;
    private TaskService tasks;

    /** Stands in for {@link CaseActivities}: sets what the real steps set and records the calls. */
    public class Steps {
        final List<String> calls = new ArrayList<>();

        public void assignOwner(DelegateExecution e) {
            calls.add("assignOwner");
            e.setVariable("owner", "alice");
            e.setVariable("team", "payments");
            e.setVariable("manager", "bob");
        }

        public void computeSla(DelegateExecution e) {
            calls.add("computeSla");
            e.setVariable("remindAt", Date.from(remindAt));
            e.setVariable("dueAt", Date.from(dueAt));
            e.setVariable("halfwayAt", Date.from(halfwayAt));
            e.setVariable("escalateAt", Date.from(escalateAt));
            e.setVariable("breachNoticeCycle", "R/" + escalateAt.plus(java.time.Duration.ofDays(7)) + "/P7D");
        }

        public void remindHalfway(DelegateExecution e) {
            calls.add("remindHalfway");
        }

        public void escalateLevel2(DelegateExecution e) {
            calls.add("escalateLevel2");
        }

        public void repeatBreachNotice(DelegateExecution e) {
            calls.add("repeatBreachNotice");
        }

        public void applySlaChange(DelegateExecution e) {
            calls.add("applySlaChange:" + e.getVariable("slaChangeReason"));
        }

        public void notifyAssigned(DelegateExecution e) {
            calls.add("notifyAssigned");
        }

        public void remind(DelegateExecution e) {
            calls.add("remind");
        }

        public void breach(DelegateExecution e) {
            calls.add("breach");
        }

        public void ownerReportedFixed(DelegateExecution e) {
            calls.add("ownerReportedFixed");
        }

        public void verificationFailed(DelegateExecution e) {
            calls.add("verificationFailed");
        }

        public void close(DelegateExecution e, String resolution) {
            calls.add("close:" + resolution + ":" + e.getVariable(RemediationProcess.Variable.CLOSURE));
        }

        public void notifyClosed(DelegateExecution e) {
            calls.add("notifyClosed");
        }
    }

    /** Stands in for {@link CaseTicketSteps} and {@link CaseExceptions}; records the calls. */
    public class TicketSteps {
        final List<String> calls = new ArrayList<>();

        public void open(DelegateExecution e) {
            calls.add("open");
        }

        public void reminder(DelegateExecution e, String which) {
            calls.add("reminder:" + which);
        }

        public void breach(DelegateExecution e) {
            calls.add("breach");
        }

        public void escalation(DelegateExecution e) {
            calls.add("escalation");
        }

        public void breachRepeated(DelegateExecution e) {
            calls.add("breachRepeated");
        }

        public void verificationFailed(DelegateExecution e) {
            calls.add("verificationFailed");
        }

        public void slaChanged(DelegateExecution e) {
            calls.add("slaChanged");
        }

        public void close(DelegateExecution e) {
            calls.add("close");
        }

        public void exceptionDecided(DelegateExecution e) {
            calls.add("exceptionDecided:" + e.getVariable("exceptionApproved"));
        }

        public void recordRequest(DelegateExecution e) {
            calls.add("recordRequest:" + e.getVariable("exceptionRequestedBy"));
        }

        public void decisionMade(org.camunda.bpm.engine.delegate.DelegateTask t) {
            calls.add("decisionMade");
        }

        public void recordDecision(DelegateExecution e) {
            calls.add("recordDecision:" + e.getVariable("exceptionReason"));
        }
    }

    private final TicketSteps ticketSteps = new TicketSteps();

    @BeforeEach
    void setUp() {
        Mocks.register("caseActivities", steps);
        Mocks.register("caseTickets", ticketSteps);
        Mocks.register("caseExceptions", ticketSteps);
        Mocks.register("reminderTimers", new ReminderTimers());
        Mocks.register("pendingSteps", new PendingSteps());
        // Other test classes run Spring's engine in the same JVM: point the assertions at this one.
        BpmnAwareTests.init(engine.getProcessEngine());
        runtime = engine.getRuntimeService();
        management = engine.getManagementService();
        tasks = engine.getTaskService();
    }

    @AfterEach
    void tearDown() {
        Mocks.reset();
        BpmnAwareTests.reset();
        ClockUtil.reset();
    }

    private ProcessInstance startCase() {
        return runtime.startProcessInstanceByKey(RemediationProcess.KEY, "case-1",
                Map.of("caseId", "case-1", "verificationTimeout", "P7D"));
    }

    /** Runs every asynchronous step, and the ones they lead to, until none is left. */
    private void runAsyncJobs() {
        for (int round = 0; round < 20; round++) {
            List<Job> jobs = management.createJobQuery().messages().list();
            if (jobs.isEmpty()) {
                return;
            }
            jobs.forEach(job -> management.executeJob(job.getId()));
        }
        throw new AssertionError("asynchronous steps keep coming");
    }

    @Test
    void stepsThatNotifyRetryOnTheirOwnCycleBeforeBecomingAnIncident() {
        for (String step : new String[] {Activity.NOTIFY_OWNER.id(), Activity.SEND_REMINDER.id(), Activity.ESCALATE_TO_MANAGER.id(),
                Activity.VERIFICATION_FAILED.id(), Activity.NOTIFY_FIXED.id(), Activity.NOTIFY_GONE.id(), Activity.SEND_HALFWAY_REMINDER.id(),
                Activity.ESCALATE_LEVEL2.id(), Activity.REPEAT_BREACH_NOTICE.id(), Activity.OPEN_TICKET.id(), Activity.TICKET_REMINDER.id(),
                Activity.TICKET_HALFWAY.id(), Activity.TICKET_BREACH.id(), Activity.TICKET_ESCALATION.id(), Activity.TICKET_BREACH_REPEATED.id(),
                Activity.TICKET_VERIFICATION_FAILED.id(), Activity.TICKET_SLA_CHANGED.id(), Activity.TICKET_CLOSE_FIXED.id(),
                Activity.TICKET_CLOSE_GONE.id(), Activity.TICKET_EXCEPTION_DECISION.id(), Activity.RECORD_EXCEPTION_REQUEST.id(),
                Activity.RECORD_EXCEPTION_DECISION.id()}) {
            var activity = engine.getRepositoryService().getBpmnModelInstance(
                    engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey(RemediationProcess.KEY)
                            .singleResult().getId()).getModelElementById(step);
            assertThat(activity.getAttributeValueNs("http://camunda.org/schema/1.0/bpmn", "asyncBefore"))
                    .as(step).isEqualTo("true");
        }
        ProcessInstance pi = startCase();
        Mocks.register("caseActivities", new Steps() {
            @Override
            public void notifyAssigned(DelegateExecution e) {
                throw new IllegalStateException("SMTP is down");
            }
        });
        Job notify = management.createJobQuery().processInstanceId(pi.getId()).activityId(Activity.NOTIFY_OWNER.id())
                .singleResult();
        try {
            management.executeJob(notify.getId());
        } catch (org.camunda.bpm.engine.ProcessEngineException expected) {
            // the job executor records the failure and schedules the retry
        }
        Job retried = management.createJobQuery().jobId(notify.getId()).singleResult();
        assertThat(retried.getRetries()).as("R6/PT5M: five retries left").isEqualTo(5);
        assertThat(retried.getExceptionMessage()).contains("SMTP is down");
    }

    private void fireTimer(String activityId) {
        Job timer = management.createJobQuery().timers().activityId(activityId).singleResult();
        assertThat(timer).as("timer " + activityId).isNotNull();
        management.executeJob(timer.getId());
    }

    private void correlate(RemediationProcess.Message message, String evidence) {
        assertThat(runtime.createMessageCorrelation(message.messageName()).processInstanceBusinessKey("case-1")
                .setVariable(RemediationProcess.Variable.CLOSURE, evidence).correlateAllWithResult())
                .hasSize(1);
    }

    @Test
    void ownerGetsTaskWithDueDateAndTimersOnTheSlaInstants() {
        ProcessInstance pi = startCase();
        assertThat(pi).isWaitingAt(Activity.NOTIFY_OWNER.id());
        runAsyncJobs();

        assertThat(pi).isWaitingAt(Activity.REMEDIATE.id());
        Task task = tasks.createTaskQuery().processInstanceId(pi.getId()).singleResult();
        assertThat(task.getAssignee()).isEqualTo("alice");
        assertThat(task.getDueDate().toInstant()).isEqualTo(dueAt);
        assertThat(task.getFollowUpDate().toInstant()).isEqualTo(remindAt);
        assertThat(tasks.getIdentityLinksForTask(task.getId())).anyMatch(l -> "payments".equals(l.getGroupId()));
        assertThat(management.createJobQuery().timers().activityId(Activity.REMINDER.id()).singleResult().getDuedate()
                .toInstant()).isEqualTo(remindAt);
        assertThat(management.createJobQuery().timers().activityId(Activity.SLA_DUE.id()).singleResult().getDuedate()
                .toInstant()).isEqualTo(dueAt);
        assertThat(steps.calls).containsExactly("assignOwner", "computeSla", "notifyAssigned");
        assertThat(ticketSteps.calls).containsExactly("open");
    }

    @Test
    void noReminderTimerIsScheduledAtOrAfterTheDueDate() {
        // What CaseActivities sets for a case due at once (a KEV date already past, minimum window 0): the timers
        // need a date, so the reminders get the due date itself.
        Instant pastDue = Instant.parse("2021-12-24T23:59:59Z");
        Mocks.register("caseActivities", new Steps() {
            @Override
            public void computeSla(DelegateExecution e) {
                super.computeSla(e);
                e.setVariable("dueAt", Date.from(pastDue));
                e.setVariable("remindAt", Date.from(pastDue));
                e.setVariable("halfwayAt", Date.from(pastDue));
            }
        });
        ProcessInstance pi = startCase();
        runAsyncJobs();

        assertThat(pi).isWaitingAt(Activity.REMEDIATE.id());
        assertReminderTimers(pi, 0, 0);
        assertThat(management.createJobQuery().processInstanceId(pi.getId()).timers().activityId(Activity.SLA_DUE.id())
                .singleResult().getDuedate().toInstant()).isEqualTo(pastDue);
        Task task = tasks.createTaskQuery().processInstanceId(pi.getId()).singleResult();
        assertThat(task.getDueDate().toInstant()).isEqualTo(pastDue);
        assertThat(task.getFollowUpDate()).as("no follow-up at the due date either").isNull();

        // The owner says fixed, no rescan confirms it: the task and its timers come back, still without reminders.
        tasks.complete(task.getId());
        fireTimer(Activity.VERIFICATION_TIMEOUT.id());
        runAsyncJobs();
        assertThat(pi).isWaitingAt(Activity.REMEDIATE.id());
        assertReminderTimers(pi, 0, 0);
    }

    @Test
    void aHalfwayReminderThatIsTheLaterReminderIsScheduledOnce() {
        Mocks.register("caseActivities", new Steps() {
            @Override
            public void computeSla(DelegateExecution e) {
                super.computeSla(e);
                e.setVariable("halfwayAt", Date.from(dueAt)); // a 14-day window: halfway is 7 days before due
            }
        });
        ProcessInstance pi = startCase();
        runAsyncJobs();
        assertReminderTimers(pi, 1, 0);
        assertThat(management.createJobQuery().processInstanceId(pi.getId()).timers().activityId(Activity.REMINDER.id())
                .singleResult().getDuedate().toInstant()).isEqualTo(remindAt);
    }

    private void assertReminderTimers(ProcessInstance pi, long reminder, long halfway) {
        assertThat(management.createJobQuery().processInstanceId(pi.getId()).timers().activityId(Activity.REMINDER.id())
                .count()).as(Activity.REMINDER.id()).isEqualTo(reminder);
        assertThat(management.createJobQuery().processInstanceId(pi.getId()).timers()
                .activityId(Activity.HALFWAY.id()).count()).as(Activity.HALFWAY.id()).isEqualTo(halfway);
    }

    @Test
    void reminderThenBreachKeepTheTaskWithTheOwnerUntilARescanClosesIt() {
        ProcessInstance pi = startCase();
        runAsyncJobs();

        fireTimer(Activity.REMINDER.id());
        assertThat(pi).isWaitingAt(Activity.REMEDIATE.id(), Activity.SEND_REMINDER.id());
        runAsyncJobs();
        assertThat(pi).isWaitingAt(Activity.REMEDIATE.id()).hasPassed("End_Reminded");
        fireTimer(Activity.SLA_DUE.id());
        runAsyncJobs();
        assertThat(pi).isWaitingAt(Activity.REMEDIATE.id()).hasPassed("End_Escalated");

        correlate(RemediationProcess.Message.FINDING_FIXED, "{\"rule\":\"NEWER_IMAGE_CLEAN\"}");
        assertThat(pi).isWaitingAt(Activity.NOTIFY_FIXED.id());
        runAsyncJobs();

        assertThat(pi).isEnded().hasPassed("End_Fixed");
        assertThat(steps.calls).containsExactly("assignOwner", "computeSla", "notifyAssigned", "remind", "breach",
                "close:FIXED:{\"rule\":\"NEWER_IMAGE_CLEAN\"}", "notifyClosed");
        assertThat(ticketSteps.calls).containsExactly("open", "reminder:before-due", "breach", "close");
        assertThat(management.createJobQuery().count()).isZero();
    }

    @Test
    void theLadderAfterTheDueDateNeverGoesSilent() {
        ProcessInstance pi = startCase();
        runAsyncJobs();
        assertThat(management.createJobQuery().timers().activityId(Activity.HALFWAY.id()).singleResult()
                .getDuedate().toInstant()).isEqualTo(halfwayAt);
        assertThat(management.createJobQuery().timers().activityId(Activity.STILL_OVERDUE.id()).singleResult().getDuedate()
                .toInstant()).isEqualTo(escalateAt);
        assertThat(management.createJobQuery().timers().activityId(Activity.EVERY_BREACH_CYCLE.id()).singleResult()
                .getDuedate().toInstant()).isEqualTo(Instant.parse("2030-01-31T00:00:00Z"));

        fireTimer(Activity.HALFWAY.id());
        fireTimer(Activity.STILL_OVERDUE.id());
        runAsyncJobs();
        for (int week = 1; week <= 3; week++) {
            // A cycle plans its next occurrence from the time it fires: fire it when it is due.
            Job due = management.createJobQuery().timers().activityId(Activity.EVERY_BREACH_CYCLE.id()).singleResult();
            ClockUtil.setCurrentTime(due.getDuedate());
            fireTimer(Activity.EVERY_BREACH_CYCLE.id());
            runAsyncJobs();
            assertThat(management.createJobQuery().timers().activityId(Activity.EVERY_BREACH_CYCLE.id()).singleResult()
                    .getDuedate().toInstant()).as("the next notice, a week later")
                    .isEqualTo(Instant.parse("2030-01-31T00:00:00Z").plus(java.time.Duration.ofDays(7L * week)));
        }

        assertThat(pi).isWaitingAt(Activity.REMEDIATE.id()).hasPassed("End_RemindedHalfway", "End_Level2", "End_BreachRepeated");
        assertThat(steps.calls).containsSubsequence("remindHalfway", "escalateLevel2", "repeatBreachNotice",
                "repeatBreachNotice", "repeatBreachNotice");
        assertThat(ticketSteps.calls).contains("reminder:halfway", "escalation")
                .filteredOn("breachRepeated"::equals).hasSize(3);
        correlate(RemediationProcess.Message.FINDING_FIXED, "{}");
        runAsyncJobs();
        assertThat(management.createJobQuery().processInstanceId(pi.getId()).count())
                .as("closing the case stops the notices").isZero();
    }

    @Test
    void anSlaChangeIsAppliedWithoutInterruptingTheOwner() {
        ProcessInstance pi = startCase();
        runAsyncJobs();

        assertThat(runtime.createMessageCorrelation(RemediationProcess.Message.SLA_CHANGED.messageName()).processInstanceBusinessKey("case-1")
                .setVariable("slaChangeReason", "Severity changed from High to Critical").correlateAllWithResult())
                .hasSize(1);

        assertThat(pi).isWaitingAt(Activity.REMEDIATE.id(), Activity.TICKET_SLA_CHANGED.id());
        runAsyncJobs();
        assertThat(pi).isWaitingAt(Activity.REMEDIATE.id()).hasPassed("End_SlaChanged");
        assertThat(steps.calls).contains("applySlaChange:Severity changed from High to Critical");
        assertThat(ticketSteps.calls).containsExactly("open", "slaChanged");
    }

    @Test
    void goneClosesTheCaseAsGone() {
        ProcessInstance pi = startCase();
        runAsyncJobs();

        correlate(RemediationProcess.Message.FINDING_GONE, "{\"rule\":\"ABSENT\"}");
        runAsyncJobs();

        assertThat(pi).isEnded().hasPassed("End_Gone").hasNotPassed("End_Fixed");
        assertThat(steps.calls).contains("close:GONE:{\"rule\":\"ABSENT\"}", "notifyClosed");
    }

    @Test
    void aRescanCanCloseTheCaseBeforeTheOwnerWasEvenNotified() {
        ProcessInstance pi = startCase();
        assertThat(pi).isWaitingAt(Activity.NOTIFY_OWNER.id());

        correlate(RemediationProcess.Message.FINDING_FIXED, "{}");
        runAsyncJobs();

        assertThat(pi).isEnded().hasPassed("End_Fixed");
        assertThat(steps.calls).doesNotContain("notifyAssigned");
    }

    @Test
    void ownersFixedWaitsForTheRescanAndReturnsWhenNoneConfirmsIt() {
        ProcessInstance pi = startCase();
        runAsyncJobs();
        Task task = tasks.createTaskQuery().processInstanceId(pi.getId()).singleResult();

        tasks.complete(task.getId());
        assertThat(pi).isWaitingAt(Activity.VERIFICATION_TIMEOUT.id());
        assertThat(steps.calls).contains("ownerReportedFixed");
        assertThat(management.createJobQuery().timers().activityId(Activity.SLA_DUE.id()).count())
                .as("no breach timer while the rescan is awaited").isZero();

        fireTimer(Activity.VERIFICATION_TIMEOUT.id());
        runAsyncJobs();
        assertThat(pi).isWaitingAt(Activity.REMEDIATE.id());
        assertThat(steps.calls).contains("verificationFailed");
        assertThat(ticketSteps.calls).containsExactly("open", "verificationFailed");
        assertThat(management.createJobQuery().timers().activityId(Activity.SLA_DUE.id()).count())
                .as("the deadline is watched again").isOne();
    }

    @Test
    void aRescanConfirmsTheOwnersFixWhileTheCaseAwaitsVerification() {
        ProcessInstance pi = startCase();
        runAsyncJobs();
        tasks.complete(tasks.createTaskQuery().processInstanceId(pi.getId()).singleResult().getId());

        correlate(RemediationProcess.Message.FINDING_FIXED, "{\"rule\":\"FIXED_VERSION_OBSERVED\"}");
        runAsyncJobs();

        assertThat(pi).isEnded().hasPassed("End_Fixed").hasNotPassed(Activity.VERIFICATION_FAILED.id());
    }

    @Test
    void aTrackerOutageNeverHoldsBackTheOwnersTaskOrItsDeadlines() {
        Mocks.register("caseTickets", new TicketSteps() {
            @Override
            public void open(DelegateExecution e) {
                throw new IllegalStateException("Jira is down");
            }
        });
        ProcessInstance pi = startCase();
        runNotifyOnly();
        Job open = management.createJobQuery().processInstanceId(pi.getId()).activityId(Activity.OPEN_TICKET.id())
                .singleResult();
        try {
            management.executeJob(open.getId());
        } catch (org.camunda.bpm.engine.ProcessEngineException expected) {
            // retried later, then an incident
        }

        assertThat(pi).isWaitingAt(Activity.REMEDIATE.id(), Activity.OPEN_TICKET.id());
        assertThat(management.createJobQuery().timers().activityId(Activity.SLA_DUE.id()).count()).isOne();
        assertThat(management.createJobQuery().jobId(open.getId()).singleResult().getExceptionMessage())
                .contains("Jira is down");
    }

    @Test
    void anSmtpOutageNeverHoldsBackTheOwnersTaskItsDeadlinesOrTheTicket() {
        Mocks.register("caseActivities", new Steps() {
            @Override
            public void notifyAssigned(DelegateExecution e) {
                throw new IllegalStateException("SMTP is down");
            }
        });
        ProcessInstance pi = startCase();

        assertThat(pi).isWaitingAt(Activity.REMEDIATE.id(), Activity.NOTIFY_OWNER.id(), Activity.OPEN_TICKET.id());
        assertThat(management.createJobQuery().timers().activityId(Activity.SLA_DUE.id()).count()).isOne();
        management.executeJob(management.createJobQuery().activityId(Activity.OPEN_TICKET.id()).singleResult().getId());
        assertThat(ticketSteps.calls).as("the ticket did not wait for the mail").containsExactly("open");
    }

    @Test
    void aWeeklyNoticeThatFindsTheLastOneStillWaitingJoinsIt() {
        ProcessInstance pi = startCase();
        runAsyncJobs();
        Steps failing = new Steps() {
            @Override
            public void repeatBreachNotice(DelegateExecution e) {
                throw new IllegalStateException("SMTP is down");
            }
        };
        Mocks.register("caseActivities", failing);
        for (int week = 0; week < 3; week++) {
            Job due = management.createJobQuery().timers().activityId(Activity.EVERY_BREACH_CYCLE.id()).singleResult();
            ClockUtil.setCurrentTime(due.getDuedate());
            fireTimer(Activity.EVERY_BREACH_CYCLE.id());
            for (Job notice : management.createJobQuery().activityId(Activity.REPEAT_BREACH_NOTICE.id()).list()) {
                try {
                    management.executeJob(notice.getId());
                } catch (org.camunda.bpm.engine.ProcessEngineException expected) {
                    // the outage: retried later
                }
            }
        }
        assertThat(management.createJobQuery().processInstanceId(pi.getId()).activityId(Activity.REPEAT_BREACH_NOTICE.id())
                .count()).as("three weeks, one waiting notice").isOne();
        assertThat(engine.getHistoryService().createHistoricActivityInstanceQuery().processInstanceId(pi.getId())
                .activityId("End_BreachNoticeJoined").count()).isEqualTo(2);

        Mocks.register("caseActivities", steps);
        runAsyncJobs();
        assertThat(steps.calls).filteredOn("repeatBreachNotice"::equals).as("one notice once the server is back")
                .hasSize(1);
        assertThat(ticketSteps.calls).filteredOn("breachRepeated"::equals).hasSize(1);
    }

    @Test
    void anSlaChangeWhoseTicketUpdateStillWaitsJoinsIt() {
        ProcessInstance pi = startCase();
        runAsyncJobs();
        for (int change = 0; change < 3; change++) {
            runtime.createMessageCorrelation(RemediationProcess.Message.SLA_CHANGED.messageName()).processInstanceBusinessKey("case-1")
                    .setVariable("slaChangeReason", "change " + change).correlateAllWithResult();
        }
        assertThat(management.createJobQuery().processInstanceId(pi.getId()).activityId(Activity.TICKET_SLA_CHANGED.id())
                .count()).isOne();
        runAsyncJobs();
        assertThat(ticketSteps.calls).filteredOn("slaChanged"::equals).hasSize(1);
        assertThat(steps.calls).filteredOn(c -> c.startsWith("applySlaChange")).as("every change recomputes the dates")
                .hasSize(3);
    }

    private void runNotifyOnly() {
        management.executeJob(management.createJobQuery().activityId(Activity.NOTIFY_OWNER.id()).singleResult().getId());
    }

    @Test
    void aWontDoTicketAsksTheManagerWhoseDecisionGoesBackToTheTicket() {
        ProcessInstance pi = startCase();
        runAsyncJobs();

        runtime.createMessageCorrelation(RemediationProcess.Message.EXCEPTION_REQUESTED.messageName()).processInstanceBusinessKey("case-1")
                .setVariable("exceptionRequestedBy", "alice").setVariable("exceptionRequestedAt", 1L).correlate();
        runAsyncJobs();
        Task decide = tasks.createTaskQuery().processInstanceId(pi.getId()).taskDefinitionKey(Activity.DECIDE_EXCEPTION.id())
                .singleResult();
        assertThat(decide).as("the manager's decision task").isNotNull();
        assertThat(pi).isWaitingAt(Activity.REMEDIATE.id(), Activity.DECIDE_EXCEPTION.id());

        tasks.complete(decide.getId(), Map.of("exceptionApproved", false, "exceptionReason", "fix it",
                "exceptionDecidedBy", "manager"));
        runAsyncJobs();

        assertThat(pi).isWaitingAt(Activity.REMEDIATE.id()).hasPassed("End_ExceptionDecided");
        assertThat(ticketSteps.calls).containsExactly("open", "recordRequest:alice", "decisionMade", "recordDecision:fix it",
                "exceptionDecided:false");
    }
}
