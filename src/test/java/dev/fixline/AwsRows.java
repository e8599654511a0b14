package dev.fixline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.UUID;

/**
 * Defender's sub-assessments of Amazon ECR images in AWS account 111122223333, which the sample rule
 * {@code aws-shop} gives to team platform (owner cloud-ops, manager manager), in a registry of their own:
 * tests sharing a Spring context never see each other's findings, and none of them sweeps the sample
 * registries, whose exports other tests import with the samples' own times.
 */
public final class AwsRows {

    public static final String ACCOUNT = "111122223333";

    private final ObjectMapper json;
    private final ObjectNode template;
    private final String host;

    public AwsRows(ObjectMapper json) {
        this.json = json;
        try (InputStream in = AwsRows.class.getResourceAsStream("/defender/aws-ecr-subassessment.json")) {
            this.template = (ObjectNode) json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // A region of its own: the host is still an ECR host of the account, as Defender names them.
        this.host = ACCOUNT + ".dkr.ecr.test-" + UUID.randomUUID().toString().substring(0, 8) + ".amazonaws.com";
    }

    public String registryHost() {
        return host;
    }

    /** An Unhealthy row of {@code pkg} in {@code repository}, scanned at {@code scanned}. */
    public ObjectNode row(String repository, String cve, String severity, String pkg, Instant pushed, Instant scanned) {
        ObjectNode row = template.deepCopy();
        String digest = "sha256:" + "f".repeat(64);
        String id = row.get("id").asText();
        row.put("id", id.substring(0, id.lastIndexOf('/') + 1) + UUID.randomUUID()).put("timeGenerated",
                scanned.toString());
        ObjectNode properties = (ObjectNode) row.get("properties");
        properties.put("timeGenerated", scanned.toString()).put("id", cve).put("displayName", cve);
        ((ObjectNode) properties.get("status")).put("severity", severity);
        ((ObjectNode) properties.get("resourceDetails")).put("hierarchyId", ACCOUNT)
                .put("id", host + "/" + repository + "@" + digest).put("resourceName", repository)
                .put("nativeCloudUniqueIdentifier", "arn:aws:ecr:us-east-1:" + ACCOUNT + ":image/" + repository);
        ObjectNode data = (ObjectNode) properties.get("additionalData");
        ((ObjectNode) data.get("vulnerabilityDetails")).put("cveId", cve).put("severity", severity);
        ((ObjectNode) data.get("artifactDetails")).put("registryHost", host).put("repositoryName", repository)
                .put("digest", digest).put("lastPushedToRegistryUTC", pushed.toString());
        ((ObjectNode) data.get("softwareDetails")).put("packageName", pkg);
        return row;
    }

    /** The rows as the body of a Resource Graph answer; {@code partial}: it says its result was truncated. */
    public byte[] export(boolean partial, ObjectNode... rows) {
        ObjectNode body = json.createObjectNode();
        var data = body.putArray("data");
        for (ObjectNode r : rows) {
            data.add(r);
        }
        body.put("resultTruncated", partial ? "true" : "false");
        try {
            return json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
