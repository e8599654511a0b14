package dev.fixline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.UUID;

/**
 * Builds minimal Resource Graph rows of Defender's container findings for one registry, so that tests
 * can set out a scenario (images, push and scan times, versions) in a few lines. Each test uses a
 * registry of its own, so tests sharing a Spring context never see each other's findings.
 */
public final class DefenderRows {

    private final ObjectMapper json;
    private final String registryName;

    public DefenderRows(ObjectMapper json, String prefix) {
        this.json = json;
        this.registryName = prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    public String registryHost() {
        return registryName + ".azurecr.io";
    }

    /** An Unhealthy row; {@code software} holds softwareDetails, completed with package and versions. */
    public ObjectNode row(String repository, String digest, Instant pushed, Instant scanned, String cve,
                          String severity, ObjectNode software, String pkg, String installed, String fixed) {
        ObjectNode row = json.createObjectNode();
        row.put("id", "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/"
                + "Microsoft.ContainerRegistry/registries/" + registryName + "/providers/Microsoft.Security/"
                + "assessments/c0b7cfc6-3172-465a-b378-53c7ff2cc0d5/subassessments/" + UUID.randomUUID());
        ObjectNode properties = row.putObject("properties");
        properties.put("timeGenerated", scanned.toString());
        properties.putObject("status").put("code", "Unhealthy").put("severity", severity);
        ObjectNode data = properties.putObject("additionalData");
        data.putObject("artifactDetails").put("registryHost", registryHost()).put("repositoryName", repository)
                .put("digest", digest).put("lastPushedToRegistryUTC", pushed.toString());
        data.set("softwareDetails", software.deepCopy().put("packageName", pkg).put("version", installed)
                .put("fixedVersion", fixed));
        data.putObject("vulnerabilityDetails").put("cveId", cve);
        return row;
    }

    /** softwareDetails of an OS package. */
    public ObjectNode os(String osVersion) {
        ObjectNode software = json.createObjectNode().put("category", "OS");
        software.putObject("osDetails").put("osPlatform", "linux").put("osVersion", osVersion);
        return software;
    }

    /** softwareDetails of a language package. */
    public ObjectNode language(String language) {
        return json.createObjectNode().put("category", "Language").put("language", language);
    }
}
