package dev.fixline.ownership;

import dev.fixline.finding.Severity;
import java.util.List;
import java.util.Map;

/**
 * Where findings go that no rule matches.
 *
 * @param name the block's key in the file, {@code unowned} or (older files) {@code fallback}; it becomes
 *             the assignment's rule name
 * @param owner the owner group that triages unowned findings
 * @param sla per-severity day overrides for unowned findings; empty when there are none
 */
public record UnownedQueue(String name, String owner, String team, String manager, List<String> escalation,
                           String ticketProject, Map<Severity, Integer> sla) {

    Assignment assign(String explanation) {
        return new Assignment(owner, team, manager, escalation, name, ticketProject, sla, true, explanation);
    }
}
