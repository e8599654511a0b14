package dev.fixline.ingest.file;

import dev.fixline.ingest.defender.SubAssessmentMapper;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fixline.finding.Observation;
import dev.fixline.finding.Severity;
import dev.fixline.ingest.SweepRejectedException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rows of AWS (ECR) and GCP (Artifact Registry) images, which Defender scans through a security
 * connector, shaped like Microsoft's examples in "Container vulnerability assessments REST API".
 */
class ConnectorRowMapperTest {

    private static final String CONNECTOR_SUBSCRIPTION = "6f1c2d3e-0000-4000-8000-000000000001";

    private final ObjectMapper json = new ObjectMapper();
    private final SubAssessmentMapper mapper = new SubAssessmentMapper(Duration.ZERO);

    private ObjectNode row(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/defender/" + name)) {
            return (ObjectNode) json.readTree(in);
        }
    }

    @Test
    void anEcrImageFindingIsAnAwsFindingOfItsAccountUnderTheConnectorsSubscription() throws IOException {
        Observation o = mapper.map(1, row("aws-ecr-subassessment.json"));

        assertThat(o.cloud()).isEqualTo("aws");
        assertThat(o.account()).isEqualTo("544047870946");
        assertThat(o.registryHost()).isEqualTo("544047870946.dkr.ecr.us-east-1.amazonaws.com");
        assertThat(o.repository()).isEqualTo("mc/va/eastus/verybigimage");
        assertThat(o.digest()).isEqualTo("sha256:87e18285c301bc09b7f2da126992475eb0c536d38272aa0a7066324b7dda3d87");
        assertThat(o.tags()).isEqualTo("latest");
        assertThat(o.subscriptionId()).as("the connector's Azure subscription").isEqualTo(CONNECTOR_SUBSCRIPTION);
        assertThat(o.resourceGroup()).isEqualTo("rg-defender-connectors");
        assertThat(o.registryResourceId()).endsWith("/securityconnectors/aws-prod/securityentitydata/"
                + "aws-ecr-repository-mc/va/eastus/verybigimage-us-east-1");
        assertThat(o.assessmentKey()).isEqualTo("c27441ae-775c-45be-8ffa-655de37362ce");
        assertThat(o.isFinding()).isTrue();
        assertThat(o.key().vulnerabilityId()).isEqualTo("CVE-2023-32700");
        assertThat(o.packageName()).isEqualTo("libptexenc1");
        assertThat(o.ecosystem()).isEqualTo("dpkg");
        assertThat(o.installedVersion()).isEqualTo("2019.20190605.51237-3build2");
        assertThat(o.fixedVersion()).isEqualTo("2019.20190605.51237-3ubuntu0.1");
        assertThat(o.fixStatus()).isEqualTo("FixAvailable");
        assertThat(o.severity()).isEqualTo(Severity.HIGH);
        assertThat(o.cvss()).isEqualByComparingTo(new BigDecimal("7.8"));
        assertThat(o.pushedAt()).isEqualTo(Instant.parse("2022-06-26T13:24:03Z"));
        assertThat(o.scannedAt()).as("kept to the microsecond").isEqualTo(Instant.parse("2023-12-11T13:23:58.453997Z"));
    }

    @Test
    void anArtifactRegistryImageFindingIsAGcpFindingOfItsProjectNotItsProjectNumber() throws IOException {
        Observation o = mapper.map(1, row("gcp-gar-subassessment.json"));

        assertThat(o.cloud()).isEqualTo("gcp");
        assertThat(o.account()).as("the project id; hierarchyId 788875449976 is the project number")
                .isEqualTo("detection-stg-manual-tests-2");
        assertThat(o.registryHost()).isEqualTo("us-central1-docker.pkg.dev");
        assertThat(o.repository()).isEqualTo("detection-stg-manual-tests-2/hital/nginx");
        assertThat(o.digest()).isEqualTo("sha256:09e210fe1e7f54647344d278a8d0dee8a4f59f275b72280e8b5a7c18c560057f");
        assertThat(o.subscriptionId()).isEqualTo(CONNECTOR_SUBSCRIPTION);
        assertThat(o.assessmentKey()).isEqualTo("5cc3a2c1-8397-456f-8792-fe9d0d4c9145");
        assertThat(o.key().vulnerabilityId()).isEqualTo("CVE-2017-11613");
        assertThat(o.packageName()).isEqualTo("tiff");
        assertThat(o.fixedVersion()).isEqualTo("4.0.8-2+deb9u4");
        assertThat(o.severity()).isEqualTo(Severity.LOW);
        assertThat(o.cvss()).isEqualByComparingTo(new BigDecimal("3.3"));
        assertThat(o.tags()).isEqualTo("1.12");
    }

    @Test
    void theIdAsMicrosoftsExampleWritesItWithSpacesAfterSlashesIsRead() throws IOException {
        ObjectNode row = row("gcp-gar-subassessment.json");
        row.put("id", "/subscriptions/" + CONNECTOR_SUBSCRIPTION + "/resourceGroups/rg-defender-connectors/providers/"
                + " microsoft.security/ securityconnectors/gcp-staging/securityentitydata/"
                + "gar-gcp-repository-hital-us-central1/providers/Microsoft.Security/assessments/"
                + "5cc3a2c1-8397-456f-8792-fe9d0d4c9145/subassessments/9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a");

        Observation o = mapper.map(1, row);

        assertThat(o.subscriptionId()).isEqualTo(CONNECTOR_SUBSCRIPTION);
        assertThat(o.resourceGroup()).isEqualTo("rg-defender-connectors");
        assertThat(o.cloud()).isEqualTo("gcp");
    }

    @Test
    void withoutArtifactDetailsTheImageComesFromResourceDetailsAndTheAccountFromTheHost() throws IOException {
        ObjectNode row = row("aws-ecr-subassessment.json");
        ObjectNode data = (ObjectNode) row.at("/properties/additionalData");
        data.remove("artifactDetails");
        data.remove("assessedResourceType");
        ObjectNode resource = (ObjectNode) row.at("/properties/resourceDetails");
        resource.remove("hierarchyId");
        resource.remove("nativeCloudUniqueIdentifier");

        Observation o = mapper.map(1, row);

        assertThat(o.cloud()).as("from resourceDetails.source").isEqualTo("aws");
        assertThat(o.account()).as("from the ECR host").isEqualTo("544047870946");
        assertThat(o.registryHost()).isEqualTo("544047870946.dkr.ecr.us-east-1.amazonaws.com");
        assertThat(o.repository()).isEqualTo("mc/va/eastus/verybigimage");
        assertThat(o.digest()).isEqualTo("sha256:87e18285c301bc09b7f2da126992475eb0c536d38272aa0a7066324b7dda3d87");
    }

    @Test
    void aContainerRegistryImageBelongsToTheProjectItsRepositoryStartsWith() throws IOException {
        ObjectNode row = row("gcp-gar-subassessment.json");
        ObjectNode artifact = (ObjectNode) row.at("/properties/additionalData/artifactDetails");
        artifact.put("registryHost", "eu.gcr.io").put("repositoryName", "contoso-web/storefront");
        ObjectNode resource = (ObjectNode) row.at("/properties/resourceDetails");
        resource.remove("nativeCloudUniqueIdentifier");
        resource.put("resourceProvider", "gcr");
        ((ObjectNode) row.at("/properties/additionalData")).remove("assessedResourceType");
        resource.remove("source");

        Observation o = mapper.map(1, row);

        assertThat(o.cloud()).as("from resourceDetails.resourceProvider").isEqualTo("gcp");
        assertThat(o.account()).isEqualTo("contoso-web");
        assertThat(o.registryHost()).isEqualTo("eu.gcr.io");
    }

    @Test
    void anAzureRegistryRowIsAzuresWithItsSubscriptionAsAccount() throws IOException {
        JsonNode first = json.readTree(Path.of("samples", "day-1.json").toFile()).path("data").get(0);

        Observation o = mapper.map(1, first);

        assertThat(o.cloud()).isEqualTo("azure");
        assertThat(o.account()).isEqualTo(o.subscriptionId()).isEqualTo(first.path("subscriptionId").asText());
    }

    @Test
    void aConnectorRowThatIsNotARegistryImageFindingIsRefusedByName() throws IOException {
        ObjectNode row = row("aws-ecr-subassessment.json");
        ((ObjectNode) row.at("/properties/additionalData")).put("assessedResourceType", "ServerVulnerabilityTvm");

        assertThatThrownBy(() -> mapper.map(3, row)).isInstanceOf(SweepRejectedException.class)
                .hasMessage("row 3, field properties.additionalData.assessedResourceType: 'ServerVulnerabilityTvm' "
                        + "is not a container-registry finding of an AWS or GCP connector (expected "
                        + "AwsContainerRegistryVulnerability or GcpContainerRegistryVulnerability)");
    }

    @Test
    void aConnectorRowWithoutTheImageOrAnyHintOfItsCloudIsRefusedByField() throws IOException {
        ObjectNode noDigest = row("aws-ecr-subassessment.json");
        ((ObjectNode) noDigest.at("/properties/additionalData/artifactDetails")).remove("digest");
        ((ObjectNode) noDigest.at("/properties/resourceDetails")).remove("id");
        assertThatThrownBy(() -> mapper.map(2, noDigest)).isInstanceOf(SweepRejectedException.class)
                .hasMessage("row 2, field properties.additionalData.artifactDetails.digest: missing; it is part of "
                        + "the finding key");

        ObjectNode noCloud = row("aws-ecr-subassessment.json");
        ((ObjectNode) noCloud.at("/properties/additionalData")).remove("assessedResourceType");
        ObjectNode resource = (ObjectNode) noCloud.at("/properties/resourceDetails");
        resource.remove("source");
        resource.remove("resourceProvider");
        ((ObjectNode) noCloud.at("/properties/additionalData/artifactDetails")).put("registryHost",
                "registry.example.com");
        assertThatThrownBy(() -> mapper.map(2, noCloud)).isInstanceOf(SweepRejectedException.class)
                .hasMessageContaining("field properties.additionalData.assessedResourceType: missing, and neither "
                        + "resourceDetails.source nor the registry host says whether the image is in AWS or GCP");
    }

    @Test
    void aPortalCsvRowUnderAConnectorTakesItsCloudAndAccountFromTheRegistryHost() {
        String awsId = "/subscriptions/" + CONNECTOR_SUBSCRIPTION + "/resourceGroups/rg-defender-connectors/providers/"
                + "Microsoft.Security/securityConnectors/aws-prod/securityEntityData/aws-ecr-repository-shop-eu-west-1/"
                + "providers/Microsoft.Security/assessments/c27441ae-775c-45be-8ffa-655de37362ce/subassessments/"
                + "5b0e7c1a-3f2d-4e6a-9c8b-1d2e3f4a5b6c";
        String garId = awsId.replace("aws-prod", "gcp-staging").replace("aws-ecr-repository-shop-eu-west-1",
                "gar-gcp-repository-shop-europe-west1").replace("c27441ae-775c-45be-8ffa-655de37362ce",
                "5cc3a2c1-8397-456f-8792-fe9d0d4c9145");
        String csv = "id,registryHost,repositoryName,imageDigest,cveId,severity,packageName\n"
                + awsId + ",111122223333.dkr.ecr.eu-west-1.amazonaws.com,shop/api,sha256:" + "a".repeat(64)
                + ",CVE-2023-32700,High,libptexenc1\n"
                + garId + ",europe-west1-docker.pkg.dev,contoso-shop/images/api,sha256:" + "b".repeat(64)
                + ",CVE-2017-11613,Low,tiff\n";

        List<Observation> rows = readCsv(csv);

        assertThat(rows).extracting(Observation::cloud, Observation::account, Observation::subscriptionId,
                Observation::resourceGroup).containsExactly(
                org.assertj.core.groups.Tuple.tuple("aws", "111122223333", CONNECTOR_SUBSCRIPTION,
                        "rg-defender-connectors"),
                org.assertj.core.groups.Tuple.tuple("gcp", "contoso-shop", CONNECTOR_SUBSCRIPTION,
                        "rg-defender-connectors"));
        assertThat(rows.get(0).assessmentKey()).isEqualTo("c27441ae-775c-45be-8ffa-655de37362ce");

        String azureHost = "id,registryHost,repositoryName,imageDigest,cveId,severity,packageName\n"
                + awsId + ",contosoprod.azurecr.io,shop/api,sha256:" + "a".repeat(64) + ",CVE-2023-32700,High,x\n";
        assertThatThrownBy(() -> readCsv(azureHost)).isInstanceOf(SweepRejectedException.class)
                .hasMessage("row 1, field registryHost: 'contosoprod.azurecr.io' is not an ECR, Artifact Registry or "
                        + "Container Registry host, but the row's id is under a security connector (AWS or GCP)");
    }

    private static List<Observation> readCsv(String csv) {
        List<Observation> rows = new ArrayList<>();
        new PortalCsvReader().read(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), Duration.ZERO,
                rows::add);
        return rows;
    }
}
