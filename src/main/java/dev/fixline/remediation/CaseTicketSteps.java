package dev.fixline.remediation;

import dev.fixline.audit.AuditEventType;
import dev.fixline.audit.AuditLog;
import dev.fixline.finding.ClosureEvidence;
import dev.fixline.finding.Finding;
import dev.fixline.finding.FindingStore;
import dev.fixline.ownership.OwnershipRules;
import dev.fixline.ticketing.TicketLink;
import dev.fixline.ticketing.TicketRequest;
import dev.fixline.ticketing.TicketText;
import dev.fixline.ticketing.Tickets;
import dev.fixline.ticketing.TicketingProperties;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * The ticket steps of {@code processes/remediation.bpmn}, called as {@code ${caseTickets.step(execution)}}.
 * Each is its own asynchronous job, apart from the mail of the same event, so that a Jira outage delays
 * the ticket and never the owner's task, and a retry never repeats a mail. Each is safe to run again.
 */
@Component("caseTickets")
public class CaseTicketSteps {

    private final Tickets tickets;
    private final CaseRepository cases;
    private final FindingStore findings;
    private final OwnershipRules ownership;
    private final AuditLog audit;
    private final TicketingProperties properties;
    private final RemediationProperties remediation;
    private final TicketWaiters waiters;

    private final Clock clock;

    CaseTicketSteps(Tickets tickets, CaseRepository cases, FindingStore findings, OwnershipRules ownership,
                    AuditLog audit, TicketingProperties properties, RemediationProperties remediation,
                    TicketWaiters waiters, Clock clock) {
        this.clock = clock;
        this.waiters = waiters;
        this.tickets = tickets;
        this.cases = cases;
        this.findings = findings;
        this.ownership = ownership;
        this.audit = audit;
        this.properties = properties;
        this.remediation = remediation;
    }

    /** Opens the case's ticket (a regression reopens its predecessor's). */
    public void open(DelegateExecution execution) {
        CaseView c = load(execution);
        String ownerEmail = ownership.emailOf(c.owner());
        TicketLink link = tickets.open(c.id(), request(execution, c));
        if (!link.linked()) {
            return; // abandoned: the case closed before its ticket could open
        }
        boolean regression = c.previousCaseId() != null && tickets.linkOf(c.previousCaseId())
                .map(p -> link.key().equals(p.key())).orElse(false);
        if (regression) {
            tickets.reopen(c.id(), "regression-reopen", TicketText.builder()
                    .heading("Reopened by Fixline: the finding is back")
                    .paragraph("A rescan shows " + c.vulnerabilityId() + " in " + c.packageName()
                            + " again, after case " + c.previousCaseId() + " was closed.")
                    .field("New case", c.id()).field("Due", dueDate(c.dueAt())).field("Owner", c.owner())
                    .link("Case in Fixline", properties.caseLink(c.id())).build());
            tickets.setDueDate(c.id(), dueDate(c.dueAt()));
        }
        if (link.assignee() == null && ownerEmail != null) {
            tickets.comment(c.id(), "unassigned", TicketText.of("Fixline found no " + tickets.trackerName()
                    + " user with the mail address of the owner, " + c.owner() + " <" + ownerEmail
                    + ">; please assign this ticket by hand."));
        }
        audit.record(c.id(), null, AuditEventType.TICKET_OPENED, AuditLog.SYSTEM, (regression ? "Reopened ticket " : "Ticket ")
                + link.key() + " in " + tickets.trackerName() + (link.url() == null ? "" : " (" + link.url() + ")")
                + (link.assignee() == null ? ", unassigned" : ", assigned to " + link.assignee()), null);
        waiters.release(execution);
    }

