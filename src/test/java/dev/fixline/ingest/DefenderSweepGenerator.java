package dev.fixline.ingest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Writes Resource Graph exports of Defender's container findings at scale, the same for the same seed: every
 * row is a copy of a real row of the bundled day-1 sample (an OS package and a language package), with its
 * registry, repository, digest, push and scan times, CVE, package, versions and severity set. The estate (in
 * registries named {@code scale<seed>r<n>.azurecr.io}, so that seeds do not meet):
 * repositories of 10 to 90 vulnerabilities each (20 to 180 rows), 20 repositories per registry, each
 * repository showing every vulnerability on its two newest images, severities 5/15/50/30 %
 * Critical/High/Medium/Low. So N rows are N/2 findings.
 * <p>
 * A later sweep can show a share of the findings fixed: a quarter of the repositories (every fourth) pushed a
 * rebuilt image, scanned in this sweep, without a fifth of their vulnerabilities (every fifth); the rest of
 * its rows are unchanged. With {@code fixedShare} 0 the later sweep is an identical rescan: the same rows,
 * scanned a day later.
 */
public final class DefenderSweepGenerator {

    /** What a written sweep holds. */
    public record Written(int rows, int findings, int highOrCritical, int fixed, int fixedHighOrCritical,
                          int repositories) {
    }

    /** The SQL pattern of the registries this generator's seed writes. */
    public String registryPattern() {
        return "scale" + seed + "r%";
    }

    private static final String[] SEVERITIES = {"Critical", "High", "Medium", "Low"};
    private static final int[] SEVERITY_SHARE = {5, 20, 70, 100};

    private final ObjectMapper json;
    private final ObjectNode osTemplate;
    private final ObjectNode languageTemplate;
    private final int rows;
    private final long seed;
    private final Instant firstScan;

    /**
     * @param rows rows of the first sweep
     * @param firstScan when the first sweep's rows were scanned; each later sweep is a day later
     */
    public DefenderSweepGenerator(ObjectMapper json, int rows, long seed, Instant firstScan) throws IOException {
        this.json = json;
        this.rows = rows;
        this.seed = seed;
        this.firstScan = firstScan;
        JsonNode sample = json.readTree(Path.of("samples", "day-1.json").toFile()).path("data");
        ObjectNode os = null;
        ObjectNode language = null;
        for (JsonNode row : sample) {
            String category = row.at("/properties/additionalData/softwareDetails/category").asText();
            if (!"Unhealthy".equals(row.at("/properties/status/code").asText())) {
                continue;
            }
            if (os == null && "OS".equals(category)) {
                os = (ObjectNode) row;
            } else if (language == null && "Language".equals(category)) {
                language = (ObjectNode) row;
            }
        }
        this.osTemplate = os;
        this.languageTemplate = language;
    }

    /**
     * Writes sweep {@code day} (0 for the first) to {@code file}.
     *
     * @param fixedShare 0 for the same rows scanned again; otherwise the share of findings fixed (0.05: a
     *                   quarter of the repositories fixed a fifth of theirs)
     */
    public Written write(Path file, int day, double fixedShare) throws IOException {
        return write(file, day, fixedShare, false);
    }

    /** The digest of a repository's oldest image (repositories are numbered from 0, named team{n % 37}/service-{n}). */
    public String oldestImage(int repository) {
        return digest("old", repository);
    }

