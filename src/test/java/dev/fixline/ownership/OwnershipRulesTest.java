package dev.fixline.ownership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnershipRulesTest {

    @TempDir Path dir;

    private OwnershipRules rules(String yaml) throws IOException {
        Path file = dir.resolve("ownership.yml");
        Files.writeString(file, yaml);
        return new OwnershipRules(new OwnershipProperties(file, "corp.example"));
    }

    @Test
    void theSampleRulesAssignByRegistryAndRepository() throws IOException {
        OwnershipRules sample = new OwnershipRules(new OwnershipProperties(Path.of("samples", "ownership.yml"),
                "localhost"));
        assertThat(sample.resolve("contosoprod.azurecr.io", "payments/api"))
                .isEqualTo(new Assignment("owner", "payments", "manager", java.util.List.of("ciso"), "payments-prod"));
        assertThat(sample.resolve("contosoprod.azurecr.io", "web/frontend/admin").rule()).isEqualTo("web-prod");
        assertThat(sample.resolve("contosodev.azurecr.io", "anything/at/all").owner()).isEqualTo("devops-oncall");
        assertThat(sample.resolve("elsewhere.azurecr.io", "payments/api").rule()).isEqualTo("fallback");
        assertThat(sample.emailOf("manager")).isEqualTo("manager@contoso.example");
    }

    @Test
    void theFirstMatchingRuleWinsAndGlobsRespectPathSegments() throws IOException {
        OwnershipRules r = rules("""
                rules:
                  - {name: one-level, registry: "*.azurecr.io", repository: "team/*", owner: a}
                  - {name: any-depth, repository: "team/**", owner: b}
                  - {name: single-char, repository: "svc?", owner: c}
                fallback: {owner: triage, team: security, manager: lead}
                """);
        assertThat(r.resolve("x.azurecr.io", "team/api").rule()).isEqualTo("one-level");
        assertThat(r.resolve("x.azurecr.io", "team/api/v2").rule()).isEqualTo("any-depth");
        assertThat(r.resolve("docker.io", "TEAM/api").rule()).as("case-insensitive").isEqualTo("any-depth");
        assertThat(r.resolve("x.azurecr.io", "svc1").rule()).isEqualTo("single-char");
        assertThat(r.resolve("x.azurecr.io", "svc12").rule()).isEqualTo("fallback");
        assertThat(r.resolve("x.azurecr.io", "svc12").owner()).isEqualTo("triage");
        assertThat(r.resolve("x.azurecr.io", "team/api")).as("a rule without team or manager takes the fallback's")
                .satisfies(a -> {
                    assertThat(a.team()).isEqualTo("security");
                    assertThat(a.manager()).isEqualTo("lead");
                });
        assertThat(r.emailOf("b")).isEqualTo("b@corp.example");
        assertThat(r.emailOf("someone@else.example")).isEqualTo("someone@else.example");
    }

    @Test
    void anInvalidFileIsRefusedWithItsReason() throws IOException {
        String fallback = "fallback: {owner: t, team: s, manager: m}\n";
        assertThatThrownBy(() -> rules("rules: []\n"))
                .hasMessageContaining("a fallback with an owner, a team and a manager is required");
        assertThatThrownBy(() -> rules("rules: []\nfallback: {owner: t, team: s}\n"))
                .hasMessageContaining("a fallback with an owner, a team and a manager is required");
        assertThatThrownBy(() -> rules("rules:\n  - {name: x, repository: a}\n" + fallback))
                .hasMessageContaining("rule 1 (x) has no owner");
        assertThatThrownBy(() -> rules("rules:\n  - {name: x, repo: a, owner: o}\n" + fallback))
                .hasMessageContaining("Cannot read the ownership rules").hasMessageContaining("repo");
    }
}
