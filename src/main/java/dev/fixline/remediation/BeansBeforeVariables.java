package dev.fixline.remediation;

import java.util.Set;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.spring.ApplicationContextElResolver;
import org.camunda.bpm.engine.spring.SpringExpressionManager;
import org.camunda.bpm.impl.juel.jakarta.el.CompositeELResolver;
import org.camunda.bpm.impl.juel.jakarta.el.ELContext;
import org.camunda.bpm.impl.juel.jakarta.el.ELResolver;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;

/**
 * Resolves the beans the remediation process calls ({@code ${caseActivities.notifyAssigned(execution)}}) before
 * its variables. The engine asks the variables first, and an execution a job has just loaded has none in memory
 * yet: every step paid one query for a variable called {@code caseActivities} that no process has. No variable
 * carries one of these names, so nothing a process stores is hidden.
 */
@Component
class BeansBeforeVariables extends AbstractProcessEnginePlugin {

    /** The beans named in {@code processes/remediation.bpmn} ({@code RemediationProcessVocabularyTest} checks). */
    static final Set<String> BEANS = Set.of("caseActivities", "caseTickets", "caseExceptions", "caseReassignments",
            "caseFalsePositives", "slaClock", "pinnedVariables", "reminderTimers", "pendingSteps");

    private final ApplicationContext context;

    BeansBeforeVariables(ApplicationContext context) {
        this.context = context;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        configuration.setExpressionManager(new SpringExpressionManager(context, configuration.getBeans()) {
            @Override
            protected ELResolver createElResolver() {
                CompositeELResolver resolvers = new CompositeELResolver();
                resolvers.add(new NamedBeans(context));
                resolvers.add(super.createElResolver());
                return resolvers;
            }
        });
    }

    /** The application context, for {@link #BEANS} only. */
    private static final class NamedBeans extends ApplicationContextElResolver {

        NamedBeans(ApplicationContext context) {
            super(context);
        }

        @Override
        public Object getValue(ELContext elContext, Object base, Object property) {
            return base == null && property instanceof String name && BEANS.contains(name)
                    ? super.getValue(elContext, base, property) : null;
        }

        @Override
        public void setValue(ELContext elContext, Object base, Object property, Object value) {
            if (base == null && property instanceof String name && BEANS.contains(name)) {
                super.setValue(elContext, base, property, value);
            }
        }

        @Override
        public boolean isReadOnly(ELContext elContext, Object base, Object property) {
            return true;
        }

        @Override
        public Class<?> getType(ELContext elContext, Object base, Object property) {
            return null;
        }
    }
}
