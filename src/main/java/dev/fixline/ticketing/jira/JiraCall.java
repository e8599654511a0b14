package dev.fixline.ticketing.jira;

/**
 * One request to Jira as exception messages name it (operation and ticket or project, never a credential),
 * and whether it creates an issue: a create that may have reached Jira cannot simply be called failed.
 */
record JiraCall(String operation, boolean create) {

    static JiraCall read(String operation) {
        return new JiraCall(operation, false);
    }

    /** Reads and also edits, comments and transitions: sending them again is harmless or guarded by the caller. */
    static JiraCall write(String operation) {
        return new JiraCall(operation, false);
    }

    static JiraCall create(String operation) {
        return new JiraCall(operation, true);
    }

    @Override
    public String toString() {
        return "Jira " + operation;
    }
}
