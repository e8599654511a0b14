package dev.fixline.ingest.defender;

import dev.fixline.limits.AsciiCase;
import static dev.fixline.ingest.defender.SubAssessmentMapper.abbreviate;

import dev.fixline.finding.Cloud;
import dev.fixline.finding.Observation;
import dev.fixline.finding.Severity;
import dev.fixline.ingest.SweepRejectedException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps a sub-assessment of an AWS (ECR) or GCP (Artifact Registry, Container Registry) image, which
 * Defender scans through a security connector, to an {@link Observation} like an Azure registry's.
 * The row id names the connector's Azure subscription and resource group; the registry, repository and
 * digest come from {@code artifactDetails}; the cloud and the account from {@code resourceDetails}.
 */
final class ConnectorRowMapper {

    /**
     * {@code /subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Security/securityConnectors/{connector}/
     * securityEntityData/{entity}/providers/Microsoft.Security/assessments/{key}/subassessments/{id}}. The entity
     * ({@code aws-ecr-repository-{repository}-{region}}) is named after a repository, which may hold slashes.
     * Microsoft's own examples have a space after some slashes; it is tolerated there.
     */
    static final Pattern ROW_ID = Pattern.compile("(?i)^(/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/"
            + "\\s*Microsoft\\.Security/\\s*securityConnectors/([^/]+)/\\s*securityEntityData/(.+?))"
            + "/providers/Microsoft\\.Security/assessments/([^/]+)/subassessments/([^/]+)$");
    static final String ID_FORM = "/subscriptions/…/providers/Microsoft.Security/securityConnectors/{connector}/"
            + "securityEntityData/{entity}/providers/Microsoft.Security/assessments/{key}/subassessments/{id}";

    private static final String AWS_TYPE = "AwsContainerRegistryVulnerability";
    private static final String GCP_TYPE = "GcpContainerRegistryVulnerability";
    /** {@code resourceDetails.id} of an AWS or GCP image: {@code <host>/<repository>@<digest>}. */
    private static final Pattern IMAGE_REFERENCE = Pattern.compile("^([^/@]+)/([^@]+)@([^@]+)$");
    private static final String DATA = "properties.additionalData.";
    private static final String ARTIFACT = DATA + "artifactDetails.";
    private static final String SOFTWARE = DATA + "softwareDetails.";
    private static final String RESOURCE = "properties.resourceDetails.";

    private final Duration shift;

    ConnectorRowMapper(Duration shift) {
        this.shift = shift;
    }

    /** The id's parts when it is a row under a security connector, else null. */
    static Matcher match(String id) {
        if (id == null) {
            return null;
        }
        Matcher m = ROW_ID.matcher(id);
        return m.matches() ? m : null;
    }

