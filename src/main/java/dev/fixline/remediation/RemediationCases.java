package dev.fixline.remediation;

import dev.fixline.audit.AuditEvent;
import dev.fixline.audit.AuditLog;
import dev.fixline.finding.Page;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Read access to remediation cases and their timelines. */
@Service
public class RemediationCases {

    private final CaseRepository cases;
    private final AuditLog audit;
    private final Clock clock;

    RemediationCases(CaseRepository cases, AuditLog audit, Optional<Clock> clock) {
        this.cases = cases;
        this.audit = audit;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    @Transactional(readOnly = true)
    public Page<CaseView> list(CaseQuery query, int page, int size) {
        return cases.list(query, page, size, clock.instant());
    }

    @Transactional(readOnly = true)
    public Optional<CaseView> find(String id) {
        return cases.find(id, clock.instant());
    }

    /** Every governance event of a case, oldest first; empty when the case does not exist. */
    @Transactional(readOnly = true)
    public Optional<List<AuditEvent>> timeline(String id) {
        return find(id).map(c -> audit.timeline(id));
    }
}
