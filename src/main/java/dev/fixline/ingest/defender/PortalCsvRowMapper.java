package dev.fixline.ingest.defender;

import dev.fixline.limits.AsciiCase;
import static dev.fixline.ingest.defender.SubAssessmentMapper.abbreviate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fixline.finding.Cloud;
import dev.fixline.finding.Observation;
import dev.fixline.finding.Severity;
import dev.fixline.ingest.SweepRejectedException;
import dev.fixline.ingest.defender.ProjectionRow.Cell;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps one row of a query's projected columns (a portal CSV record, or a flat JSON object of the same
 * columns) to an {@link Observation}, with the same meaning as {@link SubAssessmentMapper} gives the
 * sub-assessment row.
 */
public final class PortalCsvRowMapper {

    /** The registry part of a sub-assessment id, or a registry's own resource id. */
    private static final Pattern REGISTRY_ID = Pattern.compile(
            "(?i)^/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\\.ContainerRegistry/registries/"
                    + "([^/]+)(?=/|$)");
    private static final Pattern ASSESSMENT_KEY = Pattern.compile(
            "(?i)/providers/Microsoft\\.Security/assessments/([^/]+)/subassessments/[^/]+$");
    private static final Pattern CVE = Pattern.compile("(?i)^CVE-\\d{4}-\\d+$");
    /** Only for list cells such as tags, which the portal writes as JSON arrays. */
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Duration shift;

    public PortalCsvRowMapper(Duration shift) {
        this.shift = shift;
    }

    public Observation map(ProjectionRow r) {
        int row = r.number();
        String rawId = r.text(PortalColumn.ID);
        Matcher fromId = registryOf(rawId);
        String registryResourceId = r.text(PortalColumn.REGISTRY_RESOURCE_ID);
        Matcher registry = fromId != null ? fromId : registryOf(registryResourceId);
        if (registryResourceId == null && fromId != null) {
            registryResourceId = fromId.group();
        }
        // The id is what the JSON mapper reads them from; ARG lower-cases its resourceGroup column.
        String subscription = registry != null ? registry.group(1) : r.text(PortalColumn.SUBSCRIPTION);
        String resourceGroup = registry != null ? registry.group(2) : r.text(PortalColumn.RESOURCE_GROUP);
        Matcher connector = ConnectorRowMapper.match(rawId);
        if (connector != null) {
            subscription = connector.group(2);
            resourceGroup = connector.group(3);
            registryResourceId = registryResourceId != null ? registryResourceId : connector.group(1);
        }

        String registryHost = registryHost(r, registry);
        String repository = required(r, PortalColumn.REPOSITORY);
        String digest = required(r, PortalColumn.DIGEST);
        String vulnerabilityId = vulnerabilityId(r);
        String packageName = required(r, PortalColumn.PACKAGE);
        Severity severity = severity(r);
        CloudAccount where = registry != null ? new CloudAccount(Cloud.AZURE, subscription)
                : cloudAccount(r, connector != null, registryHost, repository, subscription);

        String status = r.text(PortalColumn.STATUS);
        String language = r.text(PortalColumn.LANGUAGE);
        String category = r.text(PortalColumn.CATEGORY);
        if (category == null && language != null) {
            category = "Language"; // Defender names a language only for language packages
        }
        String ecosystem = Ecosystems.infer(category, language, String.join(" ", nullToEmpty(r.text(
                PortalColumn.OS_VERSION)), nullToEmpty(r.text(PortalColumn.OS_NAME)), nullToEmpty(r.text(
                PortalColumn.VENDOR))), list(r.text(PortalColumn.EVIDENCE)));

        return new Observation(row, rawId, assessmentKey(rawId), status != null ? status : Observation.UNHEALTHY,
                r.text(PortalColumn.STATUS_CAUSE), subscription, resourceGroup, registryResourceId, registryHost,
                repository, digest, instant(row, r.cell(PortalColumn.PUSHED)), list(r.text(PortalColumn.TAGS)),
                vulnerabilityId, packageName, ecosystem, r.text(PortalColumn.INSTALLED_VERSION),
                r.text(PortalColumn.FIXED_VERSION), r.text(PortalColumn.FIX_STATUS), severity,
                decimal(row, r.cell(PortalColumn.CVSS)), instant(row, r.cell(PortalColumn.SCANNED)),
                where.cloud().id(), where.account());
    }

