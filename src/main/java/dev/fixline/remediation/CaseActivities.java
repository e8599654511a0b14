package dev.fixline.remediation;

import static dev.fixline.remediation.RemediationProcess.Variable.BREACH_NOTICE;
import static dev.fixline.remediation.RemediationProcess.Variable.BREACH_NOTICES;
import static dev.fixline.remediation.RemediationProcess.Variable.BREACH_NOTICE_CYCLE;
import static dev.fixline.remediation.RemediationProcess.Variable.CLOSURE;
import static dev.fixline.remediation.RemediationProcess.Variable.DUE_AT;
import static dev.fixline.remediation.RemediationProcess.Variable.ESCALATE_AT;
import static dev.fixline.remediation.RemediationProcess.Variable.ESCALATION_CHAIN;
import static dev.fixline.remediation.RemediationProcess.Variable.HALFWAY_AT;
import static dev.fixline.remediation.RemediationProcess.Variable.MANAGER;
import static dev.fixline.remediation.RemediationProcess.Variable.OWNER;
import static dev.fixline.remediation.RemediationProcess.Variable.REMIND_AT;
import static dev.fixline.remediation.RemediationProcess.Variable.SLA_CHANGE_REASON;
import static dev.fixline.remediation.RemediationProcess.Variable.TEAM;
import static dev.fixline.remediation.RemediationProcess.Variable.TICKET_PROJECT;
import static dev.fixline.remediation.RemediationProcess.Variable.VERIFICATION_FAILURES;
import static dev.fixline.remediation.RemediationProcess.Variable.VERIFICATION_TIMEOUT;
import static dev.fixline.remediation.RemediationProcess.Variable.VERIFICATION_OUTCOME;

import dev.fixline.audit.AuditEventType;
import dev.fixline.audit.AuditLog;
import dev.fixline.finding.Finding;
import dev.fixline.finding.FindingStore;
import dev.fixline.finding.RegistryTags;
import dev.fixline.ownership.Assignment;
import dev.fixline.ownership.OwnershipQuery;
import dev.fixline.ownership.OwnershipRules;
import dev.fixline.sla.SlaDates;
import dev.fixline.sla.SlaPolicy;
import dev.fixline.sla.SlaRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import dev.fixline.remediation.RemediationProcess.Activity;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/**
 * The steps of {@code processes/remediation.bpmn}, called as {@code ${caseActivities.step(execution)}}.
 * Each step is idempotent: a retried job re-runs it without a second mail or a second audit entry
 * that says something different.
 */
@Component("caseActivities")
public class CaseActivities {

    /** The timers that carry SLA instants, and the variable each one reads. */

    private final CaseRepository cases;
    private final OwnershipRules ownership;
    private final SlaPolicy sla;
    private final CaseNotices notices;
    private final AuditLog audit;
    private final RemediationProperties properties;
    private final FindingStore findings;
    private final RegistryTags registryTags;

    private final Clock clock;
    private final CaseMails mails;

    CaseActivities(CaseRepository cases, OwnershipRules ownership, SlaPolicy sla, CaseNotices notices, AuditLog audit,
                   RemediationProperties properties, FindingStore findings, RegistryTags registryTags,
                   CaseMails mails, Clock clock) {
        this.mails = mails;
        this.clock = clock;
        this.registryTags = registryTags;
        this.findings = findings;
        this.cases = cases;
        this.ownership = ownership;
        this.sla = sla;
        this.notices = notices;
        this.audit = audit;
        this.properties = properties;
    }

