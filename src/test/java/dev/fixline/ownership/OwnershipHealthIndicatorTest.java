package dev.fixline.ownership;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

class OwnershipHealthIndicatorTest {

    @TempDir Path dir;

    @Test
    void upWhileTheLastLoadSucceededDegradedAfterAFailedReload() throws IOException {
        Path file = dir.resolve("ownership.yml");
        Files.writeString(file, "unowned: {owner: t, team: s, manager: m}\n");
        OwnershipRules rules = OwnershipRulesTest.load(file, "corp.example");
        OwnershipHealthIndicator indicator = new OwnershipHealthIndicator(rules);

        Health up = indicator.health();
        assertThat(up.getStatus()).isEqualTo(Status.UP);
        assertThat(up.getDetails()).containsEntry("rules", 0).containsEntry("file", file.toString())
                .containsKey("loadedAt").doesNotContainKey("lastError");

        Files.writeString(file, "unowned: {owner: t}\n");
        rules.reload();
        Health degraded = indicator.health();
        assertThat(degraded.getStatus().getCode()).isEqualTo("DEGRADED");
        assertThat(degraded.getDetails()).containsEntry("rules", 0);
        assertThat(degraded.getDetails().get("lastError")).isInstanceOfSatisfying(RulesError.class, e -> {
            assertThat(e.line()).isEqualTo(1);
            assertThat(e.reason()).contains("an unowned block (or fallback) with an owner, a team and a manager");
        });
    }
}
