package dev.fixline.remediation;

import dev.fixline.finding.ClosureEvidence;
import dev.fixline.finding.Severity;
import java.time.Instant;
import java.util.List;

/** A remediation case as owners, managers and auditors see it. */
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
        ClosureEvidence closureEvidence) {
}
