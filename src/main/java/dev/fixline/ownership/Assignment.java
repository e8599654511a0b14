package dev.fixline.ownership;

import dev.fixline.finding.Severity;
import java.util.List;
import java.util.Map;

/**
 * Who answers for a finding.
 *
 * @param escalationChain people told after the manager, in order
 * @param rule the name of the matching rule; when no rule matched, the name of the unowned block as the
 *             file spells it ({@code unowned}, or {@code fallback} in older files)
 * @param ticketProject where tickets for the finding go; null when the rule names none
 * @param slaDays per-severity day overrides of the SLA; empty when the rule overrides nothing
 * @param unowned true when no rule matched and the unowned queue took the finding
 * @param explanation which rule matched and the conditions it met, or that none matched
 */
public record Assignment(String owner, String team, String manager, List<String> escalationChain, String rule,
                         String ticketProject, Map<Severity, Integer> slaDays, boolean unowned,
                         String explanation) {

    public Assignment {
        escalationChain = escalationChain == null ? List.of() : List.copyOf(escalationChain);
        slaDays = SlaOverrides.copy(slaDays);
    }
}
