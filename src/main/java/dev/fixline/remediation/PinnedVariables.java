package dev.fixline.remediation;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * Keeps what a branch's later job needs as the branch's own ({@code take} listener of the flow into it):
 * a mail or ticket step that waits for its server reads the request, decision and people it was started
 * for, not those of a later request that changed the instance's variables meanwhile.
 */
@Component("pinnedVariables")
public class PinnedVariables {

    /** Copies the named variables (comma-separated) into the execution taking the flow. */
    public void pin(DelegateExecution execution, String names) {
        for (String name : names.split(",")) {
            String variable = name.strip();
            execution.setVariableLocal(variable, execution.getVariable(variable));
        }
    }
}
