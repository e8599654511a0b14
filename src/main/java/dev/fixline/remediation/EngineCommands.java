package dev.fixline.remediation;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.concurrent.atomic.LongAdder;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.springframework.stereotype.Component;

/**
 * Counts the commands Fixline gives the engine (starts, correlations, queries, job executions): the metric
 * {@code fixline.engine.commands}, and a count per thread, so that a sweep can show it gave none (a rescan in
 * which nothing changed must not touch the engine). A command the engine runs inside another counts once.
 */
@Component
public class EngineCommands extends AbstractProcessEnginePlugin implements MeterBinder {

    private static final ThreadLocal<long[]> ON_THREAD = ThreadLocal.withInitial(() -> new long[2]);
    private final LongAdder total = new LongAdder();

    /** The commands issued so far on the calling thread (since it started). */
    public long issuedOnThisThread() {
        return ON_THREAD.get()[0];
    }

    /** The commands issued so far on every thread, job acquisition and execution included. */
    public long issued() {
        return total.sum();
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        if (configuration.getCustomPreCommandInterceptorsTxRequired() == null) {
            configuration.setCustomPreCommandInterceptorsTxRequired(new ArrayList<>());
        }
        if (configuration.getCustomPreCommandInterceptorsTxRequiresNew() == null) {
            configuration.setCustomPreCommandInterceptorsTxRequiresNew(new ArrayList<>());
        }
        configuration.getCustomPreCommandInterceptorsTxRequired().add(new Counting());
        configuration.getCustomPreCommandInterceptorsTxRequiresNew().add(new Counting());
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("fixline.engine.commands", total, LongAdder::sum)
                .description("Commands given to the process engine, job acquisition and execution included")
                .register(registry);
    }

    private final class Counting extends CommandInterceptor {
        @Override
        public <T> T execute(Command<T> command) {
            long[] thread = ON_THREAD.get();
            // [0] commands issued, [1] depth: a command run inside another is part of it
            if (thread[1]++ == 0) {
                thread[0]++;
                total.increment();
            }
            try {
                return next.execute(command);
            } finally {
                thread[1]--;
            }
        }
    }
}
