package dev.fixline.remediation;

import dev.fixline.audit.AuditEventType;
import dev.fixline.audit.AuditLog;
import dev.fixline.finding.Sweep;
import dev.fixline.finding.SweepApplied;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** A sweep's arrival in the governance log, in the sweep's own transaction: what the scanner said, and when. */
@Component
class SweepRecords {

    private final AuditLog audit;

    SweepRecords(AuditLog audit) {
        this.audit = audit;
    }

    @EventListener
    void applied(SweepApplied event) {
        Sweep s = event.sweep();
        Sweep.Counts n = s.counts();
        audit.record(null, null, AuditEventType.SWEEP_APPLIED, AuditLog.SCANNER, "Sweep " + s.id() + " (" + s.source()
                + " " + s.sourceName() + ") " + s.state() + " as of " + s.asOf() + ": " + n.rows() + " rows, "
                + n.newFindings() + " new, " + n.changed() + " changed, " + n.fixed() + " fixed, " + n.gone() + " gone, "
                + n.reopened() + " reopened", AuditLog.evidence("sweepId", s.id(), "source", s.source(), "sourceName",
                s.sourceName(), "state", s.state(), "asOf", s.asOf(), "rows", n.rows(), "new", n.newFindings(),
                "changed", n.changed(), "unchanged", n.unchanged(), "fixed", n.fixed(), "gone", n.gone(), "reopened",
                n.reopened(), "rejected", n.rejected()));
    }
}
