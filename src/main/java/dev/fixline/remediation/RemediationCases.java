package dev.fixline.remediation;

import dev.fixline.audit.AuditEvent;
import dev.fixline.audit.AuditLog;
import dev.fixline.finding.FindingStore;
import dev.fixline.finding.Page;
import dev.fixline.finding.RecommendedFix;
import dev.fixline.finding.Severity;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The remediation module's face to the rest of Fixline: cases and their timelines, the manager's
 * overview, and the decisions people make on a case. Nothing outside this package starts, correlates or
 * completes anything in the engine.
 */
@Service
public class RemediationCases {

    private final CaseRepository cases;
    private final FindingStore findings;
    private final AuditLog audit;
    private final ManagerDashboard dashboard;
    private final CaseExceptions exceptions;
    private final ExceptionRequests requests;
    private final OwnerActions owners;
    private final CaseExceptionRecords exceptionRecords;
    private final CaseFalsePositives falsePositives;
    private final CaseReassignments reassignments;
    private final PendingDecisions decisions;
    private final CaseProgressReader progress;
    private final SlaReports reports;
    private final SlaHistory history;
    private final Clock clock;

    RemediationCases(CaseRepository cases, FindingStore findings, AuditLog audit, ManagerDashboard dashboard,
                     CaseExceptions exceptions, ExceptionRequests requests, OwnerActions owners, CaseExceptionRecords exceptionRecords,
                     CaseFalsePositives falsePositives, CaseReassignments reassignments, PendingDecisions decisions,
                     CaseProgressReader progress, SlaReports reports, SlaHistory history, Clock clock) {
        this.reports = reports;
        this.history = history;
        this.decisions = decisions;
        this.progress = progress;
        this.reassignments = reassignments;
        this.falsePositives = falsePositives;
        this.exceptionRecords = exceptionRecords;
        this.owners = owners;
        this.cases = cases;
        this.findings = findings;
        this.audit = audit;
        this.dashboard = dashboard;
        this.exceptions = exceptions;
        this.requests = requests;
        this.clock = clock;
    }

    /** Whether a decision on the case (an exception, an extension, a false positive) waits for this person. */
    public boolean awaitsDecisionFrom(CaseView c, String person) {
        return decisions.awaits(c, person);
    }

    /** Which decisions on the case wait for this person, in the order the process asked for them. */
    public Set<AwaitedDecision> decisionsAwaitedFrom(CaseView c, String person) {
        return decisionsOf(decisions.awaitedFrom(c, person));
    }

    /**
     * The ids of every case that matches, in the query's order, as they stand now: an export walks through
     * them with {@link #byIds} and neither repeats nor skips a case that opens or closes meanwhile.
     */
    @Transactional(readOnly = true)
    public List<String> ids(CaseQuery query) {
        return cases.ids(query);
    }

    /** These cases as they are now, in the order given; an id of no case is left out. */
    @Transactional(readOnly = true)
    public List<CaseView> byIds(List<String> ids) {
        Map<List<String>, Optional<RecommendedFix>> fixes = new HashMap<>();
        List<CaseView> found = cases.byIds(ids, clock.instant());
        Map<String, CaseException> live = exceptionRecords.live(ids);
        return found.stream().map(c -> withRecommendedFix(c, fixes).withException(live.get(c.id()))).toList();
    }

    /** Which decisions on the case wait for anyone (an administrator may take any of them). */
    public Set<AwaitedDecision> decisionsPending(CaseView c) {
        return decisionsOf(decisions.pending(c));
    }

    private static Set<AwaitedDecision> decisionsOf(Set<String> activityIds) {
        Set<AwaitedDecision> decided = EnumSet.noneOf(AwaitedDecision.class);
        activityIds.forEach(id -> decided.add(AwaitedDecision.byActivity(id)));
        return decided;
    }

    /** Where the case's process stands; empty while it has not started. */
    @Transactional(readOnly = true)
    public Optional<CaseProgress> progress(CaseView c) {
        return progress.of(c);
    }

    /**
     * What the manager's dashboard shows: open cases by team, breaches, the exception queue.
     *
     * @param visibleTo whose cases (their own, those they manage, their teams'); null: every case
     */
    public ManagerOverview overview(CaseQuery.Visibility visibleTo) {
        return dashboard.overview(visibleTo);
    }

    /**
     * The SLA report: compliance per month, time to remediate, the age of open cases, what breaches next,
     * and the open cases per severity, team and owner.
     *
     * @param visibleTo whose cases, as for {@link #overview}; null: every case
     */
    public SlaReport slaReport(CaseQuery.Visibility visibleTo) {
        return reports.report(visibleTo);
    }

    /**
     * The SLA as it stood at {@code asOf}, replayed from the governance log (not from today's state).
     *
     * @param team     only that team's cases then; null: all
     * @param severity only cases of that severity then; null: all
     * @param caseId   only that case; null: all
     * @param visibleTo whose cases, as for {@link #overview}; null: every case
     */
    public SlaStanding slaStanding(Instant asOf, String team, Severity severity, String caseId,
                                   CaseQuery.Visibility visibleTo) {
        return history.standing(asOf, team, severity, caseId, visibleTo);
    }

