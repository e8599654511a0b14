package dev.fixline.remediation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fixline.audit.AuditEventType;
import dev.fixline.audit.AuditLog;
import dev.fixline.finding.FindingEvent;
import dev.fixline.finding.FindingState;
import dev.fixline.finding.Severity;
import dev.fixline.finding.Finding;
import dev.fixline.finding.FindingQuery;
import dev.fixline.finding.FindingStore;
import dev.fixline.finding.Page;
import dev.fixline.sla.KevCatalog;
import dev.fixline.sla.KevListingsAdded;
import org.springframework.transaction.support.TransactionTemplate;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Decides, inside a sweep's transaction, which cases open and which close. The engine work itself
 * is queued (a pending case, a case command) and carried out by {@link CaseDispatcher} after the
 * sweep commits, so a sweep that rolls back leaves no process behind and a crash loses nothing.
 */
@Component
class CaseOpener {


    private final CaseRepository cases;
    private final AuditLog audit;
    private final RemediationProperties properties;
    private final ObjectMapper json;
    private final KevCatalog kev;
    private final FindingStore findings;
    private final TransactionTemplate tx;
    private final Clock clock;

    CaseOpener(CaseRepository cases, AuditLog audit, RemediationProperties properties, ObjectMapper json,
               KevCatalog kev, FindingStore findings, TransactionTemplate tx, Clock clock) {
        this.kev = kev;
        this.findings = findings;
        this.tx = tx;
        this.cases = cases;
        this.audit = audit;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
    }

    @EventListener
    void on(FindingEvent.Opened e) {
        if (!needsCase(e.severity(), e.key().vulnerabilityId())) {
            return;
        }
        // A finding seen for the first time cannot have a case yet: skip the look-up on the hot path.
        if (e.reopened() && cases.activeCaseOf(e.findingId()).isPresent()) {
            return;
        }
        String previous = e.reopened() ? cases.latestCaseOf(e.findingId()).orElse(null) : null;
        open(e.findingId(), e, e.severity(), e.firstDetectedAt(), previous,
                e.reopened() ? "Regression: " + e.key() + " is back after it was closed (previous case " + previous + ")"
                        : e.severity().label() + " finding " + e.key() + " detected");
    }

    /** A finding judged a false positive is back with new data: it gets a case again, whatever was decided. */
    @EventListener
    void on(FindingEvent.SuppressionLifted e) {
        if (!needsCase(e.severity(), e.key().vulnerabilityId()) || cases.activeCaseOf(e.findingId()).isPresent()) {
            return;
        }
        String previous = cases.latestCaseOf(e.findingId()).orElse(null);
        open(e.findingId(), e, e.severity(), e.firstDetectedAt(), previous, "Suppression lifted: " + e.key()
                + " was judged a false positive (previous case " + previous + "), and the scanner's data for it "
                + "changed: " + e.change());
    }

    @EventListener
    void on(FindingEvent.SeverityChanged e) {
        Optional<String> active = cases.activeCaseOf(e.findingId());
        String summary = "Severity changed from " + e.from().label() + " to " + e.to().label() + " in sweep "
                + e.sweepId();
        if (active.isPresent()) {
            // The engine recomputes the dates (a deadline may tighten, never loosen) once the sweep commits.
            cases.raiseSeverity(active.get(), e.to());
            cases.addCommand(active.get(), CaseCommand.SLA_CHANGED, summary, clock.instant());
            audit.record(active.get(), e.findingId(), AuditEventType.SEVERITY_CHANGED, AuditLog.SYSTEM, summary,
                    AuditLog.evidence("from", e.from(), "to", e.to(), "sweepId", e.sweepId()));
        } else if (needsCase(e.to(), e.key().vulnerabilityId())) {
            open(e.findingId(), e, e.to(), e.firstDetectedAt(), cases.latestCaseOf(e.findingId()).orElse(null),
                    summary + ": " + e.key() + " now needs remediation");
        }
    }

