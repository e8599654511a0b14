package dev.fixline.web;

import dev.fixline.finding.Finding;
import dev.fixline.finding.FindingLocation;
import dev.fixline.finding.FindingQuery;
import dev.fixline.finding.FindingStore;
import dev.fixline.finding.RegistryTags;
import dev.fixline.limits.AsciiCase;
import dev.fixline.ownership.Assignment;
import dev.fixline.ownership.OwnershipQuery;
import dev.fixline.ownership.OwnershipRules;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * Who sees which findings, as for cases: auditors and administrators every finding; everyone else the
 * findings of the locations the ownership rules in force give to one of their teams, or to them as owner
 * or manager. A finding out of sight is answered as if it did not exist (404).
 *
 * <p>Ownership is resolved per location (registry, repository, and the registry's subscription, resource
 * group, cloud and account: all a rule can match on), never per finding: a tenant with 100,000 findings
 * has a few thousand locations. The list is then filtered by the visible locations in the database, so
 * that its total counts exactly what the person sees. Findings are not scoped by their cases: a finding
 * below the severity threshold has none, and its repository's team should still see it.
 */
@Component
class FindingRights {

    private final FindingStore findings;
    private final OwnershipRules ownership;
    private final RegistryTags registryTags;

    FindingRights(FindingStore findings, OwnershipRules ownership, RegistryTags registryTags) {
        this.findings = findings;
        this.ownership = ownership;
        this.registryTags = registryTags;
    }

    /** The query, limited to what the person may see. */
    FindingQuery scoped(Authentication who, FindingQuery query) {
        if (Roles.seesEverything(who)) {
            return query;
        }
        List<String> teams = Teams.of(who);
        Map<String, Map<String, String>> tags = registryTags.all();
        Set<FindingLocation> visible = findings.locations().stream()
                .filter(l -> concerns(who.getName(), teams, ownerOf(l, tags))).collect(Collectors.toSet());
        return query.within(visible);
    }

    /**
     * The query, limited to what the person may see and to the locations the ownership rules give to
     * {@code owner} and {@code team} (either may be null: any).
     */
    FindingQuery scoped(Authentication who, FindingQuery query, String owner, String team) {
        FindingQuery seen = scoped(who, query);
        if (owner == null && team == null) {
            return seen;
        }
        Map<String, Map<String, String>> tags = registryTags.all();
        Set<FindingLocation> theirs = (seen.within() == null ? findings.locations() : seen.within()).stream()
                .filter(l -> {
                    Assignment a = ownerOf(l, tags);
                    return (owner == null || owner.equals(a.owner())) && (team == null || team.equals(a.team()));
                }).collect(Collectors.toSet());
        return seen.within(theirs);
    }

    /** The finding, if the person may see it; a finding out of sight is 404, as one that does not exist. */
    Finding readable(Authentication who, Finding f) {
        if (Roles.seesEverything(who)) {
            return f;
        }
        String host = f.key().registryHost();
        Assignment owner = ownerOf(FindingLocation.of(f), Map.of(AsciiCase.lower(host), registryTags.of(host)));
        if (!concerns(who.getName(), Teams.of(who), owner)) {
            throw new NotFoundException("Finding", f.id());
        }
        return f;
    }

    /**
     * As a case of the location would be assigned: with the registry's tags as a source last saw them.
     *
     * @param tagsByHost registry tags by lower-case host; a host without tags is not in it
     */
    private Assignment ownerOf(FindingLocation l, Map<String, Map<String, String>> tagsByHost) {
        Map<String, String> tags = tagsByHost.getOrDefault(AsciiCase.lower(l.registryHost()), Map.of());
        return ownership.resolve(new OwnershipQuery(l.subscriptionId(), l.resourceGroup(), l.registryHost(),
                l.repository(), tags, l.cloud(), l.account()));
    }

    private static boolean concerns(String me, List<String> teams, Assignment a) {
        return CaseRights.concerns(me, teams, a.owner(), a.team(), a.manager());
    }
}
