package dev.fixline.ingest.defender;

import dev.fixline.limits.AsciiCase;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fixline.finding.Observation;
import dev.fixline.finding.Severity;
import dev.fixline.ingest.SweepRejectedException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps one row of {@code securityresources} (type {@code microsoft.security/assessments/subassessments})
 * to an {@link Observation}. Field names follow Defender for Cloud's container-registry
 * vulnerability sub-assessments (MDVM); the registry comes from the row id. Rows of AWS and GCP
 * registries, under a security connector, are read by {@link ConnectorRowMapper}.
 */
public final class SubAssessmentMapper {

    private static final Pattern ROW_ID = Pattern.compile(
            "(?i)^(/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\\.ContainerRegistry/registries/"
                    + "([^/]+))/providers/Microsoft\\.Security/assessments/([^/]+)/subassessments/([^/]+)$");
    private static final Pattern RESOURCE_DETAILS_ID = Pattern.compile("^/repositories/(.+)/images/(.+)$");

    private final Duration shift;
    private final ConnectorRowMapper connectorRows;

    public SubAssessmentMapper(Duration shift) {
        this.shift = shift;
        this.connectorRows = new ConnectorRowMapper(shift);
    }

    /** @throws SweepRejectedException naming the row and field when the row cannot be read */
    public Observation map(int row, JsonNode node) {
        Fields f = new Fields(row, node);
        String id = f.required("id");
        Matcher connector = ConnectorRowMapper.match(id);
        if (connector != null) {
            return connectorRows.map(row, f, id, connector);
        }
        Matcher idMatch = ROW_ID.matcher(id);
        if (!idMatch.matches()) {
            throw new SweepRejectedException(row, "id", "not the id of a container-registry sub-assessment "
                    + "(/subscriptions/…/registries/{registry}/providers/Microsoft.Security/assessments/{key}/"
                    + "subassessments/{id}, or for AWS and GCP " + ConnectorRowMapper.ID_FORM + "): "
                    + abbreviate(id));
        }
        String statusCode = f.required("properties.status.code");
        String severityText = f.firstText("properties.status.severity",
                "properties.additionalData.vulnerabilityDetails.severity");
        if (severityText == null) {
            throw new SweepRejectedException(row, "properties.status.severity", "missing");
        }
        Severity severity = Severity.parse(severityText).orElseThrow(() -> new SweepRejectedException(row,
                "properties.status.severity", "unknown severity '" + abbreviate(severityText)
                + "' (expected Low, Medium, High or Critical)"));

        String artifact = "properties.additionalData.artifactDetails.";
        String software = "properties.additionalData.softwareDetails.";
        Matcher resource = RESOURCE_DETAILS_ID.matcher(nullToEmpty(f.text("properties.resourceDetails.id")));
        boolean hasResource = resource.matches();
        String registryName = idMatch.group(4);
        String registryHost = f.text(artifact + "registryHost");
        if (registryHost == null) {
            registryHost = AsciiCase.lower(registryName) + ".azurecr.io";
        }
        String repository = f.text(artifact + "repositoryName");
        if (repository == null && hasResource) {
            repository = resource.group(1);
        }
        require(row, artifact + "repositoryName", repository);
        String digest = f.text(artifact + "digest");
        if (digest == null && hasResource) {
            digest = resource.group(2);
        }
        require(row, artifact + "digest", digest);
        String vulnerabilityId = f.firstText("properties.additionalData.vulnerabilityDetails.cveId",
                "properties.id", "properties.displayName");
        require(row, "properties.additionalData.vulnerabilityDetails.cveId", vulnerabilityId);
        String packageName = f.text(software + "packageName");
        require(row, software + "packageName", packageName);

        BigDecimal cvss = f.decimal("properties.additionalData.cvssV30Score");
        if (cvss == null) {
            cvss = f.decimal("properties.additionalData.vulnerabilityDetails.cvss.3\\.0.base");
        }
        Instant pushed = f.instant(artifact + "lastPushedToRegistryUTC");
        if (pushed == null) {
            pushed = f.instant(artifact + "lastPublishedToRegistryUTC");
        }
        return new Observation(row, id, idMatch.group(5), statusCode, f.text("properties.status.cause"),
                idMatch.group(2), idMatch.group(3), idMatch.group(1), AsciiCase.lower(registryHost),
                repository, digest, shifted(pushed), f.joinedTexts(artifact + "tags"), vulnerabilityId, packageName,
                Ecosystems.infer(f), f.text(software + "version"), f.text(software + "fixedVersion"),
                f.text(software + "fixStatus"), severity, cvss, shifted(f.instant("properties.timeGenerated")));
    }

