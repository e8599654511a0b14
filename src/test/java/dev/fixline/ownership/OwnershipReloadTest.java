package dev.fixline.ownership;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class OwnershipReloadTest {

    private static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");
    private static final String GOOD = """
            rules:
              - {name: payments, repository: "payments/*", owner: alice}
            unowned: {owner: triage, team: security, manager: lead}
            """;

    @TempDir Path dir;
    private Path file;
    private OwnershipRules rules;

    @BeforeEach
    void start() throws IOException {
        file = dir.resolve("ownership.yml");
        write(GOOD);
        rules = new OwnershipRules(new OwnershipProperties(file, "corp.example", Duration.ofSeconds(30)),
                Clock.fixed(T0, ZoneOffset.UTC));
    }

    /** Each write gets a later modification time, so that a coarse file-system clock cannot hide it. */
    private void write(String yaml) throws IOException {
        FileTime previous = Files.exists(file) ? Files.getLastModifiedTime(file) : FileTime.from(T0);
        Files.writeString(file, yaml);
        Files.setLastModifiedTime(file, FileTime.from(previous.toInstant().plusSeconds(1)));
    }

    @Test
    void aValidChangeReplacesTheRules() throws IOException {
        assertThat(rules.resolve("x.azurecr.io", "web/site").unowned()).isTrue();
        write(GOOD.replace("rules:\n", "rules:\n  - {name: web, repository: \"web/**\", owner: bob}\n"));
        assertThat(rules.reload()).isTrue();
        assertThat(rules.resolve("x.azurecr.io", "web/site").rule()).isEqualTo("web");
        assertThat(rules.status().ruleCount()).isEqualTo(2);
        assertThat(rules.status().lastError()).isNull();
    }

    @Test
    void anInvalidFileKeepsThePreviousRulesAndReportsLineAndReason(CapturedOutput output) throws IOException {
        write(GOOD.replace("rules:\n", "rules:\n  - {name: web, repository: \"web/**\", owner: bob}\n")
                .replace("owner: alice", "owner: alice, sla: {HIGH: -1}"));
        assertThat(rules.reload()).isFalse();

        assertThat(rules.resolve("x.azurecr.io", "web/site").unowned()).as("nothing half-applied").isTrue();
        assertThat(rules.resolve("x.azurecr.io", "payments/api").rule()).isEqualTo("payments");
        RulesStatus status = rules.status();
        assertThat(status.ruleCount()).isEqualTo(1);
        assertThat(status.loadedAt()).isEqualTo(T0);
        assertThat(status.lastError()).isEqualTo(new RulesError(T0, file.toString(), 3,
                "rule 2 (payments): sla.HIGH must be a number of days, at least 1"));
        assertThat(output.getOut()).contains("WARN", "Ownership rules " + file + ", line 3 not applied: rule 2 "
                + "(payments): sla.HIGH must be a number of days, at least 1; the 1 rules loaded at " + T0
                + " stay in force");

        write(GOOD.replace("payments/*", "payments/**"));
        assertThat(rules.reload()).as("a fixed file is taken and clears the error").isTrue();
        assertThat(rules.status().lastError()).isNull();
        assertThat(rules.resolve("x.azurecr.io", "payments/api/v2").rule()).isEqualTo("payments");
    }

    @Test
    void aYamlSyntaxErrorIsReportedOnTheLineWhereItBroke() throws IOException {
        write(GOOD + "contacts:\n\talice: alice@corp.example\n");
        assertThat(rules.reload()).isFalse();
        assertThat(rules.status().lastError().line()).isEqualTo(5);
        assertThat(rules.status().lastError().reason()).contains("Do not use \\t(TAB) for indentation");
        assertThat(rules.status().ruleCount()).isEqualTo(1);
    }

    /** YAML's "\0" and "\r\n" escapes give control characters; a name or an address with one is no name. */
    @Test
    void aControlCharacterInAValueMakesTheFileInvalid() throws IOException {
        write(GOOD.replace("owner: alice", "owner: \"ali\\0ce\""));
        assertThat(rules.reload()).isFalse();
        assertThat(rules.status().lastError().reason())
                .isEqualTo("rules[0].owner holds a NUL (U+0000) at character 4");
        write(GOOD + "contacts:\n  alice: \"alice@corp.example\\r\\nBcc: victim@evil.example\"\n");
        assertThat(rules.reload()).isFalse();
        assertThat(rules.status().lastError().reason())
                .isEqualTo("contacts.alice holds a carriage return (U+000D) at character 19");
        assertThat(rules.resolve("x.azurecr.io", "payments/api").owner()).as("the rules in force stay").isEqualTo("alice");
    }

    @Test
    void theScheduledCheckReadsTheFileOnlyWhenItChanged(CapturedOutput output) throws IOException {
        rules.reloadIfChanged();
        assertThat(output.getOut()).doesNotContain("Reloaded");

        write(GOOD.replace("alice", "carol"));
        rules.reloadIfChanged();
        assertThat(rules.resolve("x.azurecr.io", "payments/api").owner()).isEqualTo("carol");

        write("rules: [");
        rules.reloadIfChanged();
        rules.reloadIfChanged();
        assertThat(output.getOut().split("not applied", -1)).as("a bad file is reported once, not every check")
                .hasSize(2);
        assertThat(rules.resolve("x.azurecr.io", "payments/api").owner()).isEqualTo("carol");

        Files.delete(file);
        rules.reloadIfChanged();
        assertThat(rules.status().lastError().reason()).isEqualTo("the file does not exist");
        assertThat(rules.status().lastError().line()).isNull();
        assertThat(rules.resolve("x.azurecr.io", "payments/api").owner()).isEqualTo("carol");
    }
}