    @EventListener
    void on(FindingEvent.FixAppeared e) {
        cases.activeCaseOf(e.findingId()).ifPresent(caseId -> {
            String reason = "A fix for " + e.key().vulnerabilityId() + " is now available (sweep " + e.sweepId() + ")";
            cases.addCommand(caseId, CaseCommand.SLA_CHANGED, reason, clock.instant());
            audit.record(caseId, e.findingId(), AuditEventType.FIX_AVAILABLE, AuditLog.SYSTEM, reason, null);
        });
    }

    @EventListener
    void on(FindingEvent.Closed e) {
        Optional<String> active = cases.activeCaseOf(e.findingId());
        if (active.isEmpty()) {
            return;
        }
        String payload;
        try {
            payload = json.writeValueAsString(e.evidence());
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("closure evidence cannot be written", ex);
        }
        cases.addCommand(active.get(), e.state() == FindingState.GONE ? CaseCommand.CLOSE_GONE
                : CaseCommand.CLOSE_FIXED, ClosureRefs.text(e.ref()), clock.instant());
        audit.record(active.get(), e.findingId(), e.state() == FindingState.GONE ? AuditEventType.RESCAN_GONE : AuditEventType.RESCAN_FIXED,
                AuditLog.SYSTEM, e.evidence().explanation(), payload);
    }

    /**
     * CVEs newly listed in CISA's KEV catalog: their open cases get their dates recomputed (the
     * catalog's due date may be earlier), and their open findings without a case get one, whatever
     * their severity. Runs outside any sweep, in a transaction of its own; the dispatcher does the rest.
     */
    @EventListener
    void on(KevListingsAdded e) {
        tx.executeWithoutResult(s -> e.cveIds().forEach(cve -> {
            String reason = cve + " newly listed in CISA's Known Exploited Vulnerabilities catalog";
            for (String caseId : cases.activeCaseIdsOf(cve)) {
                cases.addCommand(caseId, CaseCommand.SLA_CHANGED, reason, clock.instant());
                audit.record(caseId, null, AuditEventType.KEV_LISTED, AuditLog.SYSTEM, reason, null);
            }
            Page<Finding> page;
            int n = 0;
            do {
                page = findings.findings(new FindingQuery(FindingState.OPEN, null, null, cve), n++, 500);
                for (Finding f : page.items()) {
                    if (cases.activeCaseOf(f.id()).isEmpty()) {
                        String caseId = UUID.randomUUID().toString();
                        cases.insert(caseId, f.id(), f.key(), f.severity(), f.firstDetectedAt(),
                                cases.latestCaseOf(f.id()).orElse(null), clock.instant());
                        audit.record(caseId, f.id(), AuditEventType.CASE_OPENED, AuditLog.SYSTEM, reason + ": " + f.key()
                                + " now needs remediation", openingEvidence(f.severity(), f.key().vulnerabilityId(),
                                f.firstDetectedAt()));
                    }
                }
            } while ((long) n * 500 < page.total());
        }));
    }

    /** At or above the threshold, or listed in CISA's KEV catalog whatever its severity. */
    private boolean needsCase(Severity severity, String vulnerabilityId) {
        return severity.atLeast(properties.severityThreshold()) || kev.listed(vulnerabilityId);
    }

    private void open(String findingId, FindingEvent e, dev.fixline.finding.Severity severity,
                      java.time.Instant firstDetectedAt, String previous, String summary) {
        String caseId = UUID.randomUUID().toString();
        cases.insert(caseId, findingId, e.key(), severity, firstDetectedAt, previous, clock.instant());
        audit.record(caseId, findingId, AuditEventType.CASE_OPENED, AuditLog.SYSTEM, summary,
                openingEvidence(severity, e.key().vulnerabilityId(), firstDetectedAt));
    }

    /** What the SLA as of a past day needs of an opening: its severity then. */
    private static String openingEvidence(Severity severity, String vulnerabilityId, java.time.Instant firstDetectedAt) {
        return AuditLog.evidence("severity", severity, "vulnerabilityId", vulnerabilityId, "firstDetectedAt",
                firstDetectedAt);
    }
}