    /**
     * The owner says the case is fixed (optionally in which image digest or version): it awaits
     * verification by the next rescan; the SLA keeps running meanwhile.
     *
     * @throws java.util.NoSuchElementException when there is no such case
     * @throws IllegalCaseTransitionException when the case is not open
     */
    public CaseView markFixed(String caseId, String actor, String comment, String digest) {
        return owners.markFixed(caseId, actor, comment, digest);
    }

    /**
     * Asks for an exception on a case, or, while one runs, for its extension (API requests).
     *
     * @throws java.util.NoSuchElementException when there is no such case
     * @throws ExceptionRequestInvalidException when the expiry is past or later than the policy allows
     * @throws IllegalStateException when the case cannot take a request now
     */
    public CaseException requestException(String caseId, String actor, CaseExceptions.Request request) {
        return requests.request(caseId, actor, request, "api");
    }

    /**
     * An approver's decision on the exception request waiting on a case.
     *
     * @param administrator whether the person deciding is an administrator, who may decide any request but
     *                      their own
     * @throws java.util.NoSuchElementException when there is no such case
     * @throws IllegalStateException when no request waits for a decision
     * @throws NotAnApproverException when {@code decidedBy} may not decide it
     */
    public void decideException(String caseId, String decidedBy, boolean administrator, boolean approved,
                                String reason) {
        exceptions.decide(caseId, decidedBy, administrator, approved, reason);
    }

    /**
     * Ends the exception running on a case before its expiry.
     *
     * @throws java.util.NoSuchElementException when there is no such case
     * @throws IllegalStateException when no exception runs
     */
    public void revokeException(String caseId, String actor, String reason) {
        exceptions.revoke(caseId, actor, reason);
    }

    /**
     * The owner claims the case's finding is a false positive: a security approver decides.
     *
     * @throws java.util.NoSuchElementException when there is no such case
     * @throws IllegalStateException when the case is not open with its owner
     */
    public void claimFalsePositive(String caseId, String actor, String reason) {
        falsePositives.claim(caseId, actor, reason);
    }

    /**
     * A security approver's decision on the false-positive claim waiting on a case.
     *
     * @throws java.util.NoSuchElementException when there is no such case
     * @throws IllegalStateException when no claim waits for a decision
     * @throws NotAnApproverException when {@code decidedBy} may not decide it
     */
    public void decideFalsePositive(String caseId, String decidedBy, boolean administrator, boolean confirmed,
                                    String reason) {
        falsePositives.decide(caseId, decidedBy, administrator, confirmed, reason);
    }

    /**
     * Gives the case to another person, or to a team (its owner and manager as the ownership rules name
     * them), with the reason.
     *
     * @throws java.util.NoSuchElementException when there is no such case
     * @throws ReassignmentInvalidException when no rule names the team, or the case is theirs already
     * @throws IllegalStateException when the case is closed or not started
     */
    public CaseView reassign(String caseId, String actor, CaseReassignments.Target target, String reason) {
        return reassignments.reassign(caseId, actor, target, reason);
    }

    /** Every exception asked for on a case, oldest first; empty when the case does not exist. */
    @Transactional(readOnly = true)
    public Optional<List<CaseException>> exceptions(String caseId) {
        return cases.find(caseId, clock.instant()).map(c -> exceptions.history(caseId));
    }

    /** Who decides an exception asked for on the case by {@code requester}. */
    public List<String> exceptionApprovers(CaseView c, String requester) {
        return requests.approvers(c, requester);
    }

    @Transactional(readOnly = true)
    public Page<CaseView> list(CaseQuery query, int page, int size) {
        Map<List<String>, Optional<RecommendedFix>> fixes = new HashMap<>();
        Page<CaseView> found = cases.list(query, page, size, clock.instant());
        Map<String, CaseException> live = exceptionRecords.live(found.items().stream().map(CaseView::id).toList());
        return found.map(c -> withRecommendedFix(c, fixes).withException(live.get(c.id())));
    }

    @Transactional(readOnly = true)
    public Optional<CaseView> find(String id) {
        return cases.find(id, clock.instant()).map(c -> withRecommendedFix(c, new HashMap<>())
                .withException(exceptionRecords.live(List.of(id)).get(id)));
    }

    /** Open cases get the upgrade that fixes most; cases of the same package share one look-up. */
    private CaseView withRecommendedFix(CaseView c, Map<List<String>, Optional<RecommendedFix>> known) {
        if (c.state() == CaseState.CLOSED) {
            return c;
        }
        Optional<RecommendedFix> fix = known.computeIfAbsent(List.of(c.registryHost(), c.repository(),
                c.packageName()), k -> findings.recommendedFix(k.get(0), k.get(1), k.get(2)));
        return c.withRecommendedFix(fix.orElse(null));
    }

    /** Every governance event of a case, oldest first; empty when the case does not exist. */
    @Transactional(readOnly = true)
    public Optional<List<AuditEvent>> timeline(String id) {
        return find(id).map(c -> audit.timeline(id));
    }
}