    /** A reminder before the due date; skipped once the case is due, like the mail. */
    public void reminder(DelegateExecution execution, String which) {
        CaseView c = load(execution);
        if (!now().isBefore(c.dueAt())) {
            return;
        }
        Date halfway = (Date) execution.getVariable(RemediationProcess.Variable.HALFWAY_AT);
        if ("halfway".equals(which) && (remediation.earlyReminderAt() == 0
                || !CaseActivities.isEarlyReminder(halfway, c))) {
            return; // the mail skips it too: it would coincide with the later reminder or the due date
        }
        if (!"halfway".equals(which) && c.remindAt() == null) {
            return; // no time for a reminder before the due date
        }
        String at = String.valueOf("halfway".equals(which) ? halfway.getTime() : c.remindAt().toEpochMilli());
        comment(c, "reminder:" + which + ":" + at, TicketText.builder()
                .heading("Reminder: due " + dueDate(c.dueAt()))
                .paragraph("This finding must be fixed by " + c.dueAt() + ". The case closes by itself once a rescan "
                        + "shows the fixed version.").build());
    }

    /** The breach: a comment and a higher priority. */
    public void breach(DelegateExecution execution) {
        CaseView c = load(execution);
        String priority = tickets.raisePriority(c.id(), c.severity());
        comment(c, "breach:" + c.dueAt().toEpochMilli(), TicketText.builder()
                .heading("SLA breached")
                .paragraph("The due date " + c.dueAt() + " passed without a verified fix. Manager " + c.manager()
                        + " has been told; priority raised to " + priority + ".").build());
    }

    public void escalation(DelegateExecution execution) {
        CaseView c = load(execution);
        String chain = (String) execution.getVariable(RemediationProcess.Variable.ESCALATION_CHAIN);
        String next = chain == null || chain.isBlank() ? c.manager() : chain.split(",")[0];
        comment(c, "escalation:" + c.dueAt().toEpochMilli(), TicketText.builder()
                .heading("Escalated to " + next)
                .paragraph("Still not fixed " + remediation.escalation().level2After() + " after the due date "
                        + c.dueAt() + ".").build());
    }

    public void breachRepeated(DelegateExecution execution) {
        CaseView c = load(execution);
        comment(c, "breach-repeated:" + execution.getVariable(RemediationProcess.Variable.BREACH_NOTICE), TicketText.of("Still overdue since " + c.dueAt()
                + "; the manager is reminded every " + remediation.escalation().repeatEvery()
                + " until a rescan shows the fix."));
    }

    /** The owner said fixed but no rescan showed it: the ticket is open again. */
    public void verificationFailed(DelegateExecution execution) {
        CaseView c = load(execution);
        Integer attempt = (Integer) execution.getVariable(RemediationProcess.Variable.VERIFICATION_FAILURES);
        Object outcome = execution.getVariable(RemediationProcess.Variable.VERIFICATION_OUTCOME);
        TicketText text = TicketText.builder()
                .heading("Not fixed yet: no rescan confirmed the fix")
                .paragraph((outcome != null ? outcome : "No rescan within "
                        + execution.getVariable(RemediationProcess.Variable.VERIFICATION_TIMEOUT)
                        + " showed the fixed version") + ", so the ticket is open again.").build();
        if (tickets.reopen(c.id(), "verification-reopen:" + attempt, text)) {
            audit.record(c.id(), null, AuditEventType.TICKET_REOPENED, AuditLog.SYSTEM, "Ticket reopened: no rescan confirmed "
                    + "the fix", null);
        } else {
            comment(c, "verification-failed:" + attempt, text);
        }
    }

    /** The SLA moved: the ticket's due date follows, with a comment saying why. */
    public void slaChanged(DelegateExecution execution) {
        CaseView c = load(execution);
        LocalDate due = dueDate(c.dueAt());
        if (due.equals(tickets.linkOf(c.id()).map(TicketLink::dueDate).orElse(null))) {
            return;
        }
        // The comment first: once the date is set, a retry would no longer see that anything changed.
        comment(c, "sla-changed:" + c.dueAt().toEpochMilli(), TicketText.builder()
                .heading("Due date moved to " + due)
                .paragraph(String.valueOf(execution.getVariable(RemediationProcess.Variable.SLA_CHANGE_REASON))).build());
        tickets.setDueDate(c.id(), due);
    }