    /**
     * For a row that names no Azure registry, the cloud and account from the registry host's form, as the
     * CSV has no resource details: an ECR host names its AWS account, a GAR or GCR repository starts with
     * its GCP project, any other host is Azure's. A row under a security connector must have such a host.
     */
    private static CloudAccount cloudAccount(ProjectionRow r, boolean underConnector, String registryHost,
                                             String repository, String subscription) {
        CloudAccount where = CloudAccount.ofRegistry(registryHost, repository, subscription);
        if (underConnector && where.cloud() == Cloud.AZURE) {
            throw new SweepRejectedException(r.number(), r.nameOf(PortalColumn.REGISTRY_HOST), "'"
                    + abbreviate(registryHost) + "' is not an ECR, Artifact Registry or Container Registry host, "
                    + "but the row's id is under a security connector (AWS or GCP)");
        }
        return where;
    }

    private static Matcher registryOf(String id) {
        if (id == null) {
            return null;
        }
        Matcher m = REGISTRY_ID.matcher(id);
        return m.lookingAt() ? m : null;
    }

    private static String assessmentKey(String rawId) {
        if (rawId == null) {
            return null;
        }
        Matcher m = ASSESSMENT_KEY.matcher(rawId);
        return m.find() ? m.group(1) : null;
    }

    /** The host as Defender reports it; a bare registry name (no dot) is an ACR name like the one in the id. */
    private static String registryHost(ProjectionRow r, Matcher registry) {
        String host = r.text(PortalColumn.REGISTRY_HOST);
        if (host == null && registry != null) {
            host = registry.group(3);
        }
        if (host == null) {
            throw new SweepRejectedException(r.number(), r.nameOf(PortalColumn.REGISTRY_HOST),
                    "missing, and there is no id or registryResourceId of a container registry to derive it from");
        }
        host = AsciiCase.lower(host);
        return host.contains(".") ? host : host + ".azurecr.io";
    }

    /** A CVE wherever it is, because queries differ in which column holds it; else the first value given. */
    private static String vulnerabilityId(ProjectionRow r) {
        List<Cell> cells = r.cells(PortalColumn.VULNERABILITY);
        if (cells.isEmpty()) {
            throw keyPartMissing(r, PortalColumn.VULNERABILITY);
        }
        return cells.stream().map(Cell::value).filter(v -> CVE.matcher(v).matches()).findFirst()
                .orElse(cells.get(0).value());
    }

    private static Severity severity(ProjectionRow r) {
        Cell cell = r.cell(PortalColumn.SEVERITY);
        if (cell == null) {
            throw new SweepRejectedException(r.number(), r.nameOf(PortalColumn.SEVERITY), "missing");
        }
        return Severity.parse(cell.value()).orElseThrow(() -> new SweepRejectedException(r.number(), cell.column(),
                "unknown severity '" + abbreviate(cell.value()) + "' (expected Low, Medium, High or Critical)"));
    }

    private static String required(ProjectionRow r, PortalColumn column) {
        String value = r.text(column);
        if (value == null) {
            throw keyPartMissing(r, column);
        }
        return value;
    }

    private static SweepRejectedException keyPartMissing(ProjectionRow r, PortalColumn column) {
        return new SweepRejectedException(r.number(), r.nameOf(column), "missing; it is part of the finding key");
    }

    private Instant instant(int row, Cell cell) {
        if (cell == null) {
            return null;
        }
        Instant parsed;
        try {
            parsed = OffsetDateTime.parse(cell.value()).toInstant();
        } catch (DateTimeParseException e) {
            try {
                parsed = LocalDateTime.parse(cell.value()).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException again) {
                throw new SweepRejectedException(row, cell.column(), "not an ISO-8601 date-time: "
                        + abbreviate(cell.value()));
            }
        }
        return parsed.plus(shift);
    }

    private static BigDecimal decimal(int row, Cell cell) {
        if (cell == null) {
            return null;
        }
        try {
            return new BigDecimal(cell.value());
        } catch (NumberFormatException e) {
            throw new SweepRejectedException(row, cell.column(), "not a number: " + abbreviate(cell.value()));
        }
    }

    /**
     * A list cell joined with commas, as the JSON mapper stores it. The portal writes arrays as JSON
     * ({@code ["2.4.0","latest"]}); anything else is kept as written.
     */
    private static String list(String text) {
        if (text == null || !text.startsWith("[")) {
            return text == null ? null : limit(text);
        }
        try {
            JsonNode array = JSON.readTree(text);
            if (!array.isArray()) {
                return limit(text);
            }
            List<String> values = new ArrayList<>();
            array.forEach(v -> values.add(v.asText()));
            return values.isEmpty() ? null : limit(String.join(",", values));
        } catch (JsonProcessingException e) {
            return limit(text);
        }
    }

    private static String limit(String s) {
        return s.length() <= 1000 ? s : s.substring(0, 1000);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
