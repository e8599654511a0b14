package dev.fixline.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * SIGTERM, as an orchestrator stops a node, while the dispatcher is starting hundreds of cases and the
 * engine's jobs are mailing owners and opening tickets: the JVM exits within the usual 30 s grace period
 * (exit 143), and after the restart every case exists and has started exactly once, with one mail and one
 * ticket each. Runs on H2 in the default suite; {@code -Pcrash} adds PostgreSQL.
 */
class SigtermDuringDispatchTest {

    static final int ROWS = 1_000;
    static final int QUALIFYING = 250;
    static final Duration GRACE = Duration.ofSeconds(30);

    @TestFactory
    Stream<DynamicTest> sigtermDuringDispatch() {
        List<DynamicTest> tests = new ArrayList<>();
        long seed = Long.getLong("crash.seed", System.nanoTime());
        for (String db : CrashRounds.sigtermDatabases()) {
            tests.add(dynamicTest(db, () -> sigtermMidDispatch(CrashRounds.database(db, "sigterm"), seed)));
        }
        return tests.stream();
    }

    private void sigtermMidDispatch(NodeDatabase database, long seed) throws Exception {
        String exportName = "sigterm-export.json";
        try (CrashRig rig = new CrashRig("sigterm-" + database.label() + "-" + seed, database, seed)) {
            rig.jira.createDelay(Duration.ofMillis(200));
            rig.node.start();
            CrashReport report = new CrashReport(rig);
            FixlineApi.Answer posted = rig.api.postExport(new Exports("term").export(ROWS, QUALIFYING,
                    Instant.now().minusSeconds(600)), exportName);
            assertThat(posted.status()).as(posted.body()).isEqualTo(202);

            long target = 30 + rig.random.nextInt(70);
            rig.await("cases started", Duration.ofMinutes(3), () -> CrashSafetyTest.started(rig) >= target);
            FixlineProcess.Stop stop = rig.node.term(GRACE);
            assertThat(stop.exitedInTime()).as("exited within " + GRACE + " of SIGTERM\n" + rig.node.logTail(40))
                    .isTrue();
            assertThat(stop.exitCode()).as("SIGTERM").isEqualTo(143);
            assertThat(rig.node.logContains("Case dispatch and engine jobs stopped for shutdown")).isTrue();
            report.note("SIGTERM after " + target + "+ of " + QUALIFYING + " cases started: exited in "
                    + stop.took().toMillis() + " ms with " + stop.exitCode());

            report.restarted(rig.restart());
            assertThat(CrashSafetyTest.started(rig)).as("dispatch goes on after the restart")
                    .isLessThanOrEqualTo(QUALIFYING);
            report.quiet(rig.awaitQuiet(QUALIFYING));
            Tally tally = rig.tally(exportName, ROWS, QUALIFYING);
            FixlineProcess.Stop last = rig.node.term(GRACE);
            assertThat(last.exitedInTime()).isTrue();
            rig.tallyInDatabase(tally, QUALIFYING);
            report.write(tally, last);
            assertThat(tally.faults()).as("lost or duplicated after SIGTERM mid-dispatch (seed " + seed + ")\n" + tally)
                    .isEmpty();
        }
    }
}
