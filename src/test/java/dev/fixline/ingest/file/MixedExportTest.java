package dev.fixline.ingest.file;

import dev.fixline.ingest.defender.SubAssessmentKinds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fixline.ingest.SweepRejectedException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An unfiltered {@code securityresources | where type == 'microsoft.security/assessments/subassessments'}
 * export: SQL, server and running-container sub-assessments beside the registry images' ones.
 */
class MixedExportTest {

    private static final Path DAY_1 = Path.of("samples", "day-1.json");
    private static final String RUNNING_KIND =
            "AzureContainerRegistryVulnerability on Microsoft.ContainerService/managedClusters";

    private final ObjectMapper json = new ObjectMapper();
    private final ArgExportReader reader = new ArgExportReader(json);

    @Test
    void rowsOfOtherKindsAreCountedByKindAndTheImagesRowsRead() throws IOException {
        ArrayNode mixed = json.createArrayNode();
        ArrayNode images = day1Rows();
        for (int i = 0; i < images.size(); i++) {
            mixed.add(images.get(i));
            if (i == 0) {
                mixed.add(fixture("sql-server-vulnerability.json"));
            } else if (i == 10) {
                mixed.add(fixture("server-vulnerability.json"));
                mixed.add(runningContainerRow(images.get(i)));
            }
        }
        CollectingFeed feed = read(mixed);
        CollectingFeed plain = read(images);
        assertThat(feed.rows).hasSize(41).usingRecursiveFieldByFieldElementComparatorIgnoringFields("rowNumber")
                .containsExactlyElementsOf(plain.rows);
        assertThat(feed.ignored).containsExactlyInAnyOrderEntriesOf(Map.of("SqlServerVulnerability", 1,
                "ServerVulnerabilityAssessment", 1, RUNNING_KIND, 1));
        assertThat(feed.rows.get(1).rowNumber()).as("rows keep their number in the file").isEqualTo(3);
    }

    @Test
    void withoutAssessedResourceTypeTheIdsResourceTypeNamesTheKind() throws IOException {
        ObjectNode vm = fixture("server-vulnerability.json");
        ((ObjectNode) vm.at("/properties/additionalData")).remove("assessedResourceType");
        ArrayNode rows = day1Rows();
        rows.add(vm);
        assertThat(read(rows).ignored).containsExactly(Map.entry("Microsoft.Compute/virtualMachines", 1));
    }

    @Test
    void aFileOfOnlyOtherKindsIsRefusedNamingThem() throws IOException {
        ArrayNode rows = json.createArrayNode().add(fixture("sql-server-vulnerability.json"))
                .add(fixture("sql-server-vulnerability.json")).add(fixture("server-vulnerability.json"));
        assertThatThrownBy(() -> read(rows)).isInstanceOfSatisfying(SweepRejectedException.class, e -> {
            assertThat(e.row()).isZero();
            assertThat(e.getMessage()).startsWith("file: no container-image findings: every row is a "
                    + "sub-assessment of another kind (ServerVulnerabilityAssessment (server (VM) vulnerability): "
                    + "1 row, SqlServerVulnerability (SQL vulnerability assessment): 2 rows)")
                    .contains("AzureContainerRegistryVulnerability").contains("docs/queries.md");
        });
    }

    @Test
    void aMalformedImageRowStillRejectsTheWholeFile() throws IOException {
        ArrayNode rows = day1Rows();
        rows.insert(0, fixture("sql-server-vulnerability.json"));
        ((ObjectNode) rows.get(5).at("/properties/additionalData/softwareDetails")).remove("packageName");
        assertThatThrownBy(() -> read(rows)).isInstanceOfSatisfying(SweepRejectedException.class, e -> {
            assertThat(e.row()).isEqualTo(6);
            assertThat(e.getMessage()).isEqualTo("row 6, field properties.additionalData.softwareDetails."
                    + "packageName: missing; it is part of the finding key");
        });
    }

    @Test
    void kindsComeFromTheAssessedResourceTypeOrTheResourceInTheId() throws IOException {
        assertThat(SubAssessmentKinds.otherKind(day1Rows().get(0))).as("an Azure registry's image").isNull();
        assertThat(SubAssessmentKinds.resourceType("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Sql/"
                + "servers/s1/databases/orders")).isEqualTo("Microsoft.Sql/servers/databases");
        assertThat(SubAssessmentKinds.resourceType("/subscriptions/s")).isEqualTo("subscription");
        ObjectNode connector = day1Rows().get(0).deepCopy();
        connector.put("id", "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Security/securityConnectors/"
                + "aws-prod/providers/Microsoft.Security/assessments/c27441ae-775c-45be-8ffa-655de37362ce/"
                + "subassessments/x");
        ((ObjectNode) connector.at("/properties/additionalData"))
                .put("assessedResourceType", "AwsContainerRegistryVulnerability");
        assertThat(SubAssessmentKinds.otherKind(connector)).as("an AWS or GCP registry's image").isNull();
        assertThat(SubAssessmentKinds.otherKind(fixture("aws-ecr-subassessment.json")))
                .as("Defender's AWS example, under securityConnectors/…/securityEntityData/…").isNull();
        assertThat(SubAssessmentKinds.otherKind(fixture("gcp-gar-subassessment.json"))).isNull();
    }

    /** A registry image's row as the running-containers assessment shows it, on the cluster. */
    private ObjectNode runningContainerRow(JsonNode imageRow) {
        ObjectNode row = imageRow.deepCopy();
        row.put("id", "/subscriptions/6f1c2d3e-0000-4000-8000-000000000001/resourceGroups/rg-platform/providers/"
                + "Microsoft.ContainerService/managedClusters/aks-prod/providers/Microsoft.Security/assessments/"
                + "c609cf0f-71ab-41e9-a3c6-9a1f7fe1b8d5/subassessments/5f6e7d8c-0000-4000-8000-000000000001");
        return row;
    }

    private CollectingFeed read(ArrayNode rows) throws IOException {
        CollectingFeed feed = new CollectingFeed();
        reader.read(new ByteArrayInputStream(json.writeValueAsBytes(rows)), Duration.ZERO, feed);
        return feed;
    }

    private ArrayNode day1Rows() throws IOException {
        return (ArrayNode) json.readTree(DAY_1.toFile()).path("data");
    }

    private ObjectNode fixture(String name) throws IOException {
        return (ObjectNode) json.readTree(Files.readAllBytes(Path.of("src", "test", "resources", "defender", name)));
    }
}
