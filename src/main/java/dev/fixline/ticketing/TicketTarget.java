package dev.fixline.ticketing;

/** Where a transition takes a ticket. */
public enum TicketTarget {
    /** Into the {@code done} status category: the case closed with evidence. */
    DONE,
    /** Back into the {@code new} status category: the finding came back. */
    REOPENED
}
