package dev.fixline.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.MessageEventDefinition;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.junit.jupiter.api.Test;

/** Every word of {@link RemediationProcess} is in {@code processes/remediation.bpmn}, meaning the same thing. */
class RemediationProcessVocabularyTest {

    final BpmnModelInstance model = Bpmn.readModelFromFile(Path.of("processes", "remediation.bpmn").toFile());

    @Test
    void theKeyIsTheExecutableProcess() {
        Process process = model.getModelElementById(RemediationProcess.KEY);
        assertThat(process).isNotNull();
        assertThat(process.isExecutable()).isTrue();
    }

    @Test
    void everyMessageIsOneTheProcessWaitsFor() {
        List<String> awaited = model.getModelElementsByType(MessageEventDefinition.class).stream()
                .map(d -> d.getMessage().getName()).toList();
        assertThat(awaited).containsAll(Arrays.stream(RemediationProcess.Message.values())
                .map(RemediationProcess.Message::messageName).toList());
    }

    /** The beans resolved before variables are exactly those the process calls. */
    @Test
    void theBeansResolvedFirstAreTheOnesTheProcessCalls() throws java.io.IOException {
        java.util.Set<String> called = new java.util.TreeSet<>();
        java.util.regex.Matcher call = java.util.regex.Pattern.compile("\\$\\{(\\w+)\\.")
                .matcher(java.nio.file.Files.readString(Path.of("processes", "remediation.bpmn")));
        while (call.find()) {
            called.add(call.group(1));
        }
        called.remove("execution");
        assertThat(called).containsExactlyInAnyOrderElementsOf(BeansBeforeVariables.BEANS);
    }

    @Test
    void everyActivityIsAFlowNodeOfTheProcess() {
        for (RemediationProcess.Activity activity : RemediationProcess.Activity.values()) {
            assertThat(model.<org.camunda.bpm.model.bpmn.instance.BaseElement>getModelElementById(activity.id()))
                    .as(activity + " (" + activity.id() + ")").isInstanceOf(FlowNode.class);
        }
    }

    @Test
    void theMailAndTicketStepsAreTheStepsThatCallTheirBeans() {
        assertThat(expressionSteps("${caseTickets.")).containsExactlyInAnyOrderElementsOf(
                RemediationProcess.Activity.ids(RemediationProcess.Activity.TICKET_STEPS));
        for (String step : RemediationProcess.Activity.ids(RemediationProcess.Activity.MAIL_STEPS)) {
            ServiceTask task = model.getModelElementById(step);
            assertThat(task.isCamundaAsyncBefore()).as(step + " is a job of its own").isTrue();
            assertThat(task.getCamundaExpression()).as(step).startsWith("${case").doesNotStartWith("${caseTickets.");
        }
    }

    private List<String> expressionSteps(String prefix) {
        return model.getModelElementsByType(ServiceTask.class).stream()
                .filter(t -> t.getCamundaExpression() != null && t.getCamundaExpression().startsWith(prefix))
                .map(ServiceTask::getId).toList();
    }
}
