package dev.fixline.remediation;

import java.util.EnumSet;
import java.util.Set;

/**
 * The moves a case's state may make, and from where. Everything that changes a case's state goes
 * through one of these ({@link CaseRepository#move}), which refuses any other move: a case never leaves
 * CLOSED, and never awaits verification unless it was open.
 */
enum CaseTransition {

    /** The dispatcher starts the case's process. */
    OPEN(EnumSet.of(CaseState.PENDING), CaseState.OPEN),
    /** The owner says it is fixed; the next rescans decide. */
    AWAIT_VERIFICATION(EnumSet.of(CaseState.OPEN), CaseState.AWAITING_VERIFICATION),
    /** No rescan confirmed the owner's fix in time: the task is the owner's again. */
    RETURN_TO_OWNER(EnumSet.of(CaseState.AWAITING_VERIFICATION), CaseState.OPEN),
    /** An exception was approved: the SLA clock pauses. */
    PAUSE(EnumSet.of(CaseState.OPEN), CaseState.EXCEPTION),
    /** The exception expired or was revoked: the clock runs again and the task is the owner's. */
    RESUME(EnumSet.of(CaseState.EXCEPTION), CaseState.OPEN),
    /** A rescan shows the fix, or the finding is gone. */
    CLOSE(EnumSet.of(CaseState.PENDING, CaseState.OPEN, CaseState.AWAITING_VERIFICATION, CaseState.EXCEPTION),
            CaseState.CLOSED);

    private final Set<CaseState> from;
    private final CaseState to;

    CaseTransition(Set<CaseState> from, CaseState to) {
        this.from = from;
        this.to = to;
    }

    Set<CaseState> from() {
        return from;
    }

    CaseState to() {
        return to;
    }

    boolean allowedFrom(CaseState state) {
        return from.contains(state);
    }
}