    /** The case closed: the ticket goes to done with the closure evidence. */
    public void close(DelegateExecution execution) {
        CaseView c = load(execution);
        if (tickets.abandonIfNotSent(c.id())) {
            // The case closed before its ticket opened (the rescan came first, or the tracker refused it);
            // a create still running elsewhere now finds the row abandoned and sends nothing.
            audit.record(c.id(), null, AuditEventType.TICKET_NOT_OPENED, AuditLog.SYSTEM, "No ticket to close: none was opened "
                    + "before the case closed", null);
            return;
        }
        if (!tickets.linkOf(c.id()).orElseThrow().linked()) {
            // A create may have reached the tracker: find that ticket (or open it) so that it does not stay open.
            tickets.open(c.id(), request(execution, c));
        }
        ClosureEvidence evidence = c.closureEvidence();
        TicketText.Builder text = TicketText.builder()
                .heading("FIXED".equals(c.resolution()) ? "Verified fixed by a rescan"
                        : "FALSE_POSITIVE".equals(c.resolution()) ? "Closed as a false positive"
                        : "Closed: gone from scans")
                .paragraph(evidence == null ? CaseActivities.closureText(execution, c) : evidence.explanation());
        if (evidence != null) {
            text.field("Closure rule", evidence.rule()).field("Sweeps", String.join(", ", evidence.sweepIds()))
                    .field("Image digest", evidence.digest())
                    .field("Installed", evidence.installedVersion()).field("Fixed version", evidence.fixedVersion());
        }
        text.link("Case in Fixline", properties.caseLink(c.id()));
        if (tickets.close(c.id(), "close", text.build())) {
            audit.record(c.id(), null, AuditEventType.TICKET_CLOSED, AuditLog.SYSTEM, "Ticket moved to done with the closure "
                    + "evidence", null);
        } else if (tickets.comment(c.id(), "closed", text.build())) {
            // The owner had moved it to done already; the evidence still belongs on it.
            audit.record(c.id(), null, AuditEventType.TICKET_CLOSED, AuditLog.SYSTEM, "Ticket was done already; the closure "
                    + "evidence was added as a comment", null);
        }
    }

    /** The manager's decision on an exception; a refused one reopens the ticket. */
    public void exceptionDecided(DelegateExecution execution) {
        CaseView c = load(execution);
        boolean approved = Boolean.TRUE.equals(execution.getVariable(RemediationProcess.Variable.EXCEPTION_APPROVED));
        TicketText.Builder text = TicketText.builder()
                .heading(approved ? "Exception approved" : "Exception refused: the fix is still due")
                .field("Decided by", execution.getVariable(RemediationProcess.Variable.EXCEPTION_DECIDED_BY))
                .field("Reason", execution.getVariable(RemediationProcess.Variable.EXCEPTION_REASON));
        if (approved) {
            Object until = execution.getVariable(RemediationProcess.Variable.EXCEPTION_EXPIRES_AT);
            text.field("SLA paused until", until instanceof java.util.Date d ? d.toInstant() : until);
        } else {
            text.field("Due", dueDate(c.dueAt()));
        }
        String key = "exception:" + execution.getVariable(RemediationProcess.Variable.EXCEPTION_ID);
        if (!approved && tickets.reopen(c.id(), key + ":reopen", text.build())) {
            audit.record(c.id(), null, AuditEventType.TICKET_REOPENED, AuditLog.SYSTEM, "Ticket reopened: the exception was "
                    + "refused", null);
        } else {
            comment(c, key, text.build());
        }
    }

    /**
     * The exception ended (expired or revoked): the fix is due again, so a ticket resolved as won't-do opens
     * again, with why and the new due date; a ticket still open gets that as a comment.
     */
    public void exceptionEnded(DelegateExecution execution) {
        CaseView c = load(execution);
        TicketText text = TicketText.builder()
                .heading("Exception ended: the fix is due again")
                .field("How", execution.getVariable(CaseExceptions.ENDED_HOW))
                .field("Due", dueDate(c.dueAt())).build();
        String key = "exception:" + execution.getVariable(CaseExceptions.RUNNING) + ":ended";
        if (tickets.reopen(c.id(), key + ":reopen", text)) {
            audit.record(c.id(), null, AuditEventType.TICKET_REOPENED, AuditLog.SYSTEM, "Ticket reopened: the exception "
                    + "ended", null);
        } else {
            comment(c, key, text);
        }
    }

