package dev.fixline.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Committed means on disk on the embedded default too: a burst of sweeps, each acknowledged with 202,
 * then {@code kill -9} at once. After the restart every acknowledged sweep is there. (With H2's default
 * write delay of half a second the last sweeps of the burst were lost.)
 */
class CommittedWorkSurvivesKillTest {

    static final int BURST = 30;

    @TestFactory
    Stream<DynamicTest> everySweepAcknowledgedBeforeAKillIsThereAfterTheRestart() {
        return IntStream.rangeClosed(1, CrashRounds.rounds())
                .mapToObj(round -> dynamicTest("H2 round " + round, () -> burstThenKill("burst-h2-" + round)));
    }

    private void burstThenKill(String name) throws Exception {
        try (FixlineProcess node = FixlineProcess.on(NodeDatabase.h2("burst"), name).start()) {
            FixlineApi api = new FixlineApi(node);
            List<String> acknowledged = new ArrayList<>();
            Instant scanned = Instant.now().minusSeconds(600);
            Instant begin = Instant.now();
            for (int i = 0; i < BURST; i++) {
                FixlineApi.Answer answer = api.postExport(new Exports("burst").export(3, 1, scanned), "burst-" + i);
                assertThat(answer.status()).as(answer.body()).isEqualTo(202);
                acknowledged.add(answer.json().path("id").asText());
            }
            long burstMillis = Duration.between(begin, Instant.now()).toMillis();
            FixlineProcess.Stop killed = node.kill9();
            assertThat(killed.exitCode()).as("SIGKILL").isEqualTo(137);

            node.start();
            List<String> present = api.all("/api/sweeps").stream().map(s -> s.path("id").asText()).toList();
            List<String> lost = acknowledged.stream().filter(id -> !present.contains(id)).toList();
            CrashReport.line("burst of " + BURST + " sweeps then kill -9 (" + name + "): " + lost.size()
                    + " acknowledged sweeps lost; the burst took " + burstMillis + " ms, the restart "
                    + node.lastStartTook().toMillis() / 1000.0 + " s");
            assertThat(lost).as("sweeps acknowledged with 202 but gone after kill -9").isEmpty();
            assertThat(api.total("/api/findings")).isEqualTo(3L * BURST);
        }
    }
}
