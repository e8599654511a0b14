package dev.fixline.ingest.defender;

import dev.fixline.limits.AsciiCase;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells a sub-assessment of a container registry's images from the other kinds that an unfiltered
 * {@code securityresources | where type == 'microsoft.security/assessments/subassessments'} returns
 * beside them: SQL vulnerability assessment, servers (VMs), running containers. The kind is the row's
 * {@code additionalData.assessedResourceType}, else the resource type in its id.
 */
public final class SubAssessmentKinds {

    /** Defender's {@code assessedResourceType} values of registry image findings (MDVM, and the Qualys-era one). */
    private static final Set<String> REGISTRY_IMAGE_TYPES = Set.of("azurecontainerregistryvulnerability",
            "awscontainerregistryvulnerability", "gcpcontainerregistryvulnerability", "containerregistryvulnerability",
            "amazonelasticcontainerregistryvulnerability");
    /** The resources registry image findings hang off: an Azure registry, or an AWS/GCP security connector. */
    private static final Set<String> REGISTRY_RESOURCE_TYPES = Set.of("microsoft.containerregistry/registries",
            "microsoft.security/securityconnectors");
    /** Assessments of images running in clusters: the same images' findings, seen from the cluster. */
    private static final Set<String> RUNNING_CONTAINER_ASSESSMENTS = Set.of(
            "c609cf0f-71ab-41e9-a3c6-9a1f7fe1b8d5", "41503391-efa5-47ee-9282-4eff6131462c",
            "682b2595-d045-4cff-b5aa-46624eb2dd8f", "e538731a-80c8-4317-a119-13075e002516",
            "e9acaf48-d2cf-45a3-a6e7-3caa2ef769e0");
    /** What the kinds a user is likely to meet are, for messages. */
    private static final Map<String, String> DESCRIPTIONS = Map.of(
            "sqlservervulnerability", "SQL vulnerability assessment",
            "servervulnerabilityassessment", "server (VM) vulnerability",
            "servervulnerability", "server (VM) vulnerability",
            "servervulnerabilitytvm", "server (VM) vulnerability");

    private static final Pattern ASSESSMENT = Pattern.compile(
            "(?i)^(.*)/providers/Microsoft\\.Security/assessments/([^/]+)/subassessments/[^/]+$");

    private SubAssessmentKinds() {
    }

    /**
     * @return null for a row of a registry's images, or one that says too little to tell (the mapper then
     *         names what is missing); otherwise the kind to count the row under
     */
    public static String otherKind(JsonNode row) {
        String type = text(field(field(row, "properties"), "additionalData"), "assessedResourceType");
        String resourceType = null;
        String assessmentKey = null;
        JsonNode id = field(row, "id");
        if (id != null && id.isTextual()) {
            Matcher m = ASSESSMENT.matcher(id.asText().trim());
            if (m.matches()) {
                resourceType = resourceType(m.group(1));
                assessmentKey = AsciiCase.lower(m.group(2));
            }
        }
        if (type != null && !REGISTRY_IMAGE_TYPES.contains(AsciiCase.lower(type))) {
            return type;
        }
        if (resourceType != null && !isRegistryResource(resourceType)) {
            return type != null ? type + " on " + resourceType : resourceType;
        }
        if (assessmentKey != null && RUNNING_CONTAINER_ASSESSMENTS.contains(assessmentKey)) {
            return (type != null ? type + " " : "") + "of running containers (assessment " + assessmentKey + ")";
        }
        return null;
    }

    /**
     * A registry, or a security connector or anything under it: an AWS or GCP image's row sits under
     * {@code …/securityConnectors/{name}/securityEntityData/…}.
     */
    private static boolean isRegistryResource(String resourceType) {
        String lower = AsciiCase.lower(resourceType);
        return REGISTRY_RESOURCE_TYPES.stream().anyMatch(t -> lower.equals(t) || lower.startsWith(t + "/"));
    }

    /** A kind with what it is, when known: {@code SqlServerVulnerability (SQL vulnerability assessment)}. */
    static String described(String kind) {
        String description = DESCRIPTIONS.get(AsciiCase.lower(kind));
        return description == null ? kind : kind + " (" + description + ")";
    }

    /**
     * The resource type of an ARM resource id: {@code Microsoft.Sql/servers/databases} for
     * {@code …/providers/Microsoft.Sql/servers/s1/databases/d1}; a subscription or resource group
     * without a provider is named as such.
     */
    public static String resourceType(String resourceId) {
        String lower = AsciiCase.lower(resourceId);
        int provider = lower.lastIndexOf("/providers/");
        if (provider < 0) {
            return lower.contains("/resourcegroups/") ? "resource group" : "subscription";
        }
        String[] parts = resourceId.substring(provider + "/providers/".length()).split("/");
        StringBuilder type = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i += 2) {
            type.append('/').append(parts[i]);
        }
        return type.toString();
    }

    private static String text(JsonNode object, String name) {
        JsonNode value = object == null ? null : field(object, name);
        return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText().trim() : null;
    }

    private static JsonNode field(JsonNode object, String name) {
        if (object == null || !object.isObject()) {
            return null;
        }
        JsonNode exact = object.get(name);
        if (exact != null) {
            return exact;
        }
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String candidate = names.next();
            if (AsciiCase.equalsIgnoreCase(candidate, name)) {
                return object.get(candidate);
            }
        }
        return null;
    }
}