    /** A case reassigned in Fixline: its ticket goes to the new owner, with who did it and why. */
    public void reassigned(DelegateExecution execution) {
        CaseView c = load(execution);
        String to = (String) execution.getVariable(CaseReassignments.TO);
        tickets.reassign(c.id(), ownership.emailOf(to), "reassigned:" + execution.getVariable(CaseReassignments.COUNT),
                TicketText.builder().heading("Reassigned to " + to)
                        .field("From", execution.getVariable(CaseReassignments.FROM))
                        .field("By", execution.getVariable(CaseReassignments.BY))
                        .field("Reason", execution.getVariable(CaseReassignments.REASON)).build());
    }

    private TicketRequest request(DelegateExecution execution, CaseView c) {
        Optional<Finding> finding = c.findingIds().isEmpty() ? Optional.empty()
                : findings.finding(c.findingIds().get(0));
        return new TicketRequest(ownershipProject(execution), title(c), description(c, finding), c.severity(),
                dueDate(c.dueAt()), ownership.emailOf(c.owner()), c.previousCaseId());
    }

    private void comment(CaseView c, String eventKey, TicketText text) {
        if (tickets.comment(c.id(), eventKey, text)) {
            audit.record(c.id(), null, AuditEventType.TICKET_COMMENTED, AuditLog.SYSTEM, "Comment on the ticket: "
                    + new TicketText(List.of(text.blocks().get(0))).plain(), null);
        }
    }

    private String ownershipProject(DelegateExecution execution) {
        Object project = execution.getVariable(RemediationProcess.Variable.TICKET_PROJECT);
        return project == null ? null : project.toString();
    }

    private TicketText description(CaseView c, Optional<Finding> finding) {
        TicketText.Builder d = TicketText.builder()
                .heading("Finding")
                .field("Vulnerability", c.vulnerabilityId())
                .field("Severity", c.severity().label())
                .field("Package", c.packageName())
                .field("Image repository", c.registryHost() + "/" + c.repository());
        finding.ifPresent(f -> d.field("Installed version", f.installedVersion())
                .field("Fixed version", f.fixedVersion() == null ? "no fix available yet" : f.fixedVersion()));
        findings.recommendedFix(c.registryHost(), c.repository(), c.packageName())
                .ifPresent(fix -> d.field("Recommended fix", fix.summary()));
        finding.ifPresent(f -> d.heading("Affected images").bullets(f.digests().stream()
                .map(x -> x.digest() + (x.tags() == null || x.tags().isBlank() ? "" : " (" + x.tags() + ")"))
                .limit(50).toList()));
        d.heading("Deadline")
                .field("First detected", c.firstDetectedAt())
                .field("SLA due", c.dueAt())
                .field("Owner", c.owner() + " (team " + c.team() + ")")
                .paragraph("Fixline closes this ticket by itself once a rescan shows the fixed version. Moving it "
                        + "to done tells Fixline you have fixed it; the case then waits for that rescan.")
                .link("Case in Fixline", properties.caseLink(c.id()));
        return d.build();
    }

    static String title(CaseView c) {
        String registry = c.registryHost().endsWith(".azurecr.io")
                ? c.registryHost().substring(0, c.registryHost().length() - ".azurecr.io".length()) : c.registryHost();
        return "[" + c.severity().label() + "] " + c.vulnerabilityId() + " in " + c.packageName() + " — " + registry
                + "/" + c.repository();
    }

    private static LocalDate dueDate(Instant due) {
        return due == null ? null : due.atOffset(ZoneOffset.UTC).toLocalDate();
    }

    private CaseView load(DelegateExecution execution) {
        String caseId = execution.getProcessBusinessKey();
        return cases.find(caseId, now()).orElseThrow(() -> new IllegalStateException("No remediation case " + caseId));
    }

    private Instant now() {
        return clock.instant();
    }
}
