package dev.fixline.remediation;

import dev.fixline.finding.ClosureEvidence;
import dev.fixline.finding.RecommendedFix;
import dev.fixline.finding.Severity;
import java.time.Instant;
import java.util.List;

/**
 * A remediation case as owners, managers and auditors see it.
 *
 * @param recommendedFix for an open case, the upgrade of its package that fixes the most open
 *                       vulnerabilities of its repository
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
        RecommendedFix recommendedFix) {

    CaseView withFindingIds(List<String> ids) {
        return new CaseView(id, state, resolution, severity, registryHost, repository, vulnerabilityId, packageName,
                firstDetectedAt, owner, team, manager, ownershipRule, remindAt, dueAt, breached, overdue, openedAt,
                closedAt, previousCaseId, processInstanceId, List.copyOf(ids), closureEvidence, recommendedFix);
    }

    CaseView withClosureEvidence(ClosureEvidence evidence) {
        return new CaseView(id, state, resolution, severity, registryHost, repository, vulnerabilityId, packageName,
                firstDetectedAt, owner, team, manager, ownershipRule, remindAt, dueAt, breached, overdue, openedAt,
                closedAt, previousCaseId, processInstanceId, findingIds, evidence, recommendedFix);
    }

    CaseView withRecommendedFix(RecommendedFix fix) {
        return new CaseView(id, state, resolution, severity, registryHost, repository, vulnerabilityId, packageName,
                firstDetectedAt, owner, team, manager, ownershipRule, remindAt, dueAt, breached, overdue, openedAt,
                closedAt, previousCaseId, processInstanceId, findingIds, closureEvidence, fix);
    }
}
