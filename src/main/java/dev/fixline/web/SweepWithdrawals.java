package dev.fixline.web;

import dev.fixline.audit.AuditEventType;
import dev.fixline.audit.AuditLog;
import dev.fixline.finding.FindingStore;
import dev.fixline.finding.StoredPrecision;
import dev.fixline.finding.Sweep;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Withdraws a wrongly applied sweep and records who did it in the audit log, in one transaction. */
@Service
class SweepWithdrawals {

    private static final Logger log = LoggerFactory.getLogger(SweepWithdrawals.class);

    private final FindingStore store;
    private final AuditLog audit;
    private final Clock clock;

    SweepWithdrawals(FindingStore store, AuditLog audit, Clock clock) {
        this.store = store;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    Optional<Sweep> withdraw(String sweepId, String by, String reason) {
        Optional<Sweep> sweep = store.withdrawSweep(sweepId,
                new Sweep.Withdrawal(StoredPrecision.of(clock.instant()), by, reason));
        sweep.ifPresent(s -> {
            audit.record(null, null, AuditEventType.SWEEP_WITHDRAWN, by, "Sweep " + s.id() + " (" + s.source() + " " + s.sourceName()
                    + ", as of " + s.asOf() + ") withdrawn: " + abbreviated(reason, 800), null);
            log.warn("Sweep {} ({} {}) withdrawn by {}: {}", s.id(), s.source(), s.sourceName(), by, reason);
        });
        return sweep;
    }

    private static String abbreviated(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
