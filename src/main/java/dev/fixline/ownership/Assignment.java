package dev.fixline.ownership;

import java.util.List;

/**
 * Who answers for a finding.
 *
 * @param rule the name of the matching rule, or {@code fallback}
 * @param escalationChain people told after the manager, in order
 */
public record Assignment(String owner, String team, String manager, List<String> escalationChain, String rule) {
}
