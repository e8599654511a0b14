package dev.fixline.ownership;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fixline.finding.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnershipMatchingTest {

    private static final String SUB_A = "11111111-1111-1111-1111-111111111111";
    private static final String SUB_B = "22222222-2222-2222-2222-222222222222";

    @TempDir Path dir;

    private OwnershipRules rules(String yaml) throws IOException {
        Path file = dir.resolve("ownership.yml");
        Files.writeString(file, yaml);
        return OwnershipRulesTest.load(file, "corp.example");
    }

    private static OwnershipQuery query(String subscription, String resourceGroup, String registry, String repo,
                                        Map<String, String> tags) {
        return new OwnershipQuery(subscription, resourceGroup, registry, repo, tags);
    }

    @Test
    void subscriptionAndResourceGroupAreCaseInsensitiveGlobsThatNeedAKnownValue() throws IOException {
        OwnershipRules r = rules("""
                rules:
                  - {name: by-sub, subscription: "11111111-*", owner: a}
                  - {name: by-rg, resourceGroup: "rg-payments-*", owner: b}
                unowned: {owner: triage, team: security, manager: lead}
                """);
        assertThat(r.resolve(query(SUB_A, null, "x.azurecr.io", "app", null)).rule()).isEqualTo("by-sub");
        assertThat(r.resolve(query(SUB_B, "RG-Payments-Prod", "x.azurecr.io", "app", null)).rule())
                .isEqualTo("by-rg");
        assertThat(r.resolve(query(SUB_B, "rg-web", "x.azurecr.io", "app", null)).unowned()).isTrue();
        Assignment unknown = r.resolve("x.azurecr.io", "app");
        assertThat(unknown.unowned()).as("conditions on unknown attributes do not match").isTrue();
        assertThat(unknown.rule()).isEqualTo("unowned");
        assertThat(unknown.explanation()).isEqualTo("No rule matched, so the unowned queue applies (by-sub: "
                + "subscription unknown; by-rg: resource group unknown).");
    }

    @Test
    void cloudAndAccountMatchAwsAccountsGcpProjectsAndAzureSubscriptions() throws IOException {
        OwnershipRules r = rules("""
                rules:
                  - {name: aws-shop, cloud: AWS, account: "5440478709*", repository: "mc/**", owner: aws-team}
                  - {name: gcp-staging, cloud: gcp, account: "detection-stg-*", owner: gcp-team}
                  - {name: azure-sub, cloud: azure, account: "11111111-*", owner: azure-team}
                unowned: {owner: triage, team: security, manager: lead}
                """);
        String ecr = "544047870946.dkr.ecr.us-east-1.amazonaws.com";
        Assignment aws = r.resolve(new OwnershipQuery(SUB_B, "rg-defender-connectors", ecr,
                "mc/va/eastus/verybigimage", Map.of(), "aws", "544047870946"));
        assertThat(aws.owner()).isEqualTo("aws-team");
        assertThat(aws.explanation()).isEqualTo("Rule aws-shop (line 2) matched: cloud 'aws'; account '544047870946' "
                + "matches '5440478709*'; repository 'mc/va/eastus/verybigimage' matches 'mc/**'.");
        assertThat(r.resolve(new OwnershipQuery(SUB_B, "rg", "us-central1-docker.pkg.dev",
                "detection-stg-manual-tests-2/hital/nginx", Map.of(), "gcp", "detection-stg-manual-tests-2")).owner())
                .isEqualTo("gcp-team");
        assertThat(r.resolve(new OwnershipQuery(SUB_A, "rg", "x.azurecr.io", "app", Map.of(), "azure", SUB_A))
                .owner()).isEqualTo("azure-team");

        Assignment otherAccount = r.resolve(new OwnershipQuery(SUB_B, "rg", "111122223333.dkr.ecr.eu-west-1"
                + ".amazonaws.com", "mc/app", Map.of(), "aws", "111122223333"));
        assertThat(otherAccount.unowned()).isTrue();
        assertThat(otherAccount.explanation()).isEqualTo("No rule matched, so the unowned queue applies (aws-shop: "
                + "account '111122223333' does not match '5440478709*'; gcp-staging: cloud 'aws' is not 'gcp'; "
                + "azure-sub: cloud 'aws' is not 'azure').");
        assertThat(r.resolve(ecr, "mc/va/eastus/verybigimage").explanation())
                .as("a query that does not know the cloud matches no cloud condition").contains("aws-shop: cloud unknown");
    }

    @Test
    void tagsMustAllMatchAndComeFromTheQueryOrElseTheFile() throws IOException {
        OwnershipRules r = rules("""
                rules:
                  - name: payments-by-tag
                    tags: {team: "pay*", env: prod}
                    owner: a
                registries:
                  tagged.azurecr.io: {tags: {Team: payments, Env: PROD}}
                  half.azurecr.io: {tags: {team: payments}}
                unowned: {owner: triage, team: security, manager: lead}
                """);
        Assignment fromFile = r.resolve("Tagged.azurecr.io", "any/repo");
        assertThat(fromFile.rule()).as("file tags, names and values case-insensitive").isEqualTo("payments-by-tag");
        assertThat(fromFile.explanation()).isEqualTo("Rule payments-by-tag (line 2) matched: tag team 'payments' "
                + "matches 'pay*'; tag env 'PROD' matches 'prod'.");
        assertThat(r.resolve("half.azurecr.io", "any/repo").explanation()).contains("tag env not set");
        assertThat(r.resolve("untagged.azurecr.io", "any/repo").explanation()).contains("registry tags unknown");
        assertThat(r.resolve(query(null, null, "untagged.azurecr.io", "r", Map.of("team", "payroll", "env", "prod")))
                .rule()).as("tags a live source reports").isEqualTo("payments-by-tag");
        assertThat(r.resolve(query(null, null, "tagged.azurecr.io", "r", Map.of("team", "web", "env", "prod")))
                .unowned()).as("a live source's tags win over the file's").isTrue();
    }

    @Test
    void prioritisedRulesComeFirstLowestFirstThenTheRestInFileOrder() throws IOException {
        OwnershipRules r = rules("""
                rules:
                  - {name: catch-all, owner: a}
                  - {name: payments-late, priority: 20, repository: "payments/**", owner: b}
                  - {name: payments-first, priority: 10, repository: "payments/**", owner: c}
                  - {name: payments-tie, priority: 10, repository: "payments/**", owner: d}
                  - {name: web, repository: "web/**", owner: e}
                unowned: {owner: triage, team: security, manager: lead}
                """);
        assertThat(r.resolve("x.azurecr.io", "payments/api").rule()).isEqualTo("payments-first");
        assertThat(r.resolve("x.azurecr.io", "payments/api").explanation()).startsWith(
                "Rule payments-first (line 4, priority 10) matched: repository 'payments/api' matches 'payments/**'");
        assertThat(r.resolve("x.azurecr.io", "web/site").rule()).as("unprioritised rules keep file order")
                .isEqualTo("catch-all");
        assertThat(r.status().rules()).extracting(OwnershipRule::name)
                .containsExactly("payments-first", "payments-tie", "payments-late", "catch-all", "web");
    }

    @Test
    void aMatchCarriesTicketProjectSlaAndEscalationAndUnownedHasItsOwn() throws IOException {
        OwnershipRules r = rules("""
                rules:
                  - name: payments
                    registry: prod.azurecr.io
                    repository: "payments/*"
                    owner: alice
                    escalation: [head-of-payments, ciso]
                    ticketProject: PAY
                    sla: {CRITICAL: 5, High: 20}
                unowned:
                  owner: secops-triage
                  team: security
                  manager: lead
                  ticketProject: SEC
                  sla: {critical: 3}
                """);
        Assignment owned = r.resolve("prod.azurecr.io", "payments/api");
        assertThat(owned.unowned()).isFalse();
        assertThat(owned.team()).isEqualTo("security");
        assertThat(owned.escalationChain()).containsExactly("head-of-payments", "ciso");
        assertThat(owned.ticketProject()).isEqualTo("PAY");
        assertThat(owned.slaDays()).containsExactly(Map.entry(Severity.HIGH, 20), Map.entry(Severity.CRITICAL, 5));
        Assignment unowned = r.resolve("prod.azurecr.io", "web/site");
        assertThat(unowned.unowned()).isTrue();
        assertThat(unowned.owner()).isEqualTo("secops-triage");
        assertThat(unowned.ticketProject()).isEqualTo("SEC");
        assertThat(unowned.slaDays()).isEqualTo(Map.of(Severity.CRITICAL, 3));
        assertThat(unowned.explanation()).isEqualTo("No rule matched, so the unowned queue applies (payments: "
                + "repository 'web/site' does not match 'payments/*').");
        assertThat(r.status().unowned().name()).isEqualTo("unowned");
    }

    @Test
    void aRuleWithoutConditionsMatchesEverything() throws IOException {
        OwnershipRules r = rules("""
                rules:
                  - {owner: a}
                unowned: {owner: triage, team: security, manager: lead}
                """);
        assertThat(r.resolve("x", "y").rule()).isEqualTo("rule 1");
        assertThat(r.resolve("x", "y").explanation()).isEqualTo("Rule rule 1 (line 2) matched: it has no conditions.");
    }
}
