package dev.fixline.remediation;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the outbox ({@code case_command}) asks the engine to do for a case, once the sweep that decided
 * it has committed. Stored by name.
 */
enum CaseCommand {

    /** A rescan shows the fix: the case closes as FIXED. */
    CLOSE_FIXED(RemediationProcess.Message.FINDING_FIXED, "FIXED"),
    /** The scanner no longer sees the finding: the case closes as GONE. */
    CLOSE_GONE(RemediationProcess.Message.FINDING_GONE, "GONE"),
    /** The SLA's basis changed (severity, KEV listing, a fix appeared, the policy): dates are recomputed. */
    SLA_CHANGED(RemediationProcess.Message.SLA_CHANGED, null),
    /** A complete sweep after the owner's claim still shows the finding: the task returns with what it shows. */
    REFUTE_FIX(RemediationProcess.Message.FIX_REFUTED, null);

    /** The commands that close a case. */
    static final Set<CaseCommand> CLOSING = EnumSet.of(CLOSE_FIXED, CLOSE_GONE);

    private final RemediationProcess.Message message;
    private final String resolution;

    CaseCommand(RemediationProcess.Message message, String resolution) {
        this.message = message;
        this.resolution = resolution;
    }

    RemediationProcess.Message message() {
        return message;
    }

    /** The case's resolution when the command closes it; null otherwise. */
    String resolution() {
        return resolution;
    }

    /** {@code ('CLOSE_FIXED', 'CLOSE_GONE')}, for an SQL {@code IN}: the names are fixed, never user input. */
    static String sqlList(Set<CaseCommand> commands) {
        return commands.stream().map(c -> "'" + c.name() + "'").collect(Collectors.joining(", ", "(", ")"));
    }
}
