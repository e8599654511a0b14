package dev.fixline.ingest.arg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Configuration mistakes are named before anything is sent; a token is never skipped against Azure. */
class ArgClientsTest {

    private static ArgProperties properties(ArgProperties.Auth auth, URI endpoint, String tenant, String client,
                                            String secret) {
        return new ArgProperties(true, ArgProperties.Cloud.AzureCloud, endpoint, auth, tenant, client, secret, null,
                null, List.of(), List.of(), null, 1000, "0 0 6 * * ?", 1, 5, Duration.ofSeconds(1),
                Duration.ofSeconds(60), Duration.ofSeconds(60), null);
    }

    @Test
    void noCredentialIsOnlyForAnExplicitStub() {
        assertThatThrownBy(() -> ArgClients.build(properties(ArgProperties.Auth.NONE, null, null, null, null),
                Clock.systemUTC())).hasMessageContaining("needs an explicit fixline.arg.endpoint");
        assertThatThrownBy(() -> ArgClients.build(properties(ArgProperties.Auth.NONE,
                URI.create("https://management.azure.com/"), null, null, null), Clock.systemUTC()))
                .hasMessageContaining("Azure needs a credential");
        assertThat(ArgClients.build(properties(ArgProperties.Auth.NONE, URI.create("http://localhost:9"), null, null,
                null), Clock.systemUTC()).manager()).isNotNull();
    }

    @Test
    void aClientSecretNeedsTenantAndClient() {
        assertThatThrownBy(() -> ArgClients.build(properties(ArgProperties.Auth.CLIENT_SECRET, null, null, "app",
                "s3cret"), Clock.systemUTC())).hasMessage("fixline.arg.tenant-id is required for this fixline.arg.auth");
        assertThat(ArgClients.build(properties(ArgProperties.Auth.CLIENT_SECRET, null, "tenant", "app", "s3cret"),
                Clock.systemUTC()).manager()).isNotNull();
    }

    @Test
    void theDefaultQuerySelectsDefendersRegistryFindingsInAStableOrder() {
        String query = properties(ArgProperties.Auth.DEFAULT, null, null, null, null).effectiveQuery();
        assertThat(query).contains("c0b7cfc6-3172-465a-b378-53c7ff2cc0d5", "33422d8f-ab1e-42be-bc9a-38685bb567b9",
                "dbd0cb49-b563-45e7-9724-889e799fa648", "c27441ae-775c-45be-8ffa-655de37362ce",
                "5cc3a2c1-8397-456f-8792-fe9d0d4c9145", "project id", "order by id");
        assertThat(query).as("exempt rows come back too: they keep a finding present").doesNotContain("Unhealthy");
    }

    @Test
    void theSecretStaysOutOfLogs() {
        assertThat(properties(ArgProperties.Auth.CLIENT_SECRET, null, "tenant", "app", "s3cret").toString())
                .doesNotContain("s3cret").contains("clientSecret=***");
    }

    @Test
    void readsTheQuotaResetTime() {
        assertThat(QuotaPolicy.resetsAfter("00:00:03")).isEqualTo(Duration.ofSeconds(3));
        assertThat(QuotaPolicy.resetsAfter("00:00:42.5")).isEqualTo(Duration.ofMillis(42_500));
        assertThat(QuotaPolicy.resetsAfter(null)).isEqualTo(Duration.ofSeconds(5));
        assertThat(QuotaPolicy.resetsAfter("soon")).isEqualTo(Duration.ofSeconds(5));
        assertThat(QuotaPolicy.resetsAfter("12:00:00")).as("capped").isEqualTo(QuotaPolicy.MAX_WAIT);
    }
}
