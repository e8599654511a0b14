package dev.fixline.remediation;

/** A decision on a case that waits for an approver. */
public enum AwaitedDecision {
    /** An exception was asked for: approve or refuse it. */
    EXCEPTION(RemediationProcess.Activity.DECIDE_EXCEPTION),
    /** A running exception's extension was asked for: approve or refuse it. */
    EXTENSION(RemediationProcess.Activity.DECIDE_EXTENSION),
    /** The owner says the finding is a false positive: confirm or reject it. */
    FALSE_POSITIVE(RemediationProcess.Activity.DECIDE_FALSE_POSITIVE);

    private final RemediationProcess.Activity activity;

    AwaitedDecision(RemediationProcess.Activity activity) {
        this.activity = activity;
    }

    static AwaitedDecision byActivity(String activityId) {
        for (AwaitedDecision d : values()) {
            if (d.activity.id().equals(activityId)) {
                return d;
            }
        }
        throw new IllegalArgumentException("no decision waits in " + activityId);
    }
}