    /** @param idMatch {@link #ROW_ID} matched on the row's id */
    Observation map(int row, SubAssessmentMapper.Fields f, String id, Matcher idMatch) {
        String statusCode = f.required("properties.status.code");
        Severity severity = severity(row, f);
        Cloud cloud = cloud(row, f);

        Matcher image = IMAGE_REFERENCE.matcher(nullToEmpty(f.text(RESOURCE + "id")));
        boolean hasImage = image.matches();
        String registryHost = firstNonNull(f.text(ARTIFACT + "registryHost"), hasImage ? image.group(1) : null);
        require(row, ARTIFACT + "registryHost", registryHost);
        registryHost = AsciiCase.lower(registryHost);
        String repository = firstNonNull(f.text(ARTIFACT + "repositoryName"), hasImage ? image.group(2) : null,
                f.text(RESOURCE + "resourceName"));
        require(row, ARTIFACT + "repositoryName", repository);
        String digest = firstNonNull(f.text(ARTIFACT + "digest"), hasImage ? image.group(3) : null);
        require(row, ARTIFACT + "digest", digest);
        String vulnerabilityId = f.firstText(DATA + "vulnerabilityDetails.cveId", "properties.id",
                "properties.displayName");
        require(row, DATA + "vulnerabilityDetails.cveId", vulnerabilityId);
        String packageName = f.text(SOFTWARE + "packageName");
        require(row, SOFTWARE + "packageName", packageName);

        BigDecimal cvss = f.decimal(DATA + "cvssV30Score");
        if (cvss == null) {
            cvss = f.decimal(DATA + "vulnerabilityDetails.cvss.3\\.0.base");
        }
        Instant pushed = f.instant(ARTIFACT + "lastPushedToRegistryUTC");
        if (pushed == null) {
            pushed = f.instant(ARTIFACT + "lastPublishedToRegistryUTC");
        }
        CloudAccount where = CloudAccount.connector(cloud, f.text(RESOURCE + "hierarchyId"),
                f.text(RESOURCE + "nativeCloudUniqueIdentifier"), registryHost, repository);
        return new Observation(row, id, idMatch.group(6), statusCode, f.text("properties.status.cause"),
                idMatch.group(2), idMatch.group(3), idMatch.group(1), registryHost, repository, digest,
                shifted(pushed), f.joinedTexts(ARTIFACT + "tags"), vulnerabilityId, packageName, Ecosystems.infer(f),
                f.text(SOFTWARE + "version"), f.text(SOFTWARE + "fixedVersion"), f.text(SOFTWARE + "fixStatus"),
                severity, cvss, shifted(f.instant("properties.timeGenerated")), where.cloud().id(), where.account());
    }

    /**
     * AWS or GCP, from the row's resource type, else the resource's source, provider or registry host.
     * Only registry images are findings here; a connector row of another kind is refused.
     */
    private static Cloud cloud(int row, SubAssessmentMapper.Fields f) {
        String type = f.text(DATA + "assessedResourceType");
        if (type != null) {
            if (AsciiCase.equalsIgnoreCase(type, AWS_TYPE)) {
                return Cloud.AWS;
            }
            if (AsciiCase.equalsIgnoreCase(type, GCP_TYPE)) {
                return Cloud.GCP;
            }
            throw new SweepRejectedException(row, DATA + "assessedResourceType", "'" + abbreviate(type)
                    + "' is not a container-registry finding of an AWS or GCP connector (expected " + AWS_TYPE
                    + " or " + GCP_TYPE + ")");
        }
        String source = f.text(RESOURCE + "source");
        String provider = AsciiCase.lower(nullToEmpty(f.text(RESOURCE + "resourceProvider")));
        if (AsciiCase.equalsIgnoreCase("aws", source) || provider.equals("ecr")) {
            return Cloud.AWS;
        }
        if (AsciiCase.equalsIgnoreCase("gcp", source) || provider.equals("gar") || provider.equals("gcr")) {
            return Cloud.GCP;
        }
        Cloud byHost = CloudAccount.cloudOfHost(f.text(ARTIFACT + "registryHost"));
        if (byHost == null) {
            throw new SweepRejectedException(row, DATA + "assessedResourceType", "missing, and neither "
                    + "resourceDetails.source nor the registry host says whether the image is in AWS or GCP");
        }
        return byHost;
    }

    private static Severity severity(int row, SubAssessmentMapper.Fields f) {
        String text = f.firstText("properties.status.severity", DATA + "vulnerabilityDetails.severity");
        if (text == null) {
            throw new SweepRejectedException(row, "properties.status.severity", "missing");
        }
        return Severity.parse(text).orElseThrow(() -> new SweepRejectedException(row, "properties.status.severity",
                "unknown severity '" + abbreviate(text) + "' (expected Low, Medium, High or Critical)"));
    }

    private Instant shifted(Instant instant) {
        return instant == null ? null : instant.plus(shift);
    }

    private static void require(int row, String field, String value) {
        if (value == null || value.isBlank()) {
            throw new SweepRejectedException(row, field, "missing; it is part of the finding key");
        }
    }

    private static String firstNonNull(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
