package dev.fixline.cluster;

/** The cluster's locks, each a row of {@code sweep_lock} seeded by a migration. */
public enum LockScope {

    /** One sweep at a time changes findings. */
    FINDING_STORE("finding-store"),
    /** One Resource Graph sweep at a time (a lease). */
    RESOURCE_GRAPH("arg"),
    /** One node checks the sweep schedule at start-up. */
    SCHEDULE("schedule"),
    /** One node compares the SLA policy with the one cases were computed with. */
    SLA_POLICY("sla-policy"),
    /** One node imports the bundled samples into a fresh database. */
    SAMPLES("samples"),
    /** One node reconciles tickets at a time (a lease). */
    TICKET_RECONCILE("ticket-reconcile"),
    /** One node sends the digests that are due (a lease). */
    DIGESTS("digests"),
    /** One node mails what waited in the outbox (a lease). */
    MAIL_BACKLOG("mail-backlog");

    private final String id;

    LockScope(String id) {
        this.id = id;
    }

    /** The row's {@code scope}. */
    public String id() {
        return id;
    }
}
