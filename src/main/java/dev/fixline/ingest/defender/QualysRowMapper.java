package dev.fixline.ingest.defender;

import dev.fixline.limits.AsciiCase;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fixline.finding.Observation;
import dev.fixline.finding.Severity;
import dev.fixline.ingest.SweepRejectedException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps a sub-assessment of the retired Qualys scanner ({@code additionalData} with {@code repositoryName},
 * {@code imageDigest}, {@code cve[]}, {@code patchable}; discriminator {@code ContainerRegistryVulnerability})
 * to one observation per CVE it lists, so that KEV and CVE searches match it like an MDVM finding.
 *
 * <p>A Qualys finding is keyed by its QID (a vendor advisory, such as "Debian Security Update for
 * openssl") and names no package. Its observations therefore have vulnerability id = the CVE, and
 * package = {@code (Qualys QID n)}: the QID stays visible, two QIDs sharing a CVE stay two findings, and
 * the finding key (registry, repository, vulnerability id, package) is stable from one scan to the next.
 * A QID without a CVE becomes one observation with vulnerability id {@code QID-n}.
 */
final class QualysRowMapper {

    /** The retired Qualys registry recommendation. */
    static final String QUALYS_ASSESSMENT = "dbd0cb49-b563-45e7-9724-889e799fa648";
    static final String QUALYS_TYPE = "ContainerRegistryVulnerability";

    private static final String DATA = "properties.additionalData.";
    private static final Pattern ROW_ID = Pattern.compile(
            "(?i)^(/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\\.ContainerRegistry/registries/"
                    + "([^/]+))/providers/Microsoft\\.Security/assessments/([^/]+)/subassessments/([^/]+)$");
    private static final Pattern CVE = Pattern.compile("(?i)^CVE-\\d{4}-\\d{4,}$");

    private final Duration shift;

    QualysRowMapper(Duration shift) {
        this.shift = shift;
    }

    /**
     * A Qualys row by its shape: the Qualys discriminator or assessment key, or the image named in
     * {@code additionalData} itself with no MDVM {@code artifactDetails}.
     */
    static boolean isQualys(JsonNode row) {
        if (AsciiCase.lower(row.path("id").asText()).contains("/securityconnectors/")) {
            return false; // Qualys scanned Azure registries only; AWS and GCP rows are MDVM's
        }
        JsonNode data = row.path("properties").path("additionalData");
        if (AsciiCase.equalsIgnoreCase(QUALYS_TYPE, data.path("assessedResourceType").asText())
                || AsciiCase.lower(row.path("id").asText()).contains("/assessments/" + QUALYS_ASSESSMENT)) {
            return true;
        }
        return data.isObject() && !data.has("artifactDetails")
                && (data.has("imageDigest") || data.has("repositoryName") || data.path("cve").isArray());
    }

    /** @throws SweepRejectedException naming the row and field when the row cannot be read */
    List<Observation> map(int row, JsonNode node) {
        SubAssessmentMapper.Fields f = new SubAssessmentMapper.Fields(row, node);
        String id = f.required("id");
        Matcher idMatch = ROW_ID.matcher(id);
        if (!idMatch.matches()) {
            throw new SweepRejectedException(row, "id", "not the id of a container-registry sub-assessment "
                    + "(/subscriptions/…/registries/{registry}/providers/Microsoft.Security/assessments/{key}/"
                    + "subassessments/{id}): " + SubAssessmentMapper.abbreviate(id));
        }
        String statusCode = f.required("properties.status.code");
        String severityText = f.required("properties.status.severity");
        Severity severity = Severity.parse(severityText).orElseThrow(() -> new SweepRejectedException(row,
                "properties.status.severity", "unknown severity '" + SubAssessmentMapper.abbreviate(severityText)
                + "' (expected Low, Medium, High or Critical)"));
        String qid = f.required("properties.id");
        String repository = f.text(DATA + "repositoryName");
        requireKeyPart(row, DATA + "repositoryName", repository);
        String digest = f.text(DATA + "imageDigest");
        requireKeyPart(row, DATA + "imageDigest", digest);
        String registryHost = f.text(DATA + "registryHost");
        if (registryHost == null) {
            registryHost = idMatch.group(4) + ".azurecr.io";
        }
        String packageName = "(Qualys QID " + qid + ")";
        String fixStatus = fixStatus(row, f.node(DATA + "patchable"));
        Instant scanned = f.instant("properties.timeGenerated");
        List<Observation> observations = new ArrayList<>();
        for (String vulnerabilityId : vulnerabilityIds(row, f.node(DATA + "cve"), qid)) {
            observations.add(new Observation(row, id, idMatch.group(5), statusCode, f.text("properties.status.cause"),
                    idMatch.group(2), idMatch.group(3), idMatch.group(1), AsciiCase.lower(registryHost),
                    repository, digest, null, null, vulnerabilityId, packageName, null, null, null, fixStatus,
                    severity, f.decimal(DATA + "cvss.3\\.0.base"), scanned == null ? null : scanned.plus(shift)));
        }
        return observations;
    }

    /** The CVE ids in {@code cve[].title}, upper-cased and each once; {@code QID-n} when there is none. */
    private static Set<String> vulnerabilityIds(int row, JsonNode cves, String qid) {
        Set<String> ids = new LinkedHashSet<>();
        if (cves != null) {
            if (!cves.isArray()) {
                throw new SweepRejectedException(row, DATA + "cve", "expected an array of {title, link}, found "
                        + cves.getNodeType().name().toLowerCase(Locale.ROOT));
            }
            for (JsonNode cve : cves) {
                String title = cve.path("title").asText().trim();
                if (CVE.matcher(title).matches()) {
                    ids.add(AsciiCase.upper(title));
                }
            }
        }
        if (ids.isEmpty()) {
            ids.add("QID-" + qid);
        }
        return ids;
    }

    /** {@code patchable} is whether a patch exists: Defender's fix status in MDVM's words. */
    private static String fixStatus(int row, JsonNode patchable) {
        if (patchable == null) {
            return null;
        }
        if (!patchable.isBoolean()) {
            throw new SweepRejectedException(row, DATA + "patchable", "expected true or false, found "
                    + patchable.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        return patchable.booleanValue() ? "FixAvailable" : "NoFixAvailable";
    }

    private static void requireKeyPart(int row, String field, String value) {
        if (value == null) {
            throw new SweepRejectedException(row, field, "missing; it is part of the finding key");
        }
    }
}
