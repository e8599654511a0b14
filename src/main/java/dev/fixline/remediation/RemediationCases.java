package dev.fixline.remediation;

import dev.fixline.audit.AuditEvent;
import dev.fixline.audit.AuditLog;
import dev.fixline.finding.FindingStore;
import dev.fixline.finding.Page;
import dev.fixline.finding.RecommendedFix;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    private final OwnerActions owners;
    private final Clock clock;

    RemediationCases(CaseRepository cases, FindingStore findings, AuditLog audit, ManagerDashboard dashboard,
                     CaseExceptions exceptions, OwnerActions owners, Clock clock) {
        this.owners = owners;
        this.cases = cases;
        this.findings = findings;
        this.audit = audit;
        this.dashboard = dashboard;
        this.exceptions = exceptions;
        this.clock = clock;
    }

    /** What the manager's dashboard shows: open cases by team, breaches, the exception queue. */
    public ManagerOverview overview() {
        return dashboard.overview();
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
     * The approver's decision on the exception request waiting on a case.
     *
     * @throws java.util.NoSuchElementException when there is no such case
     * @throws IllegalStateException when no request waits for a decision
     */
    public void decideException(String caseId, String decidedBy, boolean approved, String reason) {
        exceptions.decide(caseId, decidedBy, approved, reason);
    }

    @Transactional(readOnly = true)
    public Page<CaseView> list(CaseQuery query, int page, int size) {
        Map<List<String>, Optional<RecommendedFix>> fixes = new HashMap<>();
        return cases.list(query, page, size, clock.instant()).map(c -> withRecommendedFix(c, fixes));
    }

    @Transactional(readOnly = true)
    public Optional<CaseView> find(String id) {
        return cases.find(id, clock.instant()).map(c -> withRecommendedFix(c, new HashMap<>()));
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
