package dev.fixline.ticketing;

import java.time.Instant;

/**
 * What this node saw of the tracker the last times it called it.
 *
 * @param tracker        {@code jira-cloud}, {@code jira-data-center} or {@code built-in}
 * @param lastAnswerAt   the last call the tracker answered (a refusal is an answer); null while none was
 * @param failingSince   the first call since then that it did not answer (unreachable, timeout, 5xx, 429)
 * @param lastFailure    why that last call failed; null while it answers
 * @param failedCalls    calls that failed since the last answer
 */
public record TrackerStatus(String tracker, Instant lastAnswerAt, Instant failingSince, String lastFailure,
                            int failedCalls) {

    public boolean failing() {
        return failingSince != null;
    }
}
