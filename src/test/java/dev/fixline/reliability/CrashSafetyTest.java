package dev.fixline.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code kill -9} of a real Fixline JVM in each phase of its work, on H2 and on PostgreSQL: during a
 * 20,000-row sweep, during case dispatch, during mail sending and during ticket creation (Jira answering
 * slowly, so the kill lands mid-call). After the last restart nothing is lost and nothing duplicated:
 * every finding of the export, one case and one process per qualifying finding, one Jira issue per case
 * (as a Jira administrator would count them), one mail per notification, and the interrupted sweep
 * imported again by posting the same export.
 *
 * <p>Each run draws its kill moments from a seed that it logs ({@code -Dcrash.seed} repeats one). The
 * default suite runs one chain per database; {@code -Pcrash} runs {@code crash.rounds} chains per database
 * (see docs/reliability-crash.md).
 */
class CrashSafetyTest {

    static final int ROWS = 20_000;
    static final int QUALIFYING = 120;
    static final Duration JIRA_CREATE_DELAY = Duration.ofMillis(800);
    static final Duration GRACE = Duration.ofSeconds(30);
    static final Duration UPLOAD = Duration.ofSeconds(6);

    @TestFactory
    Stream<DynamicTest> killedInEveryPhase() {
        List<DynamicTest> tests = new ArrayList<>();
        long seed = Long.getLong("crash.seed", System.nanoTime());
        for (int round = 0; round < CrashRounds.rounds(); round++) {
            for (String db : CrashRounds.databases()) {
                long roundSeed = seed + 1000L * round + db.hashCode() % 1000;
                tests.add(dynamicTest(db + " round " + (round + 1) + " (seed " + roundSeed + ")",
                        () -> killInEveryPhase(CrashRounds.database(db, "chain"), roundSeed)));
            }
        }
        return tests.stream();
    }

    private void killInEveryPhase(NodeDatabase database, long seed) throws Exception {
        String exportName = "crash-export-" + seed + ".json";
        byte[] export = new Exports("crash").export(ROWS, QUALIFYING, Instant.now().minusSeconds(600));
        try (CrashRig rig = new CrashRig("chain-" + database.label() + "-" + seed, database, seed)) {
            rig.jira.createDelay(JIRA_CREATE_DELAY);
            rig.node.start();
            CrashReport report = new CrashReport(rig);

            // 1. A large sweep, killed at a random moment of its import: the 16 MB upload takes 6 s (a slow
            // client, so that the moment does not depend on the machine's speed), staging runs with it, and
            // applying takes a few seconds more; a late kill lands after the 202.
            CompletableFuture<FixlineApi.Answer> post = rig.postInBackground(export, exportName, UPLOAD);
            Duration delay = rig.between(Duration.ofMillis(500), UPLOAD.plusSeconds(3));
            Instant begin = Instant.now();
            while (!post.isDone() && Duration.between(begin, Instant.now()).compareTo(delay) < 0) {
                FixlineProcess.sleep(Duration.ofMillis(20));
            }
            boolean acknowledged = post.isDone() && post.join().status() == 202;
            rig.kill("sweep", (acknowledged ? "after its 202, " : "") + Duration.between(begin, Instant.now()).toMillis()
                    + " ms into the upload");
            report.restarted(rig.restart());
            long applied = sweepsNamed(rig, exportName);
            assertThat(applied).as("the sweep is applied whole or not at all").isLessThanOrEqualTo(1);
            if (acknowledged) {
                assertThat(applied).as("a sweep acknowledged with 202 survives kill -9").isEqualTo(1);
            }

            // 2. The same export posted again: applied now if the kill undid it, refused as stale if not.
            FixlineApi.Answer again = rig.api.postExport(export, exportName);
            assertThat(again.status()).as(again.body()).isEqualTo(applied == 1 ? 409 : 202);

            // 3. Case dispatch, killed once part of the cases have started.
            long target = Math.round(QUALIFYING * (0.1 + 0.5 * rig.random.nextDouble()));
            rig.await("cases started", Duration.ofMinutes(3), () -> started(rig) >= target);
            long startedAtKill = started(rig);
            rig.kill("dispatch", startedAtKill + " of " + QUALIFYING + " cases started");
            report.restarted(rig.restart());

            // 4. Mail sending, killed after a few more mails went out.
            int mailed = rig.mail.received();
            assertThat(mailed).as("mails left to send in the mail phase").isLessThan(QUALIFYING);
            int mailTarget = mailed + 1 + rig.random.nextInt(Math.min(15, QUALIFYING - mailed));
            rig.await("mails", Duration.ofMinutes(3), () -> rig.mail.received() >= mailTarget);
            rig.kill("mail sending", rig.mail.received() + " of " + QUALIFYING + " mails received");
            report.restarted(rig.restart());

            // 5. Ticket creation, killed while Jira takes its time over a create's answer.
            int issues = rig.jira.issuesByFingerprint().size();
            assertThat(issues).as("tickets left to create in the ticket phase").isLessThan(QUALIFYING);
            int creates = rig.jira.createRequests();
            rig.await("a ticket create", Duration.ofMinutes(3), () -> rig.jira.createRequests() > creates);
            Duration intoCall = rig.between(Duration.ZERO, JIRA_CREATE_DELAY.minusMillis(100));
            FixlineProcess.sleep(intoCall);
            rig.kill("ticket creation", intoCall.toMillis() + " ms into a create call, " + rig.jira.createRequests()
                    + " creates sent");
            report.restarted(rig.restart());

            // Everything done exactly once, then a clean stop.
            report.quiet(rig.awaitQuiet(QUALIFYING));
            Tally tally = rig.tally(exportName, ROWS, QUALIFYING);
            FixlineProcess.Stop stop = rig.node.term(GRACE);
            assertThat(stop.exitedInTime()).as("stopped within " + GRACE + " of SIGTERM").isTrue();
            rig.tallyInDatabase(tally, QUALIFYING);
            report.write(tally, stop);
            assertThat(tally.faults()).as("lost or duplicated after kills " + rig.kills() + " (seed " + seed + ")\n"
                    + tally).isEmpty();
        }
    }

    static long started(CrashRig rig) {
        return rig.api.total("/api/cases") - rig.casesInState("PENDING");
    }

    static long sweepsNamed(CrashRig rig, String name) {
        return rig.api.all("/api/sweeps").stream().filter(s -> s.path("sourceName").asText().equals(name)).count();
    }
}