    public void assignOwner(DelegateExecution execution) {
        CaseView c = load(execution);
        Assignment a = ownership.resolve(ownershipQuery(c, findingOf(c)));
        execution.setVariable(OWNER, a.owner());
        execution.setVariable(TEAM, a.team());
        execution.setVariable(MANAGER, a.manager());
        execution.setVariable(ESCALATION_CHAIN, String.join(",", a.escalationChain()));
        execution.setVariable(TICKET_PROJECT, a.ticketProject());
        cases.setOwnership(c.id(), a.owner(), a.team(), a.manager(), a.rule());
        audit.record(c.id(), null, AuditEventType.OWNER_ASSIGNED, AuditLog.SYSTEM, a.unowned()
                ? "No ownership rule matched: in the unowned queue of " + a.owner() + " (team " + a.team() + ")"
                : "Assigned to " + a.owner() + " (team " + a.team() + ", manager " + a.manager()
                        + ") by ownership rule " + a.rule(), AuditLog.evidence("owner", a.owner(), "team", a.team(),
                "manager", a.manager(), "rule", a.rule(), "unowned", a.unowned()));
    }

    private Optional<Finding> findingOf(CaseView c) {
        return c.findingIds().isEmpty() ? Optional.empty() : findings.finding(c.findingIds().get(0));
    }

    /**
     * What the ownership rules match on: the finding's subscription and resource group, registry and
     * repository, and its cloud and account.
     */
    private OwnershipQuery ownershipQuery(CaseView c, Optional<Finding> finding) {
        return new OwnershipQuery(finding.map(Finding::subscriptionId).orElse(null),
                finding.map(Finding::resourceGroup).orElse(null), c.registryHost(), c.repository(),
                registryTags.of(c.registryHost()), finding.map(Finding::cloud).orElse(null),
                finding.map(Finding::account).orElse(null));
    }

    public void computeSla(DelegateExecution execution) {
        CaseView c = load(execution);
        SlaDates dates = slaDates(c);
        setSlaVariables(execution, c, dates);
    }

    /**
     * A severity change (or another reason in {@code slaChangeReason}): recompute the dates; a deadline
     * may tighten, never loosen. The timers still waiting and the task's due date move with it.
     */
    public void applySlaChange(DelegateExecution execution) {
        CaseView c = load(execution);
        String reason = (String) execution.getVariable(SLA_CHANGE_REASON);
        // Time the clock stood still for an exception stays added to the recomputed dates.
        SlaDates dates = SlaClock.shifted(slaDates(c), SlaClock.endedPauses(c, now()));
        if (c.dueAt() != null && !dates.dueAt().isBefore(c.dueAt())) {
            audit.record(c.id(), null, AuditEventType.SLA_KEPT, AuditLog.SYSTEM, reason + ": due date stays " + c.dueAt()
                    + " (the new policy gives " + dates.dueAt() + "; deadlines tighten, never loosen)",
                    AuditLog.evidence("dueAt", c.dueAt(), "computedDueAt", dates.dueAt(), "reason", reason));
            return;
        }
        setSlaVariables(execution, c, dates);
        var management = execution.getProcessEngineServices().getManagementService();
        Date due = Date.from(dates.dueAt());
        // Timers that already fired have no job left; the others move to the new instants, except a reminder
        // that would no longer come before the due date: that one goes.
        SlaClock.DATED_TIMERS.forEach((timer, variable) -> management.createJobQuery()
                .processInstanceId(execution.getProcessInstanceId()).timers().activityId(timer.id()).list()
                .forEach(job -> {
                    Date at = (Date) execution.getVariable(variable);
                    if (ReminderTimers.late(timer.id(), at, due)) {
                        management.deleteJob(job.getId());
                    } else {
                        management.setJobDuedate(job.getId(), at);
                    }
                }));
        management.createJobQuery().processInstanceId(execution.getProcessInstanceId()).timers()
                .activityId(Activity.EVERY_BREACH_CYCLE.id()).list()
                .forEach(job -> management.recalculateJobDuedate(job.getId(), false));
        var tasks = execution.getProcessEngineServices().getTaskService();
        for (var task : tasks.createTaskQuery().processInstanceId(execution.getProcessInstanceId()).list()) {
            task.setDueDate(due);
            task.setFollowUpDate(dates.remindAt() == null ? null : Date.from(dates.remindAt()));
            tasks.saveTask(task);
        }
        audit.record(c.id(), null, AuditEventType.SLA_CHANGED, AuditLog.SYSTEM, reason + ": due date moved from " + c.dueAt()
                + " to " + dates.dueAt(), AuditLog.evidence("previousDueAt", c.dueAt(), "dueAt", dates.dueAt(),
                "remindAt", dates.remindAt(), "reason", reason));
    }

