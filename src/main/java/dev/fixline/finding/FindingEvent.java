package dev.fixline.finding;

import java.time.Instant;

/**
 * What a sweep changed about a finding, published inside the sweep's transaction so that
 * listeners record their consequences atomically with it.
 */
public sealed interface FindingEvent {

    String findingId();

    FindingKey key();

    /** A finding seen for the first time, or seen again after it was closed ({@code reopened}). */
    record Opened(String findingId, FindingKey key, Severity severity, Instant firstDetectedAt, boolean reopened,
                  String sweepId) implements FindingEvent {
    }

    /**
     * A finding suppressed as a false positive is back: the scanner's data for it changed ({@code change}
     * says how: a new fixed version, severity or image digest), so it is open again.
     */
    record SuppressionLifted(String findingId, FindingKey key, Severity severity, Instant firstDetectedAt,
                             String change, String sweepId) implements FindingEvent {
    }

    record SeverityChanged(String findingId, FindingKey key, Severity from, Severity to, Instant firstDetectedAt,
                           String sweepId) implements FindingEvent {
    }

    /** A finding reported without a fix now shows one: a clock that waited for the fix may start. */
    record FixAppeared(String findingId, FindingKey key, Instant at, String sweepId) implements FindingEvent {
    }

    record Closed(String findingId, FindingKey key, FindingState state, ClosureEvidence evidence, Instant closedAt)
            implements FindingEvent {

        /** The closure, as a case refers to it. */
        public ClosureRef ref() {
            return new ClosureRef(findingId, closedAt);
        }
    }
}
