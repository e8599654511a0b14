package dev.fixline.ownership;

import dev.fixline.limits.AsciiCase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A rule with its globs compiled once, which tests a query and says why it matches or not. */
final class RuleMatcher {

    /** The outcome of testing one rule: the conditions met, or the first one that failed. */
    record Outcome(boolean matched, List<String> reasons) {
    }

    private final OwnershipRule rule;
    private final Glob account;
    private final Glob subscription;
    private final Glob resourceGroup;
    private final Glob registry;
    private final Glob repository;
    private final Map<String, Glob> tags;

    RuleMatcher(OwnershipRule rule) {
        this.rule = rule;
        this.account = Glob.of(rule.account());
        this.subscription = Glob.of(rule.subscription());
        this.resourceGroup = Glob.of(rule.resourceGroup());
        this.registry = Glob.of(rule.registry());
        this.repository = Glob.of(rule.repository());
        Map<String, Glob> globs = new LinkedHashMap<>();
        rule.tags().forEach((tag, glob) -> globs.put(tag, Glob.of(glob)));
        this.tags = globs;
    }

    OwnershipRule rule() {
        return rule;
    }

    /**
     * @param registryTags the registry's tags, with case-insensitive names; empty when unknown
     */
    Outcome test(OwnershipQuery query, Map<String, String> registryTags) {
        List<String> met = new ArrayList<>();
        String failed = cloud(query.cloud(), met);
        if (failed == null) {
            failed = attribute("account", account, query.account(), true, met);
        }
        if (failed == null) {
            failed = attribute("subscription", subscription, query.subscriptionId(), true, met);
        }
        if (failed == null) {
            failed = attribute("resource group", resourceGroup, query.resourceGroup(), true, met);
        }
        if (failed == null) {
            // Registry and repository are always known; a missing one is matched as empty text.
            failed = attribute("registry", registry, query.registryHost(), false, met);
        }
        if (failed == null) {
            failed = attribute("repository", repository, query.repository(), false, met);
        }
        if (failed == null) {
            failed = tags(registryTags, met);
        }
        return failed == null ? new Outcome(true, met) : new Outcome(false, List.of(failed));
    }

    private String cloud(String value, List<String> met) {
        if (rule.cloud() == null) {
            return null;
        }
        if (value == null || value.isBlank()) {
            return "cloud unknown";
        }
        if (!AsciiCase.equalsIgnoreCase(rule.cloud(), value.trim())) {
            return "cloud '" + value + "' is not '" + rule.cloud() + "'";
        }
        met.add("cloud '" + value + "'");
        return null;
    }

    private static String attribute(String what, Glob glob, String value, boolean mayBeUnknown, List<String> met) {
        if (glob == null) {
            return null;
        }
        if (mayBeUnknown && (value == null || value.isBlank())) {
            return what + " unknown";
        }
        if (!glob.matches(value)) {
            return what + " '" + value + "' does not match '" + glob.text() + "'";
        }
        met.add(what + " '" + value + "' matches '" + glob.text() + "'");
        return null;
    }

    private String tags(Map<String, String> registryTags, List<String> met) {
        for (Map.Entry<String, Glob> condition : tags.entrySet()) {
            String tag = condition.getKey();
            String value = registryTags.get(tag);
            if (value == null) {
                return registryTags.isEmpty() ? "registry tags unknown" : "tag " + tag + " not set";
            }
            if (!condition.getValue().matches(value)) {
                return "tag " + tag + " '" + value + "' does not match '" + condition.getValue().text() + "'";
            }
            met.add("tag " + tag + " '" + value + "' matches '" + condition.getValue().text() + "'");
        }
        return null;
    }
}
