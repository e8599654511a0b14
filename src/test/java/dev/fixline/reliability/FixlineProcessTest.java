package dev.fixline.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The harness itself: a separate Fixline JVM on the shipped H2 default starts healthy, takes an export,
 * dies at once on {@code kill -9} (exit 137, SIGKILL), comes back with what it acknowledged, and stops on
 * {@code SIGTERM} (exit 143).
 */
class FixlineProcessTest {

    @Test
    void aSeparateNodeIsKilledRestartedAndStopped() throws Exception {
        Exports exports = new Exports("smoke");
        try (FixlineProcess node = FixlineProcess.on(NodeDatabase.h2("smoke"), "smoke-h2").start()) {
            FixlineApi api = new FixlineApi(node);
            assertThat(api.postExport(exports.export(5, 2, Instant.now().minusSeconds(3600)), "smoke.json").status())
                    .isEqualTo(202);

            FixlineProcess.Stop killed = node.kill9();
            assertThat(killed.exitedInTime()).isTrue();
            assertThat(killed.exitCode()).as("SIGKILL").isEqualTo(137);

            node.start();
            assertThat(api.total("/api/sweeps")).isEqualTo(1);
            assertThat(api.total("/api/findings")).isEqualTo(5);

            FixlineProcess.Stop stopped = node.term(Duration.ofSeconds(60));
            assertThat(stopped.exitedInTime()).isTrue();
            assertThat(stopped.exitCode()).as("SIGTERM").isEqualTo(143);
        }
    }
}
