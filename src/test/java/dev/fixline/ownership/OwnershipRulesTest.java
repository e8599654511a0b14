package dev.fixline.ownership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnershipRulesTest {

    @TempDir Path dir;

    static OwnershipRules load(Path file, String emailDomain) {
        return new OwnershipRules(new OwnershipProperties(file, emailDomain, Duration.ofSeconds(30)),
                Clock.systemUTC());
    }

    private OwnershipRules rules(String yaml) throws IOException {
        Path file = dir.resolve("ownership.yml");
        Files.writeString(file, yaml);
        return load(file, "corp.example");
    }

    @Test
    void theSampleRulesAssignByRegistryAndRepository() {
        OwnershipRules sample = load(Path.of("samples", "ownership.yml"), "localhost");
        assertThat(sample.resolve("contosoprod.azurecr.io", "payments/api"))
                .isEqualTo(new Assignment("owner", "payments", "manager", List.of("ciso"), "payments-prod", null,
                        Map.of(), false, "Rule payments-prod (line 6) matched: registry 'contosoprod.azurecr.io' "
                        + "matches 'contosoprod.azurecr.io'; repository 'payments/api' matches 'payments/*'."));
        assertThat(sample.resolve("contosoprod.azurecr.io", "web/frontend/admin").rule()).isEqualTo("web-prod");
        assertThat(sample.resolve("contosodev.azurecr.io", "anything/at/all").owner()).isEqualTo("devops-oncall");
        Assignment elsewhere = sample.resolve("elsewhere.azurecr.io", "payments/api");
        assertThat(elsewhere.rule()).as("the sample's fallback block keeps its name").isEqualTo("fallback");
        assertThat(elsewhere.unowned()).isTrue();
        assertThat(elsewhere.owner()).isEqualTo("secops-triage");
        assertThat(elsewhere.escalationChain()).containsExactly("ciso");
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
    void anInvalidFileIsRefusedAtStartupWithItsLineAndReason() {
        String fallback = "fallback: {owner: t, team: s, manager: m}\n";
        assertThatThrownBy(() -> rules("rules: []\n"))
                .hasMessageContaining("an unowned block (or fallback) with an owner, a team and a manager is required");
        assertThatThrownBy(() -> rules("rules: []\nfallback: {owner: t, team: s}\n"))
                .hasMessageContaining("line 2: an unowned block (or fallback) with an owner, a team and a manager");
        assertThatThrownBy(() -> rules("rules:\n  - {name: x, repository: a}\n" + fallback))
                .hasMessageContaining("line 2: rule 1 (x) has no owner");
        assertThatThrownBy(() -> rules("rules:\n  - {name: x, repo: a, owner: o}\n" + fallback))
                .hasMessageContaining("Cannot read the ownership rules").hasMessageContaining("line 2")
                .hasMessageContaining("unknown key 'repo'");
        assertThatThrownBy(() -> rules("# nothing yet\n"))
                .hasMessageContaining("the file is empty");
        assertThatThrownBy(() -> load(dir.resolve("missing.yml"), "corp.example"))
                .hasMessageContaining("the file does not exist");
    }

    @Test
    void validationErrorsNameTheLineTheRuleStartsOn() throws IOException {
        String base = """
                unowned: {owner: t, team: s, manager: m}
                rules:
                  - name: fine
                    owner: a
                  - name: bad
                    repository: "x/*"
                    owner: b
                    sla: {URGENT: 3}
                """;
        assertThatThrownBy(() -> rules(base)).hasMessageContaining("line 5: rule 2 (bad): sla names an unknown "
                + "severity 'URGENT'");
        assertThatThrownBy(() -> rules(base.replace("URGENT: 3", "HIGH: 0")))
                .hasMessageContaining("line 5: rule 2 (bad): sla.HIGH must be a number of days, at least 1");
        assertThatThrownBy(() -> rules(base.replace("URGENT: 3", "HIGH: soon")))
                .hasMessageContaining("line 8").hasMessageContaining("'HIGH'");
        assertThatThrownBy(() -> rules(base.replace("    owner: b\n", "    owner: b\n    owner: c\n")))
                .as("a key given twice").hasMessageContaining("line 8").hasMessageContaining("owner");
        assertThatThrownBy(() -> rules(base + "fallback: {owner: t, team: s, manager: m}\n"))
                .hasMessageContaining("line 9: give either unowned or fallback");
        assertThatThrownBy(() -> rules(base.replace("    owner: b\n", "    owner: b\n    tags: {team: }\n")))
                .hasMessageContaining("line 5: rule 2 (bad): tag team needs a glob");
        assertThatThrownBy(() -> rules(base.replace("    owner: b\n", "    owner: b\n    cloud: amazon\n")))
                .hasMessageContaining("line 5: rule 2 (bad): cloud 'amazon' is not one of azure, aws, gcp");
    }
}