    private SlaDates slaDates(CaseView c) {
        Optional<Finding> finding = findingOf(c);
        Assignment a = ownership.resolve(ownershipQuery(c, finding));
        return sla.compute(SlaRequest.of(c.severity(), c.firstDetectedAt())
                .withVulnerability(c.vulnerabilityId()).withTeam(a.team()).withRuleDays(a.slaDays())
                .withFix(finding.map(Finding::fixStatus).orElse(null),
                        finding.map(Finding::fixAvailableAt).orElse(null)));
    }

    private void setSlaVariables(DelegateExecution execution, CaseView c, SlaDates dates) {
        // Timer expressions need java.util.Date, not java.time. A timer needs a date even for a reminder the
        // window has no room for: it gets the due date, and ReminderTimers removes that timer.
        Optional<Instant> early = dates.earlyReminder(properties.earlyReminderAt());
        execution.setVariable(REMIND_AT, Date.from(dates.remindAt() == null ? dates.dueAt() : dates.remindAt()));
        execution.setVariable(DUE_AT, Date.from(dates.dueAt()));
        execution.setVariable(HALFWAY_AT, Date.from(early.orElse(dates.dueAt())));
        RemediationProperties.Escalation ladder = properties.escalation();
        Instant level2 = dates.dueAt().plus(ladder.level2After());
        execution.setVariable(ESCALATE_AT, Date.from(level2));
        // Repeated notices from one period after the second level on, until the case closes.
        execution.setVariable(BREACH_NOTICE_CYCLE, "R/" + level2.plus(ladder.repeatEvery()) + "/" + ladder.repeatEvery());
        cases.setSla(c.id(), dates.remindAt(), dates.dueAt());
        audit.record(c.id(), null, AuditEventType.SLA_SET, AuditLog.SYSTEM, "Due " + dates.dueAt() + " (" + (dates.basis() != null
                ? dates.basis() : c.severity().label() + ": " + dates.days() + " days from first detection "
                + dates.clockStart()) + "); " + reminders(dates.reminders(properties.earlyReminderAt()))
                + "; escalation along the chain at " + level2 + ", then every " + ladder.repeatEvery(),
                AuditLog.evidence("dueAt", dates.dueAt(), "remindAt", dates.remindAt(), "clockStart", dates.clockStart(),
                        "days", dates.days(), "severity", c.severity(), "basis", dates.basis()));
    }

    /** Only reminders before the due date are listed; a window too short for any says so. */
    private static String reminders(List<Instant> reminders) {
        return switch (reminders.size()) {
            case 0 -> "no reminder (no time before the due date)";
            case 1 -> "reminder at " + reminders.get(0);
            default -> "reminders at " + reminders.stream().map(Instant::toString)
                    .collect(Collectors.joining(" and "));
        };
    }

    public void notifyAssigned(DelegateExecution execution) {
        CaseView c = load(execution);
        // A finding back after its case closed opens a new case: its owner learns it is the old one again.
        notices.send(c, "ASSIGNED", c.id() + ":assigned", c.owner(), c.previousCaseId() == null
                ? mails.render("assigned", c) : mails.render("reopened", c, Map.of("previousCaseId", c.previousCaseId())));
    }