    /** As {@link #write(Path, int, double)}; {@code oldImagesDeleted}: the rebuilt repositories' oldest image is gone. */
    public Written write(Path file, int day, double fixedShare, boolean oldImagesDeleted) throws IOException {
        Instant scanned = firstScan.plus(Duration.ofDays(day));
        Random random = new Random(seed);
        int written = 0;
        int findings = 0;
        int severe = 0;
        int fixed = 0;
        int fixedSevere = 0;
        int repositories = 0;
        try (OutputStream out = Files.newOutputStream(file);
             JsonGenerator gen = json.getFactory().createGenerator(out)) {
            gen.writeStartArray(); // the rows as a JSON array, one of the shapes an export comes in
            for (int repo = 0; written < rows; repo++) {
                repositories++;
                int vulnerabilities = Math.min(10 + random.nextInt(81), Math.max(1, (rows - written) / 2));
                String registry = "scale" + seed + "r" + (repo / 20) + ".azurecr.io";
                String repository = "team" + (repo % 37) + "/service-" + repo;
                Instant pushedOld = firstScan.minus(Duration.ofDays(60 + repo % 30));
                Instant pushedNew = firstScan.minus(Duration.ofDays(20 + repo % 10));
                String oldDigest = digest("old", repo);
                String newDigest = digest("new", repo);
                boolean rebuilt = fixedShare > 0 && repo % 4 == 0;
                String rebuiltDigest = digest("rebuilt", repo);
                Instant pushedRebuilt = firstScan; // the same in every later sweep, past the scan grace period
                List<ObjectNode> rebuiltRows = new ArrayList<>();
                for (int v = 0; v < vulnerabilities; v++) {
                    int pick = random.nextInt(100);
                    int severity = 0;
                    while (pick >= SEVERITY_SHARE[severity]) {
                        severity++;
                    }
                    boolean language = random.nextInt(3) == 0;
                    String cve = "CVE-20" + (18 + random.nextInt(8)) + "-" + (10000 + v); // one per repository
                    String pkg = (language ? "lib" : "pkg") + random.nextInt(400);
                    int minor = random.nextInt(20);
                    String installed = language ? "1." + minor + ".0" : "1." + minor + ".0-1";
                    String fixedVersion = language ? "1." + minor + ".3" : "1." + minor + ".3-1";
                    double cvss = new double[] {9.8, 7.5, 5.5, 3.1}[severity];
                    findings++;
                    boolean isSevere = severity < 2;
                    if (isSevere) {
                        severe++;
                    }
                    for (int image = rebuilt && oldImagesDeleted ? 1 : 0; image < 2; image++) {
                        gen.writeTree(row(language, registry, repository, image == 0 ? oldDigest : newDigest,
                                image == 0 ? pushedOld : pushedNew, image == 0 ? "1." + repo : "2." + repo,
                                scanned, cve, SEVERITIES[severity], cvss, pkg, installed, fixedVersion, repo, v, image));
                        written++;
                    }
                    if (rebuilt) {
                        if (v % 5 == 0) {
                            fixed++;
                            if (isSevere) {
                                fixedSevere++;
                            }
                        } else {
                            rebuiltRows.add(row(language, registry, repository, rebuiltDigest, pushedRebuilt,
                                    "3." + repo, scanned, cve, SEVERITIES[severity], cvss, pkg, installed,
                                    fixedVersion, repo, v, 2));
                        }
                    }
                }
                for (ObjectNode r : rebuiltRows) {
                    gen.writeTree(r);
                }
            }
            gen.writeEndArray();
        }
        return new Written(written, findings, severe, fixed, fixedSevere, repositories);
    }

    private ObjectNode row(boolean language, String registry, String repository, String digest, Instant pushed,
                           String tag, Instant scanned, String cve, String severity, double cvss, String pkg,
                           String installed, String fixed, int repo, int vulnerability, int image) {
        ObjectNode row = (language ? languageTemplate : osTemplate).deepCopy();
        String registryName = registry.substring(0, registry.indexOf('.'));
        String subscription = String.format("6f1c2d3e-0000-4000-8000-%012d", repo / 200);
        String name = uuid(repo + "/" + vulnerability + "/" + image);
        row.put("id", "/subscriptions/" + subscription + "/resourceGroups/rg-" + registryName
                + "/providers/Microsoft.ContainerRegistry/registries/" + registryName
                + "/providers/Microsoft.Security/assessments/c0b7cfc6-3172-465a-b378-53c7ff2cc0d5/subassessments/"
                + name);
        row.put("name", name);
        row.put("subscriptionId", subscription);
        row.put("resourceGroup", "rg-" + registryName);
        ObjectNode properties = (ObjectNode) row.get("properties");
        properties.put("id", cve);
        properties.put("displayName", cve);
        properties.put("remediation", "Create new image with updated package " + pkg + ".");
        properties.put("timeGenerated", scanned.toString());
        ((ObjectNode) properties.get("status")).put("severity", severity);
        ((ObjectNode) properties.get("resourceDetails")).put("id", "/repositories/" + repository + "/images/" + digest);
        ObjectNode data = (ObjectNode) properties.get("additionalData");
        data.put("cvssV30Score", cvss);
        ObjectNode vulnerabilityDetails = (ObjectNode) data.get("vulnerabilityDetails");
        vulnerabilityDetails.put("cveId", cve);
        vulnerabilityDetails.put("severity", severity);
        ObjectNode artifact = (ObjectNode) data.get("artifactDetails");
        artifact.put("registryHost", registry);
        artifact.put("repositoryName", repository);
        artifact.put("digest", digest);
        ArrayNode tags = artifact.putArray("tags");
        tags.add(tag);
        artifact.put("lastPushedToRegistryUTC", pushed.toString());
        ObjectNode software = (ObjectNode) data.get("softwareDetails");
        software.put("packageName", pkg);
        software.put("version", installed);
        software.put("fixedVersion", fixed);
        software.put("fixStatus", "FixAvailable");
        return row;
    }

    private String digest(String kind, int repo) {
        return "sha256:" + sha256(seed + "/" + kind + "/" + repo);
    }

    private String uuid(String text) {
        String hex = sha256(seed + "/row/" + text);
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20, 32);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
