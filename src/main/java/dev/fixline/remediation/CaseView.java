package dev.fixline.remediation;

import dev.fixline.finding.ClosureEvidence;
import dev.fixline.finding.RecommendedFix;
import dev.fixline.finding.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A remediation case as owners, managers and auditors see it.
 *
 * @param recommendedFix for an open case, the upgrade of its package that fixes the most open
 *                       vulnerabilities of its repository
 * @param exception      the exception asked for or running on the case, if any
 * @param pausedSince    while an approved exception runs, since when the SLA clock is paused
 * @param pausedFor      how long the SLA clock has been paused in all, the running pause included; the due
 *                       date has moved by the pauses that ended
 */
public record CaseView(
        String id,
        CaseState state,
        String resolution,
        Severity severity,
        String registryHost,
        String repository,
        String vulnerabilityId,
        String packageName,
        Instant firstDetectedAt,
        String owner,
        String team,
        String manager,
        String ownershipRule,
        Instant remindAt,
        Instant dueAt,
        boolean breached,
        boolean overdue,
        Instant openedAt,
        Instant closedAt,
        String previousCaseId,
        String processInstanceId,
        List<String> findingIds,
        ClosureEvidence closureEvidence,
        RecommendedFix recommendedFix,
        CaseException exception,
        Instant pausedSince,
        Duration pausedFor) {

    CaseView withFindingIds(List<String> ids) {
        return new CaseView(id, state, resolution, severity, registryHost, repository, vulnerabilityId, packageName,
                firstDetectedAt, owner, team, manager, ownershipRule, remindAt, dueAt, breached, overdue, openedAt,
                closedAt, previousCaseId, processInstanceId, List.copyOf(ids), closureEvidence, recommendedFix, exception,
                pausedSince, pausedFor);
    }

    CaseView withClosureEvidence(ClosureEvidence evidence) {
        return new CaseView(id, state, resolution, severity, registryHost, repository, vulnerabilityId, packageName,
                firstDetectedAt, owner, team, manager, ownershipRule, remindAt, dueAt, breached, overdue, openedAt,
                closedAt, previousCaseId, processInstanceId, findingIds, evidence, recommendedFix, exception, pausedSince,
                pausedFor);
    }

    CaseView withException(CaseException e) {
        return new CaseView(id, state, resolution, severity, registryHost, repository, vulnerabilityId, packageName,
                firstDetectedAt, owner, team, manager, ownershipRule, remindAt, dueAt, breached, overdue, openedAt,
                closedAt, previousCaseId, processInstanceId, findingIds, closureEvidence, recommendedFix, e,
                pausedSince, pausedFor);
    }

    CaseView withRecommendedFix(RecommendedFix fix) {
        return new CaseView(id, state, resolution, severity, registryHost, repository, vulnerabilityId, packageName,
                firstDetectedAt, owner, team, manager, ownershipRule, remindAt, dueAt, breached, overdue, openedAt,
                closedAt, previousCaseId, processInstanceId, findingIds, closureEvidence, fix, exception, pausedSince,
                pausedFor);
    }
}