    public void remind(DelegateExecution execution) {
        CaseView c = load(execution);
        if (c.remindAt() == null || !now().isBefore(c.dueAt())) {
            if (c.remindAt() != null) { // a retry after the due date: an earlier failed send stays unsent
                notices.abandon(c.id() + ":reminder:" + c.remindAt().toEpochMilli(), "the case fell due first");
            }
            return; // no reminder, or already due: the breach notice says more than a reminder would
        }
        notices.send(c, "REMINDER", c.id() + ":reminder:" + c.remindAt().toEpochMilli(), c.owner(),
                mails.render("reminder", c));
    }

    /** The halfway reminder; skipped when it would coincide with the later one or the case is already due. */
    public void remindHalfway(DelegateExecution execution) {
        CaseView c = load(execution);
        Date halfway = (Date) execution.getVariable(HALFWAY_AT);
        if (properties.earlyReminderAt() == 0 || !now().isBefore(c.dueAt()) || !isEarlyReminder(halfway, c)) {
            if (halfway != null) { // a retry that came too late: an earlier failed send stays unsent
                notices.abandon(c.id() + ":halfway:" + halfway.getTime(), "the case fell due, or the later "
                        + "reminder came, first");
            }
            return;
        }
        notices.send(c, "REMINDER_HALFWAY", c.id() + ":halfway:" + halfway.getTime(), c.owner(),
                mails.render("reminder-halfway", c));
    }

    /** Before the due date and before the later reminder (cases started before this rule may hold either). */
    static boolean isEarlyReminder(Date halfway, CaseView c) {
        Instant at = halfway.toInstant();
        return at.isBefore(c.dueAt()) && (c.remindAt() == null || at.isBefore(c.remindAt()));
    }

    /** The second level: the first person of the ownership rule's escalation chain, else the manager again. */
    public void escalateLevel2(DelegateExecution execution) {
        CaseView c = load(execution);
        String chain = (String) execution.getVariable(ESCALATION_CHAIN);
        String next = chain == null || chain.isBlank() ? c.manager() : chain.split(",")[0];
        audit.record(c.id(), null, AuditEventType.ESCALATED, AuditLog.SYSTEM, "Escalated to " + next + ": still not fixed "
                + properties.escalation().level2After() + " after the due date " + c.dueAt(), null);
        notices.send(c, "ESCALATION", c.id() + ":escalation:" + c.dueAt().toEpochMilli(), next,
                mails.render("escalation", c, Map.of("level2After", properties.escalation().level2After())));
    }

    /** Every period after the second level, until the case closes: a breach never goes silent. */
    public void repeatBreachNotice(DelegateExecution execution) {
        CaseView c = load(execution);
        // Numbered, not dated: a retry after midnight must not send the notice again under a new key.
        Integer previous = (Integer) execution.getVariable(BREACH_NOTICES);
        int notice = previous == null ? 1 : previous + 1;
        execution.setVariable(BREACH_NOTICES, notice);
        execution.setVariableLocal(BREACH_NOTICE, notice);
        audit.record(c.id(), null, AuditEventType.BREACH_REMINDED, AuditLog.SYSTEM, "Still overdue since " + c.dueAt()
                + "; manager " + c.manager() + " reminded again", null);
        notices.send(c, "BREACH_REPEATED", c.id() + ":breach-repeated:" + notice, c.manager(),
                mails.render("breach-repeated", c, Map.of("repeatEvery", properties.escalation().repeatEvery())));
    }

    public void breach(DelegateExecution execution) {
        CaseView c = load(execution);
        if (cases.markBreached(c.id())) {
            audit.record(c.id(), null, AuditEventType.SLA_BREACHED, AuditLog.SYSTEM, "SLA breached: due " + c.dueAt()
                    + "; manager " + c.manager() + " notified", null);
        }
        notices.send(c, "BREACH", c.id() + ":breach:" + c.dueAt().toEpochMilli(), c.manager(), mails.render("breach", c));
    }

