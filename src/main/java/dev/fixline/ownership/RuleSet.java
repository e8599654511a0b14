package dev.fixline.ownership;

import dev.fixline.limits.AsciiCase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A complete, validated rules file: rules in the order they are tried, the unowned queue, the registry
 * tags the file gives and the contacts. Immutable, so it can be swapped in one step.
 */
record RuleSet(List<RuleMatcher> rules, UnownedQueue unowned, Map<String, Map<String, String>> registryTags,
               Map<String, String> contacts) {

    /** How many non-matching rules an unowned explanation names; the rest are only counted. */
    private static final int EXPLAINED_MISSES = 5;

    Assignment resolve(OwnershipQuery query) {
        Map<String, String> tags = tagsOf(query);
        List<String> misses = new ArrayList<>();
        for (RuleMatcher matcher : rules) {
            RuleMatcher.Outcome outcome = matcher.test(query, tags);
            OwnershipRule r = matcher.rule();
            if (outcome.matched()) {
                return new Assignment(r.owner(), r.team(), r.manager(), r.escalation(), r.name(), r.ticketProject(),
                        r.sla(), false, matched(r, outcome.reasons()));
            }
            misses.add(r.name() + ": " + outcome.reasons().get(0));
        }
        return unowned.assign(unmatched(misses));
    }

    /** The team as the first rule naming it assigns it (the unowned queue's team too); empty when none does. */
    java.util.Optional<Assignment> team(String team) {
        for (RuleMatcher matcher : rules) {
            OwnershipRule r = matcher.rule();
            if (team.equals(r.team())) {
                return java.util.Optional.of(new Assignment(r.owner(), r.team(), r.manager(), r.escalation(), r.name(),
                        r.ticketProject(), r.sla(), false, "team " + team + " as rule " + r.name() + " names it"));
            }
        }
        return team.equals(unowned.team()) ? java.util.Optional.of(unowned.assign("team " + team + " as the unowned "
                + "queue names it")) : java.util.Optional.empty();
    }

    List<OwnershipRule> ruleList() {
        return rules.stream().map(RuleMatcher::rule).toList();
    }

    /** A live source's tags win; the file's tags stand in when the query brings none. */
    private Map<String, String> tagsOf(OwnershipQuery query) {
        if (!query.registryTags().isEmpty()) {
            return RulesFile.caseInsensitive(query.registryTags());
        }
        String host = query.registryHost() == null ? "" : AsciiCase.lower(query.registryHost());
        return registryTags.getOrDefault(host, Map.of());
    }

    private static String matched(OwnershipRule r, List<String> met) {
        String where = "line " + r.line() + (r.priority() == null ? "" : ", priority " + r.priority());
        return "Rule " + r.name() + " (" + where + ") matched: "
                + (met.isEmpty() ? "it has no conditions" : String.join("; ", met)) + ".";
    }

    private String unmatched(List<String> misses) {
        if (misses.isEmpty()) {
            return "No rules are defined, so the unowned queue applies.";
        }
        String shown = String.join("; ", misses.subList(0, Math.min(EXPLAINED_MISSES, misses.size())));
        String more = misses.size() > EXPLAINED_MISSES ? "; and " + (misses.size() - EXPLAINED_MISSES) + " more" : "";
        return "No rule matched, so the unowned queue applies (" + shown + more + ").";
    }
}
