package dev.fixline.ownership;

import dev.fixline.finding.Severity;
import java.util.List;
import java.util.Map;

/**
 * One rule as it is in force: its match conditions (globs; null means no condition) and what it assigns.
 * A rule without a team or manager already carries the unowned queue's.
 *
 * @param priority lower is tried first; null for a rule that gives none (tried after all that do)
 * @param line the line of the rules file the rule starts on
 * @param cloud the registry's cloud, exactly ({@code azure}, {@code aws} or {@code gcp}); null for any
 * @param account glob on the Azure subscription, AWS account id or GCP project id
 * @param tags registry tag name → glob; the registry's tags must match all of them
 * @param sla per-severity day overrides; empty when the rule overrides nothing
 */
public record OwnershipRule(String name, Integer priority, int line, String cloud, String account,
                            String subscription, String resourceGroup, String registry, String repository,
                            Map<String, String> tags, String owner, String team, String manager,
                            List<String> escalation, String ticketProject, Map<Severity, Integer> sla) {
}