    public void ownerReportedFixed(DelegateExecution execution) {
        CaseView c = load(execution);
        cases.awaitVerification(c.id(), now());
        execution.removeVariable(RemediationProcess.Variable.OWNER_ACTION);
        Authentication who = execution.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
        String comment = (String) execution.getVariable(OwnerActions.FIXED_COMMENT);
        String digest = (String) execution.getVariable(OwnerActions.FIXED_DIGEST);
        execution.removeVariable(OwnerActions.FIXED_COMMENT);
        execution.removeVariable(OwnerActions.FIXED_DIGEST);
        audit.record(c.id(), null, AuditEventType.MARKED_FIXED, who == null ? c.owner() : who.getUserId(),
                "Owner reports the fix" + (digest == null || digest.isBlank() ? "" : " in " + digest)
                        + "; the case closes when a rescan shows it"
                        + (comment == null || comment.isBlank() ? "" : ". " + comment), null);
    }

    /**
     * The owner's fix was not confirmed: a complete sweep after the claim still shows the finding (the
     * {@code rescan} variable says what it shows), or no rescan came within the verification window.
     */
    public void verificationFailed(DelegateExecution execution) {
        CaseView c = load(execution);
        Integer failures = (Integer) execution.getVariable(VERIFICATION_FAILURES);
        int attempt = failures == null ? 1 : failures + 1;
        execution.setVariable(VERIFICATION_FAILURES, attempt);
        String rescan = (String) execution.getVariable(RemediationProcess.Variable.RESCAN);
        execution.removeVariable(RemediationProcess.Variable.RESCAN);
        cases.move(c.id(), CaseTransition.RETURN_TO_OWNER);
        String why = rescan != null ? "A rescan after the claimed fix still shows the finding: " + rescan
                : "No rescan confirmed the fix within " + execution.getVariable(VERIFICATION_TIMEOUT);
        audit.record(c.id(), null, AuditEventType.VERIFICATION_FAILED, AuditLog.SYSTEM, why + "; the task is back with "
                + c.owner(), null);
        execution.setVariable(VERIFICATION_OUTCOME, why);
        notices.send(c, "VERIFICATION_FAILED", c.id() + ":verification-failed:" + attempt, c.owner(),
                mails.render("verification-failed", c, Map.of("why", why)));
    }

    public void close(DelegateExecution execution, String resolution) {
        CaseView c = load(execution);
        String closure = (String) execution.getVariable(CLOSURE);
        if (!cases.close(c.id(), resolution, ClosureRefs.parse(closure), now())) {
            return; // this step ran before and its transaction committed the closure
        }
        audit.record(c.id(), null, AuditEventType.CASE_CLOSED, AuditLog.SYSTEM, "FIXED".equals(resolution)
                ? "Closed: a rescan shows the fix" : "Closed as gone: no longer observed by the scanner",
                ClosureRefs.json(load(execution).closureEvidence()));
    }

    public void notifyClosed(DelegateExecution execution) {
        CaseView c = load(execution);
        notices.send(c, "CLOSED", c.id() + ":closed", c.owner(), mails.render("closed", c, Map.of(
                "resolution", String.valueOf(c.resolution()),
                "evidence", closureText(execution, c))));
    }

    /** The evidence of a rescan, or the approver's judgement of a false positive. */
    static String closureText(DelegateExecution execution, CaseView c) {
        if ("FALSE_POSITIVE".equals(c.resolution())) {
            return "a false positive, confirmed by " + execution.getVariable(CaseFalsePositives.DECIDED_BY) + ": "
                    + execution.getVariable(CaseFalsePositives.DECISION_REASON) + "; the finding is suppressed until "
                    + "the scanner's data for it changes";
        }
        return c.closureEvidence() == null ? "none recorded" : c.closureEvidence().explanation();
    }


    private CaseView load(DelegateExecution execution) {
        String caseId = execution.getProcessBusinessKey();
        return cases.find(caseId, now())
                .orElseThrow(() -> new IllegalStateException("No remediation case " + caseId));
    }

    private Instant now() {
        return clock.instant();
    }
}
