package dev.fixline.remediation;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.springframework.stereotype.Component;

/** Reads a case's position in its process from the engine's runtime and history (history level full). */
@Component
class CaseProgressReader {

    static final String DIAGRAM = "processes/remediation.bpmn";

    private final RuntimeService runtime;
    private final HistoryService history;

    CaseProgressReader(RuntimeService runtime, HistoryService history) {
        this.runtime = runtime;
        this.history = history;
    }

    /** Empty while the engine has not started the case's process. */
    Optional<CaseProgress> of(CaseView c) {
        if (c.processInstanceId() == null) {
            return Optional.empty();
        }
        List<HistoricActivityInstance> steps = history.createHistoricActivityInstanceQuery()
                .processInstanceId(c.processInstanceId()).orderPartiallyByOccurrence().asc().list();
        Set<String> passed = new LinkedHashSet<>();
        List<String> ended = new ArrayList<>();
        for (HistoricActivityInstance step : steps) {
            if (step.getEndTime() != null) {
                passed.add(step.getActivityId());
                if (step.getActivityType().endsWith("EndEvent")) {
                    ended.add(step.getActivityId());
                }
            }
        }
        boolean running = runtime.createProcessInstanceQuery().processInstanceId(c.processInstanceId()).count() > 0;
        List<String> current = running ? runtime.getActiveActivityIds(c.processInstanceId())
                : ended.isEmpty() ? List.of() : List.of(ended.get(ended.size() - 1));
        return Optional.of(new CaseProgress(DIAGRAM, current, List.copyOf(passed)));
    }
}
