package dev.fixline.remediation;

import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.camunda.bpm.engine.impl.util.ClockUtil;

/**
 * Jobs that lost a race with another job of the same case. Camunda keeps a case's jobs apart on one
 * node only; two nodes can run two of them at once, and the one whose commit finds the case changed
 * under it fails with an {@link OptimisticLockingException} and rolls back whole. Nothing is wrong with
 * it: it runs again at once, rather than after its step's retry wait. It still uses up a retry, so a
 * race that never ends becomes an incident.
 */
final class RacedJobs {

    private RacedJobs() {
    }

    static boolean lostARace(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OptimisticLockingException) {
                return true;
            }
        }
        return false;
    }

    /** After the engine's own retry handling: due now, if it has retries left. */
    static void runAgainAtOnce(JobEntity job) {
        if (job.getRetries() > 0) {
            job.setDuedate(ClockUtil.getCurrentTime());
        }
    }
}
