package dev.fixline.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fixline.ApplicationTest;
import dev.fixline.AwsRows;
import dev.fixline.DefenderRows;
import dev.fixline.ingest.SweepImporter;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.ResponseEntity;

/**
 * {@code GET /api/findings}: each person sees the findings of the repositories the ownership rules give to
 * their teams (or to them as owner or manager), whether or not a case was opened; auditors and
 * administrators see all. The total counts exactly what the pages hold, and a finding out of sight is 404.
 * The rule {@code aws-shop} matches on the cloud and account, not the registry: ownership is resolved on
 * everything a rule can match on.
 */
@ApplicationTest
class FindingRightsTest {

    @Autowired TestRestTemplate http;
    @Autowired SweepImporter importer;
    @Autowired ObjectMapper json;

    @Test
    void eachPersonSeesTheFindingsOfTheirTeamsRepositoriesAndPagesCountJustThose() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String cve = "CVE-2033-" + (10_000 + Math.abs(suffix.hashCode() % 90_000));
        AwsRows platform = new AwsRows(json);       // rule aws-shop: team platform
        DefenderRows unowned = new DefenderRows(json, "scope");  // no rule: the unowned queue, team security
        Instant scanned = Instant.now();
        Instant pushed = scanned.minus(Duration.ofDays(1));
        // Low: below the severity threshold, so no case opens; the rules alone say whose they are.
        importer.importArgExport("finding-rights", new ByteArrayInputStream(platform.export(true,
                platform.row("shop/" + suffix, cve, "Low", "libone", pushed, scanned),
                platform.row("shop/" + suffix, cve, "Low", "libtwo", pushed, scanned))));
        ObjectNode body = json.createObjectNode();
        body.putArray("data").add(unowned.row("app/" + suffix, "sha256:" + "e".repeat(64), pushed, scanned, cve,
                "Low", unowned.os("debian_linux_12"), "libone", "1.0.0-1", "1.0.0-2"));
        body.put("resultTruncated", "true");
        importer.importArgExport("finding-rights", new ByteArrayInputStream(json.writeValueAsBytes(body)));
        Map<String, String> where = Map.of(platform.registryHost(), "platform", unowned.registryHost(), "unowned");

        Map<String, List<String>> seen = new LinkedHashMap<>();
        for (String user : List.of("cloud-ops", "devops-oncall", "secops-triage", "security-lead", "owner", "frank",
                "web-manager", "manager", "auditor", "admin")) {
            seen.put(user, pageByPage(user, cve, where));
        }
        List<String> all = List.of("platform", "platform", "unowned");
        assertThat(seen).containsExactly(
                Map.entry("cloud-ops", List.of("platform", "platform")),
                Map.entry("devops-oncall", List.of("platform", "platform")),
                Map.entry("secops-triage", List.of("unowned")),
                Map.entry("security-lead", List.of("unowned")),
                Map.entry("owner", List.of()),
                Map.entry("frank", List.of()),
                Map.entry("web-manager", List.of()),
                Map.entry("manager", all),
                Map.entry("auditor", all),
                Map.entry("admin", all));

        // One finding at a time: in sight for the same people, 404 as if it did not exist for the others.
        Map<String, String> idByTeam = new TreeMap<>();
        for (JsonNode f : get("admin", "/api/findings?cve=" + cve + "&size=50").getBody().path("items")) {
            idByTeam.put(label(f, where), f.path("id").asText());
        }
        String ofPlatform = idByTeam.get("platform");
        assertThat(get("cloud-ops", "/api/findings/" + ofPlatform).getStatusCode().value()).isEqualTo(200);
        assertThat(get("manager", "/api/findings/" + ofPlatform).getStatusCode().value()).isEqualTo(200);
        ResponseEntity<JsonNode> outOfSight = get("web-manager", "/api/findings/" + ofPlatform);
        assertThat(outOfSight.getStatusCode().value()).isEqualTo(404);
        assertThat(outOfSight.getHeaders().getContentType().toString()).startsWith("application/problem+json");
        assertThat(outOfSight.getBody().path("detail").asText()).isEqualTo("Finding " + ofPlatform + " does not exist");
        assertThat(get("cloud-ops", "/api/findings/" + idByTeam.get("unowned")).getStatusCode().value())
                .isEqualTo(404);
        assertThat(get("security-lead", "/api/findings/" + idByTeam.get("unowned")).getStatusCode().value())
                .isEqualTo(200);
        assertThat(get("auditor", "/api/findings/" + idByTeam.get("unowned")).getStatusCode().value())
                .isEqualTo(200);

        // The other filters still apply within a person's sight.
        assertThat(get("cloud-ops", "/api/findings?cve=" + cve + "&state=FIXED").getBody().path("total").asLong())
                .isZero();
        assertThat(get("devops-oncall", "/api/findings?cve=" + cve + "&repository=shop/" + suffix).getBody()
                .path("total").asLong()).isEqualTo(2);
        assertThat(get("secops-triage", "/api/findings?cve=" + cve + "&repository=shop/" + suffix).getBody()
                .path("total").asLong()).isZero();
    }

    /** Every page of size 1, in order: what the person sees, by location; the total must count just those. */
    private List<String> pageByPage(String user, String cve, Map<String, String> where) {
        List<String> seen = new ArrayList<>();
        long total = -1;
        for (int page = 0; page < 10; page++) {
            JsonNode answer = get(user, "/api/findings?cve=" + cve + "&size=1&page=" + page).getBody();
            total = answer.path("total").asLong();
            if (answer.path("items").isEmpty()) {
                break;
            }
            seen.add(label(answer.path("items").get(0), where));
        }
        assertThat(total).as(user + "'s total").isEqualTo(seen.size());
        return seen.stream().sorted().toList();
    }

    /** The team a finding's registry stands for in this test. */
    private static String label(JsonNode f, Map<String, String> where) {
        return where.get(f.path("key").path("registryHost").asText());
    }

    private ResponseEntity<JsonNode> get(String user, String path) {
        return http.withBasicAuth(user, "demo").getForEntity(path, JsonNode.class);
    }
}
