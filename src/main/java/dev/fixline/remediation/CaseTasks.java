package dev.fixline.remediation;

import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;

/**
 * A case's waiting user tasks, and completing one as the person who acted: the steps it leads to record
 * that person (the engine's authenticated user) on the timeline.
 */
@Component
class CaseTasks {

    private final TaskService tasks;
    private final IdentityService identity;

    CaseTasks(TaskService tasks, IdentityService identity) {
        this.tasks = tasks;
        this.identity = identity;
    }

    /** The case's task of that activity, if one waits. */
    Optional<Task> waiting(CaseView c, RemediationProcess.Activity activity) {
        if (c.processInstanceId() == null) {
            return Optional.empty();
        }
        return tasks.createTaskQuery().processInstanceId(c.processInstanceId()).taskDefinitionKey(activity.id())
                .list().stream().findFirst();
    }

    void completeAs(String actor, Task task, Map<String, Object> variables) {
        asUser(actor, () -> tasks.complete(task.getId(), variables));
    }

    /** Runs engine calls (a completion, a message) as {@code actor}. */
    void asUser(String actor, Runnable call) {
        identity.setAuthenticatedUserId(actor);
        try {
            call.run();
        } finally {
            identity.clearAuthentication();
        }
    }

    /** A variable of the task's scope. */
    Object variable(Task task, String name) {
        return tasks.getVariable(task.getId(), name);
    }
}