    private Instant shifted(Instant instant) {
        return instant == null ? null : instant.plus(shift);
    }

    private static void require(int row, String field, String value) {
        if (value == null || value.isBlank()) {
            throw new SweepRejectedException(row, field, "missing; it is part of the finding key");
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    public static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }

    /** Typed access to dotted paths of one row; a present value of the wrong type rejects the row. */
    static final class Fields {
        /** A dot not escaped with a backslash: {@code cvss.3\\.0.base} is cvss → 3.0 → base. */
        private static final Pattern PATH_SEPARATOR = Pattern.compile("(?<!\\\\)\\.");

        private final int row;
        private final JsonNode root;

        Fields(int row, JsonNode root) {
            this.row = row;
            this.root = root;
        }

        /**
         * Each path's names, split once: the paths are the mappers' constants, read for every field of every row.
         * Bounded all the same, so that no caller can make it grow without end.
         */
        private static final Map<String, String[]> PATHS = new ConcurrentHashMap<>();
        private static final int MAX_PATHS = 1_000;

        private static String[] names(String path) {
            String[] names = PATHS.get(path);
            if (names == null) {
                names = Arrays.stream(PATH_SEPARATOR.split(path)).map(part -> part.replace("\\.", "."))
                        .toArray(String[]::new);
                if (PATHS.size() < MAX_PATHS) {
                    PATHS.put(path, names);
                }
            }
            return names;
        }

        JsonNode node(String path) {
            JsonNode current = root;
            for (String part : names(path)) {
                if (current == null || current.isNull() || current.isMissingNode()) {
                    return null;
                }
                if (!current.isObject()) {
                    throw new SweepRejectedException(row, path, "expected an object on the way to this field, found "
                            + current.getNodeType().name().toLowerCase(Locale.ROOT));
                }
                current = fieldIgnoringCase(current, part);
            }
            return current == null || current.isNull() || current.isMissingNode() ? null : current;
        }

        private static JsonNode fieldIgnoringCase(JsonNode object, String name) {
            JsonNode exact = object.get(name);
            if (exact != null) {
                return exact;
            }
            var names = object.fieldNames();
            while (names.hasNext()) {
                String candidate = names.next();
                if (AsciiCase.equalsIgnoreCase(candidate, name)) {
                    return object.get(candidate);
                }
            }
            return null;
        }

        String text(String path) {
            JsonNode n = node(path);
            if (n == null) {
                return null;
            }
            if (!n.isTextual()) {
                throw new SweepRejectedException(row, path, "expected a string, found "
                        + n.getNodeType().name().toLowerCase(Locale.ROOT));
            }
            String value = n.asText().trim();
            return value.isEmpty() ? null : value;
        }

        String required(String path) {
            String value = text(path);
            if (value == null) {
                throw new SweepRejectedException(row, path, "missing");
            }
            return value;
        }

        String firstText(String... paths) {
            for (String path : paths) {
                String value = text(path);
                if (value != null) {
                    return value;
                }
            }
            return null;
        }

        BigDecimal decimal(String path) {
            JsonNode n = node(path);
            if (n == null) {
                return null;
            }
            if (!n.isNumber()) {
                throw new SweepRejectedException(row, path, "expected a number, found "
                        + n.getNodeType().name().toLowerCase(Locale.ROOT));
            }
            if (n.isFloatingPointNumber() && !n.isBigDecimal() && !Double.isFinite(n.doubleValue())) {
                // 1e309 is read as a double and overflows to infinity
                throw new SweepRejectedException(row, path, "not a finite number: " + abbreviate(n.asText()));
            }
            return n.decimalValue();
        }

        Instant instant(String path) {
            String value = text(path);
            if (value == null) {
                return null;
            }
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException e) {
                try {
                    return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException again) {
                    throw new SweepRejectedException(row, path, "not an ISO-8601 date-time: " + abbreviate(value));
                }
            }
        }

        String joinedTexts(String path) {
            JsonNode n = node(path);
            if (n == null) {
                return null;
            }
            if (!n.isArray()) {
                throw new SweepRejectedException(row, path, "expected an array of strings, found "
                        + n.getNodeType().name().toLowerCase(Locale.ROOT));
            }
            List<String> values = new ArrayList<>();
            n.forEach(v -> values.add(v.asText()));
            return values.isEmpty() ? null : abbreviateList(String.join(",", values));
        }

        private static String abbreviateList(String s) {
            return s.length() <= 1000 ? s : s.substring(0, 1000);
        }
    }
}
