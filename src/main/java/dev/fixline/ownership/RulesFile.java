package dev.fixline.ownership;

import dev.fixline.limits.AsciiCase;
import dev.fixline.finding.Cloud;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The YAML file's shape, and its validation into a {@link RuleSet}. {@code unowned} and {@code fallback}
 * are the same block under two names; {@code fallback} is what files written before the unowned queue use.
 */
record RulesFile(List<Located<RuleFields>> rules, Located<QueueFields> unowned, Located<QueueFields> fallback,
                 Map<String, RegistryFields> registries, Map<String, String> contacts) {

    record RuleFields(String name, Integer priority, String cloud, String account, String subscription,
                      String resourceGroup, String registry, String repository, Map<String, String> tags,
                      String owner, String team, String manager, List<String> escalation, String ticketProject,
                      Map<String, Integer> sla) {
    }

    record QueueFields(String owner, String team, String manager, List<String> escalation, String ticketProject,
                       Map<String, Integer> sla) {
    }

    record RegistryFields(Map<String, String> tags) {
    }

    /** Rules with a priority first (lowest first), then the others; ties keep file order (the sort is stable). */
    private static final Comparator<RuleMatcher> TRY_ORDER = Comparator.comparing(
            m -> m.rule().priority(), Comparator.nullsLast(Comparator.naturalOrder()));

    RuleSet validated() throws RulesFileException {
        UnownedQueue queue = queue();
        List<RuleMatcher> checked = new ArrayList<>();
        List<Located<RuleFields>> given = rules == null ? List.of() : rules;
        for (int i = 0; i < given.size(); i++) {
            Located<RuleFields> located = given.get(i);
            if (located == null || located.value() == null) {
                throw new RulesFileException(null, "rule " + (i + 1) + " is empty");
            }
            checked.add(new RuleMatcher(rule(i + 1, located.line(), located.value(), queue)));
        }
        checked.sort(TRY_ORDER);
        return new RuleSet(List.copyOf(checked), queue, registryTags(), contacts == null ? Map.of() : Map.copyOf(contacts));
    }

    private UnownedQueue queue() throws RulesFileException {
        if (unowned != null && fallback != null) {
            throw new RulesFileException(fallback.line(), "give either unowned or fallback (its older name), "
                    + "not both");
        }
        Located<QueueFields> block = unowned != null ? unowned : fallback;
        String name = unowned != null ? "unowned" : "fallback";
        QueueFields q = block == null ? null : block.value();
        if (q == null || blank(q.owner()) || blank(q.team()) || blank(q.manager())) {
            throw new RulesFileException(block == null ? null : block.line(), "an unowned block (or fallback) "
                    + "with an owner, a team and a manager is required");
        }
        return new UnownedQueue(name, q.owner(), q.team(), q.manager(), list(q.escalation()),
                blankToNull(q.ticketProject()), SlaOverrides.parse(q.sla(), block.line(), name));
    }

    /** A rule without a team or manager takes the unowned queue's, so every case has both. */
    private static OwnershipRule rule(int position, int line, RuleFields r, UnownedQueue queue)
            throws RulesFileException {
        String label = "rule " + position + " (" + (blank(r.name()) ? "unnamed" : r.name()) + ")";
        if (blank(r.owner())) {
            throw new RulesFileException(line, label + " has no owner");
        }
        return new OwnershipRule(blank(r.name()) ? "rule " + position : r.name(), r.priority(), line,
                cloud(r.cloud(), line, label), blankToNull(r.account()), blankToNull(r.subscription()), blankToNull(r.resourceGroup()), blankToNull(r.registry()),
                blankToNull(r.repository()), tagConditions(r.tags(), line, label), r.owner(),
                blank(r.team()) ? queue.team() : r.team(), blank(r.manager()) ? queue.manager() : r.manager(),
                list(r.escalation()), blankToNull(r.ticketProject()), SlaOverrides.parse(r.sla(), line, label));
    }

    /** A cloud is one of a few names, not a glob: a misspelt one would never match. */
    private static String cloud(String cloud, int line, String label) throws RulesFileException {
        if (blank(cloud)) {
            return null;
        }
        return Cloud.parse(cloud).map(Cloud::id).orElseThrow(() -> new RulesFileException(line, label
                + ": cloud '" + cloud.trim() + "' is not one of " + Cloud.names()));
    }

    private static Map<String, String> tagConditions(Map<String, String> tags, int line, String label)
            throws RulesFileException {
        if (tags == null || tags.isEmpty()) {
            return Map.of();
        }
        Map<String, String> checked = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : tags.entrySet()) {
            if (blank(e.getKey()) || blank(e.getValue())) {
                throw new RulesFileException(line, label + ": tag " + e.getKey() + " needs a glob (\"**\" for "
                        + "any value)");
            }
            checked.put(e.getKey(), e.getValue());
        }
        return Collections.unmodifiableMap(checked);
    }

    /** Hosts are compared lower-cased, as ingest stores them. */
    private Map<String, Map<String, String>> registryTags() throws RulesFileException {
        if (registries == null) {
            return Map.of();
        }
        Map<String, Map<String, String>> byHost = new LinkedHashMap<>();
        for (Map.Entry<String, RegistryFields> e : registries.entrySet()) {
            String host = e.getKey() == null ? "" : AsciiCase.lower(e.getKey().trim());
            if (host.isEmpty()) {
                throw new RulesFileException(null, "registries: a registry host is empty");
            }
            Map<String, String> tags = e.getValue() == null || e.getValue().tags() == null ? Map.of()
                    : e.getValue().tags();
            if (byHost.put(host, caseInsensitive(tags)) != null) {
                throw new RulesFileException(null, "registries: " + host + " is given twice");
            }
        }
        return Map.copyOf(byHost);
    }

    /** Azure tag names are case-insensitive; their values are compared by the rules' globs. */
    static Map<String, String> caseInsensitive(Map<String, String> tags) {
        Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        tags.forEach((k, v) -> {
            if (k != null && v != null) {
                map.put(k, v);
            }
        });
        return Collections.unmodifiableMap(map);
    }

    private static List<String> list(List<String> people) {
        return people == null ? List.of() : people.stream().filter(p -> !blank(p)).toList();
    }

    private static String blankToNull(String s) {
        return blank(s) ? null : s;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
