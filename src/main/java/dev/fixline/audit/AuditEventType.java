package dev.fixline.audit;

/** The kinds of governance events the log holds, stored by name in {@code audit_event.event_type}. */
public enum AuditEventType {

    /** A sweep decided a new finding needs a case. */
    CASE_OPENED,
    /** The case's owner, team and manager, from the ownership rules (or the unowned queue). */
    OWNER_ASSIGNED,
    /** Someone else owns the case now (the ticket was reassigned). */
    OWNER_CHANGED,
    /** The case's reminder and due dates, with their basis. */
    SLA_SET,
    /** Recomputed dates, with why (severity, KEV listing, a fix appeared, the policy). */
    SLA_CHANGED,
    /** A recomputation that would have loosened the deadline: the dates stay. */
    SLA_KEPT,
    /** The scanner reports another severity. */
    SEVERITY_CHANGED,
    /** A fix appeared for a finding that had none: the regular clock starts. */
    FIX_AVAILABLE,
    /** The CVE was newly listed in CISA's Known Exploited Vulnerabilities catalog. */
    KEV_LISTED,
    /** The due date passed without a verified fix. */
    SLA_BREACHED,
    /** The case went further up the escalation chain. */
    ESCALATED,
    /** A repeated overdue notice. */
    BREACH_REMINDED,
    /** A notice was handed to the mail server (or kept in the outbox). */
    NOTIFIED,
    /** The owner says it is fixed; a rescan decides. */
    MARKED_FIXED,
    /** No rescan confirmed the owner's fix in time: the task is the owner's again. */
    VERIFICATION_FAILED,
    /** A rescan shows the fix (with the evidence). */
    RESCAN_FIXED,
    /** The scanner no longer sees the finding (with the evidence). */
    RESCAN_GONE,
    /** The case closed, with its resolution and evidence. */
    CASE_CLOSED,
    /** An exception (risk acceptance) was requested. */
    EXCEPTION_REQUESTED,
    EXCEPTION_APPROVED,
    EXCEPTION_REFUSED,
    /** An approved exception reached its expiry. */
    EXCEPTION_EXPIRED,
    /** An approved exception was ended early, with the reason. */
    EXCEPTION_REVOKED,
    /** A request to extend an exception was not decided before the exception ended. */
    EXCEPTION_LAPSED,
    /** The owner (or someone for them) says the finding is a false positive, with the reason. */
    FALSE_POSITIVE_CLAIMED,
    /** A security approver agreed: the finding is suppressed and the case closes. */
    FALSE_POSITIVE_CONFIRMED,
    /** A security approver disagreed, with the reason: the case is the owner's again. */
    FALSE_POSITIVE_REJECTED,
    /** The SLA clock stopped while an approved exception runs: reminders, breach and escalations wait. */
    SLA_PAUSED,
    /** The SLA clock runs again, its dates moved by the time it was paused. */
    SLA_RESUMED,
    TICKET_OPENED,
    /** The case closed before its ticket could open: no ticket will be. */
    TICKET_NOT_OPENED,
    TICKET_COMMENTED,
    /** Someone moved the ticket to done. */
    TICKET_RESOLVED,
    /** Fixline moved the ticket to done, with the closure's evidence. */
    TICKET_CLOSED,
    TICKET_REOPENED,
    /** A sweep (a Resource Graph read or an export) was applied to the finding store, with its counts. */
    SWEEP_APPLIED,
    /** An administrator withdrew a wrongly applied sweep. */
    SWEEP_WITHDRAWN,
    /** The SLA policy (configuration, or the SLA parts of the ownership rules) changed: open cases are recomputed. */
    SLA_POLICY_CHANGED,
    /** The ownership rules file changed: the rules in force now, by fingerprint. */
    OWNERSHIP_RULES_CHANGED
}
