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

        public void exceptionEnded(DelegateExecution e) {
            calls.add("exceptionEnded");
        }

        public void reassigned(DelegateExecution e) {
            calls.add("reassigned:" + e.getVariable("reassignedTo") + ":" + e.getVariable("reassignments"));
        }

        /** Stands in for {@link CaseReassignments}. */
        public void count(DelegateExecution e) {
            new CaseReassignments(null, null, null, null, null, null, null, null, null).count(e);
        }

        public void notifyNewOwner(DelegateExecution e) {
            calls.add("notifyNewOwner:" + e.getVariable("reassignedTo"));
        }

        public void lapse(DelegateExecution e) {
            calls.add("lapse:" + e.getVariable(RemediationProcess.Variable.EXCEPTION_ID));
        }

        public void recordRequest(DelegateExecution e) {
            calls.add("recordRequest:" + e.getVariable(RemediationProcess.Variable.EXCEPTION_ID));
            e.setVariable(RemediationProcess.Variable.EXCEPTION_APPROVERS, "bob");
            e.removeVariable(RemediationProcess.Variable.OWNER_ACTION);
            if (e.getVariable(RemediationProcess.Variable.SLA_PAUSED) == null) {
                e.setVariable(RemediationProcess.Variable.SLA_PAUSED, false);
            }
        }

        public void mailRequest(DelegateExecution e) {
            calls.add("mailRequest");
        }

        public void decisionMade(org.camunda.bpm.engine.delegate.DelegateTask t) {
            calls.add("decisionMade");
        }

        public void recordDecision(DelegateExecution e) {
            calls.add("recordDecision:" + e.getVariable("exceptionReason"));
            if (Boolean.TRUE.equals(e.getVariable(RemediationProcess.Variable.EXCEPTION_APPROVED))) {
                e.setVariable(RemediationProcess.Variable.EXCEPTION_EXPIRES_AT,
                        Date.from(Instant.parse("2030-03-01T00:00:00Z")));
            }
        }

        public void mailDecision(DelegateExecution e) {
            calls.add("mailDecision");
        }

        /** What CaseExceptions.end does: records the end, and resumes the SLA clock. */
        public void end(DelegateExecution e) {
            Object revoked = e.getVariable(RemediationProcess.Variable.EXCEPTION_END);
            calls.add("end:" + (revoked == null ? "expired" : revoked));
            e.removeVariable(RemediationProcess.Variable.EXCEPTION_END);
            e.setVariable(RemediationProcess.Variable.SLA_PAUSED, false);
            calls.add("resume");
        }

        public void notifyEnded(DelegateExecution e) {
            calls.add("notifyEnded");
        }

        /** Stands in for {@link SlaClock#pause}. */
        public void pause(DelegateExecution e) {
            calls.add("pause");
            e.setVariable(RemediationProcess.Variable.SLA_PAUSED, true);
        }
    }

    private final TicketSteps ticketSteps = new TicketSteps();

    /** Stands in for {@link CaseFalsePositives}; records the calls. */
    public class FalsePositiveSteps {
        final List<String> calls = new ArrayList<>();

        public void recordClaim(DelegateExecution e) {
            calls.add("recordClaim:" + e.getVariable("falsePositiveReason"));
            e.setVariable("falsePositiveApprovers", "sec");
            e.removeVariable(RemediationProcess.Variable.OWNER_ACTION);
        }

        public void mailClaim(DelegateExecution e) {
            calls.add("mailClaim");
        }

        public void decisionMade(org.camunda.bpm.engine.delegate.DelegateTask t) {
            calls.add("decisionMade");
        }

        public void recordDecision(DelegateExecution e) {
            calls.add("recordDecision:" + e.getVariable("falsePositiveConfirmed"));
        }

        public void suppress(DelegateExecution e) {
            calls.add("suppress");
        }

        public void mailRejection(DelegateExecution e) {
            calls.add("mailRejection");
        }
    }

    private final FalsePositiveSteps falsePositives = new FalsePositiveSteps();

    @BeforeEach
    void setUp() {
        Mocks.register("caseActivities", steps);
        Mocks.register("caseTickets", ticketSteps);
        Mocks.register("caseExceptions", ticketSteps);
        Mocks.register("slaClock", ticketSteps);
        Mocks.register("caseFalsePositives", falsePositives);
        Mocks.register("pinnedVariables", new PinnedVariables());
        Mocks.register("caseReassignments", ticketSteps);
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
                Activity.TICKET_CLOSE_GONE.id(), Activity.TICKET_EXCEPTION_DECISION.id(), Activity.MAIL_EXCEPTION_REQUEST.id(),
                Activity.MAIL_EXCEPTION_DECISION.id(), Activity.NOTIFY_EXCEPTION_ENDED.id(),
                Activity.MAIL_EXTENSION_REQUEST.id(), Activity.MAIL_EXTENSION_DECISION.id(),
                Activity.TICKET_EXCEPTION_ENDED.id(), Activity.NOTIFY_REASSIGNED.id(), Activity.TICKET_REASSIGNED.id(),
                Activity.MAIL_FALSE_POSITIVE_CLAIM.id(), Activity.MAIL_FALSE_POSITIVE_REJECTED.id(),
                Activity.NOTIFY_FALSE_POSITIVE.id(), Activity.TICKET_CLOSE_FALSE_POSITIVE.id()}) {
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
        assertThat(pi).isWaitingAt("Gateway_Rescan", Activity.SLA_CLOCK.id());
        assertThat(steps.calls).contains("ownerReportedFixed");
        assertThat(management.createJobQuery().timers().activityId(Activity.SLA_DUE.id()).count())
                .as("a claim does not stop the clock: the breach timer stays while the rescan is awaited").isOne();

        fireTimer(Activity.VERIFICATION_TIMEOUT.id());
        runAsyncJobs();
        assertThat(pi).isWaitingAt(Activity.REMEDIATE.id());
        assertThat(steps.calls).contains("verificationFailed");
        assertThat(ticketSteps.calls).containsExactly("open", "verificationFailed");
        assertThat(management.createJobQuery().timers().activityId(Activity.SLA_DUE.id()).count())
                .as("the same deadline, still watched").isOne();
    }

    @Test
    void aRescanThatStillShowsTheFindingSendsTheTaskBackAtOnce() {
        ProcessInstance pi = startCase();
        runAsyncJobs();
        tasks.complete(tasks.createTaskQuery().processInstanceId(pi.getId()).singleResult().getId());

        assertThat(runtime.createMessageCorrelation(RemediationProcess.Message.FIX_REFUTED.messageName())
                .processInstanceBusinessKey("case-1").setVariable(RemediationProcess.Variable.RESCAN,
                        "sweep s-9 still finds CVE-2024-6387 in openssh-server 1:9.2p1-2+deb12u2")
                .correlateAllWithResult()).hasSize(1);
        runAsyncJobs();

        assertThat(pi).isWaitingAt(Activity.REMEDIATE.id()).hasPassed("Event_FixRefuted")
                .hasNotPassed(Activity.VERIFICATION_TIMEOUT.id());
        assertThat(management.createJobQuery().timers().activityId(Activity.VERIFICATION_TIMEOUT.id()).count())
                .as("the window's timer went with the refutation").isZero();
        assertThat(steps.calls).containsSubsequence("ownerReportedFixed", "verificationFailed");
        assertThat(ticketSteps.calls).containsExactly("open", "verificationFailed");
        assertThat(runtime.createMessageCorrelation(RemediationProcess.Message.FIX_REFUTED.messageName())
                .processInstanceBusinessKey("case-1").correlateAllWithResult())
                .as("a case back with its owner has nothing to refute").isEmpty();
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

    /** The owner asks for an exception: the Remediate task completes with ownerAction EXCEPTION. */
    private Task askForException(ProcessInstance pi, String exceptionId) {
        Task remediate = tasks.createTaskQuery().processInstanceId(pi.getId())
                .taskDefinitionKey(Activity.REMEDIATE.id()).singleResult();
        tasks.complete(remediate.getId(), Map.of(RemediationProcess.Variable.OWNER_ACTION, "EXCEPTION",
                RemediationProcess.Variable.EXCEPTION_ID, exceptionId));
        return decisionTask(pi);
    }

    private Task decisionTask(ProcessInstance pi) {
        return tasks.createTaskQuery().processInstanceId(pi.getId()).taskDefinitionKey(Activity.DECIDE_EXCEPTION.id())
                .singleResult();
    }

    private void decide(Task task, boolean approved, String reason) {
        tasks.complete(task.getId(), Map.of("exceptionApproved", approved, "exceptionReason", reason,
                "exceptionDecidedBy", "bob"));
    }

    @Test
    void aRefusedExceptionReturnsTheTaskWithTheReasonAndTheClockNeverStopped() {
        ProcessInstance pi = startCase();
        runAsyncJobs();

        Task decide = askForException(pi, "x-1");
        assertThat(decide).as("the approver's decision task").isNotNull();
        assertThat(tasks.getIdentityLinksForTask(decide.getId())).anyMatch(l -> "bob".equals(l.getUserId()));
        assertThat(pi).isWaitingAt(Activity.DECIDE_EXCEPTION.id(), Activity.SLA_CLOCK.id())
                .isNotWaitingAt(Activity.REMEDIATE.id());
        runAsyncJobs();
        decide(decide, false, "Internet-facing: fix it");
        runAsyncJobs();

        assertThat(pi).isWaitingAt(Activity.REMEDIATE.id()).hasPassed("End_ExceptionDecided")
                .hasNotPassed("Task_PauseSla");
        assertThat(ticketSteps.calls).containsExactly("open", "recordRequest:x-1", "mailRequest", "decisionMade",
                "recordDecision:Internet-facing: fix it", "mailDecision", "exceptionDecided:false");
        assertThat(management.createJobQuery().timers().activityId(Activity.SLA_DUE.id()).count()).isOne();
    }

    @Test
    void anApprovedExceptionPausesTheClockUntilItExpiresThenTheTaskReturns() {
        ProcessInstance pi = startCase();
        runAsyncJobs();

        decide(askForException(pi, "x-1"), true, "Retired next month");
        runAsyncJobs();
        assertThat(pi).isWaitingAt(Activity.EXCEPTION_RUNS.id(), Activity.SLA_CLOCK.id())
                .isNotWaitingAt(Activity.REMEDIATE.id());
        assertThat(management.createJobQuery().timers().activityId(Activity.EXCEPTION_EXPIRES.id()).singleResult()
                .getDuedate().toInstant()).isEqualTo(Instant.parse("2030-03-01T00:00:00Z"));

        fireTimer(Activity.EXCEPTION_EXPIRES.id());
        runAsyncJobs();

        assertThat(pi).isWaitingAt(Activity.REMEDIATE.id()).hasPassed("End_ExceptionEndNotified");
        assertThat(ticketSteps.calls).containsSubsequence("recordDecision:Retired next month", "pause",
                "end:expired", "resume", "notifyEnded");
        assertThat(ticketSteps.calls).contains("exceptionDecided:true");
    }

    @Test
    void aRevokedExceptionEndsAtOnce() {
        ProcessInstance pi = startCase();
        runAsyncJobs();
        decide(askForException(pi, "x-1"), true, "Retired next month");
        runAsyncJobs();

        assertThat(runtime.createMessageCorrelation(RemediationProcess.Message.EXCEPTION_REVOKED.messageName())
                .processInstanceBusinessKey("case-1")
                .setVariable(RemediationProcess.Variable.EXCEPTION_END, "revoked by bob: exposed after all")
                .correlateAllWithResult()).hasSize(1);
        runAsyncJobs();

        assertThat(pi).isWaitingAt(Activity.REMEDIATE.id()).hasPassed("Event_ExceptionRevoked")
                .hasNotPassed(Activity.EXCEPTION_EXPIRES.id());
        assertThat(ticketSteps.calls).containsSubsequence("pause", "end:revoked by bob: exposed after all", "resume",
                "notifyEnded");
        assertThat(management.createJobQuery().timers().activityId(Activity.EXCEPTION_EXPIRES.id()).count()).isZero();
    }

    private Task askForExtension(ProcessInstance pi, String exceptionId) {
        runtime.createMessageCorrelation(RemediationProcess.Message.EXTENSION_REQUESTED.messageName())
                .processInstanceBusinessKey("case-1").setVariable(RemediationProcess.Variable.EXCEPTION_ID, exceptionId)
                .correlate();
        return tasks.createTaskQuery().processInstanceId(pi.getId()).taskDefinitionKey(Activity.DECIDE_EXTENSION.id())
                .singleResult();
    }

    @Test
    void aRequestWhileAnExceptionRunsAsksToExtendItWithoutStoppingItsExpiry() {
        ProcessInstance pi = startCase();
        runAsyncJobs();
        decide(askForException(pi, "x-1"), true, "Retired next month");
        runAsyncJobs();

        Task extension = askForExtension(pi, "x-2");
        assertThat(extension).as("the extension's decision").isNotNull();
        assertThat(pi).as("the exception runs on, with its expiry and its revocation")
                .isWaitingAt(Activity.EXCEPTION_RUNS.id(), Activity.DECIDE_EXTENSION.id());
        assertThat(management.createJobQuery().timers().activityId(Activity.EXCEPTION_EXPIRES.id()).count()).isOne();
        decide(extension, false, "One month is enough");
        runAsyncJobs();
        assertThat(pi).as("refused: the running exception goes on").isWaitingAt(Activity.EXCEPTION_RUNS.id())
                .isNotWaitingAt(Activity.REMEDIATE.id()).hasPassed("End_ExtensionDecided");

        decide(askForExtension(pi, "x-3"), true, "Vendor patch due in March");
        runAsyncJobs();
        assertThat(pi).isWaitingAt(Activity.EXCEPTION_RUNS.id());
        assertThat(ticketSteps.calls).filteredOn("pause"::equals).as("paused once, and still").hasSize(1);
        assertThat(ticketSteps.calls).containsSubsequence("recordRequest:x-2", "recordDecision:One month is enough",
                "recordRequest:x-3", "recordDecision:Vendor patch due in March");

        fireTimer(Activity.EXCEPTION_EXPIRES.id());
        runAsyncJobs();
        assertThat(pi).isWaitingAt(Activity.REMEDIATE.id());
    }

    @Test
    void anExtensionNotDecidedBeforeTheExceptionEndsLapses() {
        ProcessInstance pi = startCase();
        runAsyncJobs();
        decide(askForException(pi, "x-1"), true, "Retired next month");
        runAsyncJobs();
        askForExtension(pi, "x-2");

        fireTimer(Activity.EXCEPTION_EXPIRES.id());
        runAsyncJobs();

        assertThat(pi).isWaitingAt(Activity.REMEDIATE.id()).isNotWaitingAt(Activity.DECIDE_EXTENSION.id())
                .hasPassed("End_ExtensionLapsed");
        assertThat(ticketSteps.calls).containsSubsequence("end:expired", "resume", "lapse:x-2");
        assertThat(ticketSteps.calls).contains("exceptionEnded");
    }

    @Test
    void aRescanClosesACaseWhoseExceptionRuns() {
        ProcessInstance pi = startCase();
        runAsyncJobs();
        decide(askForException(pi, "x-1"), true, "Retired next month");
        runAsyncJobs();

        correlate(RemediationProcess.Message.FINDING_FIXED, "{}");
        runAsyncJobs();

        assertThat(pi).isEnded().hasPassed("End_Fixed");
        assertThat(management.createJobQuery().processInstanceId(pi.getId()).count()).isZero();
    }

    private Task claimFalsePositive(ProcessInstance pi) {
        tasks.complete(tasks.createTaskQuery().processInstanceId(pi.getId()).taskDefinitionKey(Activity.REMEDIATE.id())
                .singleResult().getId(), Map.of(RemediationProcess.Variable.OWNER_ACTION, "FALSE_POSITIVE",
                "falsePositiveReason", "The package is not in the image's runtime layer"));
        return tasks.createTaskQuery().processInstanceId(pi.getId())
                .taskDefinitionKey(Activity.DECIDE_FALSE_POSITIVE.id()).singleResult();
    }

    @Test
    void aConfirmedFalsePositiveSuppressesTheFindingAndEndsEverythingTheClockToo() {
        ProcessInstance pi = startCase();
        runAsyncJobs();

        Task decide = claimFalsePositive(pi);
        assertThat(decide).as("the security approvers' decision").isNotNull();
        assertThat(tasks.getIdentityLinksForTask(decide.getId())).anyMatch(l -> "sec".equals(l.getUserId()));
        assertThat(pi).isWaitingAt(Activity.DECIDE_FALSE_POSITIVE.id(), Activity.SLA_CLOCK.id());
        runAsyncJobs();
        tasks.complete(decide.getId(), Map.of("falsePositiveConfirmed", true, "falsePositiveDecisionReason",
                "Confirmed with the image's SBOM", "falsePositiveDecidedBy", "sec"));
        runAsyncJobs();

        assertThat(pi).isEnded().hasPassed("Task_SuppressFinding", "End_FalsePositive");
        assertThat(falsePositives.calls).containsExactly("recordClaim:The package is not in the image's runtime layer",
                "mailClaim", "decisionMade", "recordDecision:true", "suppress");
        assertThat(steps.calls).contains("notifyClosed");
        assertThat(ticketSteps.calls).containsExactly("open", "close");
        assertThat(management.createJobQuery().processInstanceId(pi.getId()).count()).as("no timer left").isZero();
    }

    @Test
    void aRejectedFalsePositiveReturnsTheTaskAndTheClockNeverStopped() {
        ProcessInstance pi = startCase();
        runAsyncJobs();

        tasks.complete(claimFalsePositive(pi).getId(), Map.of("falsePositiveConfirmed", false,
                "falsePositiveDecisionReason", "The vulnerable library is loaded at runtime", "falsePositiveDecidedBy",
                "sec"));
        runAsyncJobs();

        assertThat(pi).isWaitingAt(Activity.REMEDIATE.id(), Activity.SLA_CLOCK.id()).hasNotPassed("Task_SuppressFinding");
        assertThat(falsePositives.calls).containsSubsequence("recordDecision:false", "mailRejection");
        assertThat(management.createJobQuery().timers().activityId(Activity.SLA_DUE.id()).count()).isOne();
    }

    private void reassign(String to, String reason) {
        runtime.createMessageCorrelation(RemediationProcess.Message.REASSIGNED.messageName())
                .processInstanceBusinessKey("case-1").setVariable("reassignedTo", to).setVariable("reassignedFrom", "alice")
                .setVariable("reassignedBy", "bob").setVariable("reassignReason", reason).correlate();
    }

    @Test
    void aReassignmentMailsTheNewOwnerAndMovesTheTicketEachInItsOwnStepAndTheTaskStays() {
        ProcessInstance pi = startCase();
        runAsyncJobs();

        reassign("frank", "Frank's team builds it");
        reassign("dana", "Dana's team after all");
        assertThat(pi).isWaitingAt(Activity.REMEDIATE.id(), Activity.NOTIFY_REASSIGNED.id());
        runAsyncJobs();

        assertThat(pi).isWaitingAt(Activity.REMEDIATE.id(), Activity.SLA_CLOCK.id()).hasPassed("End_Reassigned");
        assertThat(ticketSteps.calls).containsSubsequence("notifyNewOwner:frank", "reassigned:frank:1")
                .containsSubsequence("notifyNewOwner:dana", "reassigned:dana:2");
    }
}
