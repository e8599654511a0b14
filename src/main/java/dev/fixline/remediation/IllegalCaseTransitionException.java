package dev.fixline.remediation;

/** A case was asked to make a move its state does not allow (see {@link CaseTransition}). */
public class IllegalCaseTransitionException extends IllegalStateException {

    IllegalCaseTransitionException(String caseId, CaseState state, CaseTransition transition) {
        super("Case " + caseId + " is " + state + "; it cannot " + transition.name().toLowerCase()
                .replace('_', ' ') + " (only from " + transition.from() + ")");
    }
}
