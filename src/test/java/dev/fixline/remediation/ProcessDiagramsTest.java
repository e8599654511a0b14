package dev.fixline.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnEdge;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.camunda.bpm.model.bpmn.instance.dc.Bounds;
import org.camunda.bpm.model.bpmn.instance.di.Waypoint;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both processes carry a diagram that Camunda Modeler, Cockpit and bpmn-js can draw: every flow node a
 * shape, every sequence flow an edge joining its two shapes, boundary events on their task's border, and
 * the flow reading left to right. {@code ProcessPicturesUiTest} then draws them with bpmn-js.
 */
class ProcessDiagramsTest {

    /** How far a waypoint may lie outside the shape it leaves or enters (the renderer's docking slack). */
    private static final double SLACK = 2;

    @ParameterizedTest
    @ValueSource(strings = {"remediation.bpmn", "sweep-schedule.bpmn"})
    void everyNodeIsAShapeAndEveryFlowAnEdgeBetweenThem(String file) {
        BpmnModelInstance model = model(file);
        Map<String, BpmnShape> shapes = shapes(model);
        Map<String, BpmnEdge> edges = byElement(model.getModelElementsByType(BpmnEdge.class),
                BpmnEdge::getBpmnElement);

        List<String> nodes = model.getModelElementsByType(FlowNode.class).stream().map(FlowNode::getId).toList();
        assertThat(nodes).as("flow nodes of " + file).isNotEmpty();
        assertThat(shapes.keySet()).as("flow nodes of " + file + " drawn as shapes").containsAll(nodes);
        for (SequenceFlow flow : model.getModelElementsByType(SequenceFlow.class)) {
            BpmnEdge edge = edges.get(flow.getId());
            assertThat(edge).as("sequence flow " + flow.getId() + " drawn as an edge").isNotNull();
            List<Waypoint> points = List.copyOf(edge.getWaypoints());
            assertThat(points).as(flow.getId() + " waypoints").hasSizeGreaterThanOrEqualTo(2);
            assertThat(touches(shapes.get(flow.getSource().getId()).getBounds(), points.get(0)))
                    .as(flow.getId() + " leaves " + flow.getSource().getId()).isTrue();
            assertThat(touches(shapes.get(flow.getTarget().getId()).getBounds(), points.get(points.size() - 1)))
                    .as(flow.getId() + " enters " + flow.getTarget().getId()).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"remediation.bpmn", "sweep-schedule.bpmn"})
    void boundaryEventsSitOnTheirTaskAndTheFlowReadsLeftToRight(String file) {
        BpmnModelInstance model = model(file);
        Map<String, BpmnShape> shapes = shapes(model);
        for (BoundaryEvent event : model.getModelElementsByType(BoundaryEvent.class)) {
            Bounds task = shapes.get(event.getAttachedTo().getId()).getBounds();
            Bounds circle = shapes.get(event.getId()).getBounds();
            double cx = circle.getX() + circle.getWidth() / 2;
            double cy = circle.getY() + circle.getHeight() / 2;
            boolean onBorder = within(cx, task.getX(), task.getX() + task.getWidth())
                    && (near(cy, task.getY()) || near(cy, task.getY() + task.getHeight()))
                    || within(cy, task.getY(), task.getY() + task.getHeight())
                    && (near(cx, task.getX()) || near(cx, task.getX() + task.getWidth()));
            assertThat(onBorder).as(event.getId() + " on the border of " + event.getAttachedTo().getId()).isTrue();
        }
        java.util.Set<String> backEdges = backEdges(model);
        List<String> pointingLeft = model.getModelElementsByType(SequenceFlow.class).stream()
                .filter(flow -> !backEdges.contains(flow.getId()))
                .filter(flow -> centreX(shapes.get(flow.getTarget().getId()).getBounds())
                        < centreX(shapes.get(flow.getSource().getId()).getBounds()))
                .map(SequenceFlow::getId).toList();
        assertThat(pointingLeft).as("sequence flows of " + file + " pointing left, loops back excepted").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"remediation.bpmn", "sweep-schedule.bpmn"})
    void noShapeHidesAnotherAndSubprocessesHoldTheirSteps(String file) {
        BpmnModelInstance model = model(file);
        Map<String, BpmnShape> shapes = shapes(model);
        List<FlowNode> nodes = List.copyOf(model.getModelElementsByType(FlowNode.class));
        List<String> overlapping = new java.util.ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            for (int j = i + 1; j < nodes.size(); j++) {
                FlowNode a = nodes.get(i);
                FlowNode b = nodes.get(j);
                if (!related(a, b) && overlap(shapes.get(a.getId()).getBounds(), shapes.get(b.getId()).getBounds())) {
                    overlapping.add(a.getId() + " / " + b.getId());
                }
            }
        }
        assertThat(overlapping).as("shapes of " + file + " drawn over each other").isEmpty();
        for (org.camunda.bpm.model.bpmn.instance.SubProcess sub
                : model.getModelElementsByType(org.camunda.bpm.model.bpmn.instance.SubProcess.class)) {
            BpmnShape box = shapes.get(sub.getId());
            assertThat(box.isExpanded()).as(sub.getId() + " drawn open, its steps visible").isTrue();
            for (FlowNode child : sub.getChildElementsByType(FlowNode.class)) {
                assertThat(contains(box.getBounds(), shapes.get(child.getId()).getBounds()))
                        .as(child.getId() + " inside " + sub.getId()).isTrue();
            }
        }
    }

    /** A boundary event overlaps its task, and a subprocess its steps, by design. */
    private static boolean related(FlowNode a, FlowNode b) {
        return a instanceof BoundaryEvent e && e.getAttachedTo() == b
                || b instanceof BoundaryEvent e2 && e2.getAttachedTo() == a
                || a.getParentElement() == b || b.getParentElement() == a;
    }

    private static boolean overlap(Bounds a, Bounds b) {
        return a.getX() < b.getX() + b.getWidth() && b.getX() < a.getX() + a.getWidth()
                && a.getY() < b.getY() + b.getHeight() && b.getY() < a.getY() + a.getHeight();
    }

    private static boolean contains(Bounds outer, Bounds inner) {
        return inner.getX() >= outer.getX() && inner.getY() >= outer.getY()
                && inner.getX() + inner.getWidth() <= outer.getX() + outer.getWidth()
                && inner.getY() + inner.getHeight() <= outer.getY() + outer.getHeight();
    }

    /** The flows that close a loop (a retry, a return to the owner), found by a depth-first walk from every
     * node without incoming flow: start events and boundary events. */
    private static java.util.Set<String> backEdges(BpmnModelInstance model) {
        java.util.Set<String> back = new java.util.HashSet<>();
        java.util.Set<String> done = new java.util.HashSet<>();
        for (FlowNode root : model.getModelElementsByType(FlowNode.class)) {
            if (root.getIncoming().isEmpty()) {
                walk(root, new java.util.HashSet<>(), done, back);
            }
        }
        return back;
    }

    private static void walk(FlowNode node, java.util.Set<String> onPath, java.util.Set<String> done,
                             java.util.Set<String> back) {
        if (done.contains(node.getId())) {
            return;
        }
        onPath.add(node.getId());
        for (SequenceFlow flow : node.getOutgoing()) {
            if (onPath.contains(flow.getTarget().getId())) {
                back.add(flow.getId());
            } else {
                walk(flow.getTarget(), onPath, done, back);
            }
        }
        onPath.remove(node.getId());
        done.add(node.getId());
    }

    private static double centreX(Bounds b) {
        return b.getX() + b.getWidth() / 2;
    }

    private static BpmnModelInstance model(String file) {
        return Bpmn.readModelFromFile(Path.of("processes", file).toFile());
    }

    /** The diagram's shapes by the id of the element each draws. */
    private static Map<String, BpmnShape> shapes(BpmnModelInstance model) {
        return byElement(model.getModelElementsByType(BpmnShape.class), BpmnShape::getBpmnElement);
    }

    private static <T> Map<String, T> byElement(Collection<T> diagramElements, Function<T, BaseElement> element) {
        return diagramElements.stream().collect(Collectors.toMap(d -> element.apply(d).getId(), d -> d));
    }

    private static boolean touches(Bounds b, Waypoint p) {
        return p.getX() >= b.getX() - SLACK && p.getX() <= b.getX() + b.getWidth() + SLACK
                && p.getY() >= b.getY() - SLACK && p.getY() <= b.getY() + b.getHeight() + SLACK;
    }

    private static boolean within(double v, double low, double high) {
        return v >= low - SLACK && v <= high + SLACK;
    }

    private static boolean near(double v, double line) {
        return Math.abs(v - line) <= SLACK;
    }
}
