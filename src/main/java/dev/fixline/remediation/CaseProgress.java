package dev.fixline.remediation;

import java.util.List;

/**
 * Where a case's process stands, in the ids of its BPMN diagram ({@code processes/remediation.bpmn}).
 *
 * @param diagram  the process's BPMN file on the class path
 * @param current  the steps the process waits in now; for an ended process, the end it reached
 * @param passed   the steps it went through, each once, oldest first
 */
public record CaseProgress(String diagram, List<String> current, List<String> passed) {

    public CaseProgress {
        current = List.copyOf(current);
        passed = List.copyOf(passed);
    }
}
