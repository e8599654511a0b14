package dev.fixline.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fixline.MutableClock;
import dev.fixline.TestInfrastructure;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * {@code fixline audit verify} as an auditor runs it on a copy of the database: the exit code and the words
 * say whether the chain holds and where it broke; a wrong argument or an unreachable database is said so.
 */
class AuditCommandLineTest {

    private final MutableClock clock = new MutableClock();
    private JdbcTemplate jdbc;
    private String url;

    @BeforeEach
    void aChainOfSixEventsOverThreeDays() {
        JdbcDataSource dataSource = (JdbcDataSource) TestInfrastructure.migratedDatabase("h2", "audit-cli");
        url = dataSource.getURL();
        jdbc = new JdbcTemplate(dataSource);
        AuditLog log = new AuditLog(jdbc, new AuditSeal(jdbc), new DataSourceTransactionManager(dataSource), clock);
        for (int day = 1; day <= 3; day++) {
            clock.set(Instant.parse("2026-06-0" + day + "T10:00:00Z"));
            log.record("case-" + day, null, AuditEventType.CASE_OPENED, AuditLog.SYSTEM, "opened on day " + day, null);
            log.record("case-" + day, null, AuditEventType.OWNER_ASSIGNED, AuditLog.SYSTEM, "owner of day " + day, null);
        }
    }

    @Test
    void anIntactChainExitsWithZeroAndNamesItsHead() {
        Run run = run("audit", "verify");

        assertThat(run.exit).as(run.out).isEqualTo(AuditCommandLine.INTACT);
        String head = jdbc.queryForObject("SELECT hash FROM audit_chain_head", String.class);
        assertThat(run.out).contains("INTACT: 6 events checked").contains("head: place 6, hash " + head);
    }

    @Test
    void aChangedEventIsNamedAndTheExitCodeIsOne() {
        jdbc.update("UPDATE audit_event SET actor = 'someone-else' WHERE seq = 4");

        Run run = run("audit", "verify");

        assertThat(run.exit).as(run.out).isEqualTo(AuditCommandLine.BROKEN);
        assertThat(run.out).contains("BROKEN").contains("first broken: event 4 (row ")
                .contains("is not as it was sealed");
    }

    @Test
    void daysAndPlacesChooseTheStretchChecked() {
        jdbc.update("UPDATE audit_event SET summary = 'rewritten' WHERE seq = 6");

        Run secondDay = run("audit", "verify", "--from", "2026-06-02", "--to", "2026-06-02");
        Run places = run("audit", "verify", "--from", "1", "--to", "5");
        Run thirdDay = run("audit", "verify", "--from", "2026-06-03");
        Run nothing = run("audit", "verify", "--from", "2026-07-01");

        assertThat(secondDay.exit).as(secondDay.out).isZero();
        assertThat(secondDay.out).contains("2 events checked (places 3 to 4)");
        assertThat(places.exit).as(places.out).isZero();
        assertThat(places.out).contains("5 events checked (places 1 to 5)");
        assertThat(thirdDay.exit).isEqualTo(AuditCommandLine.BROKEN);
        assertThat(thirdDay.out).contains("event 6 (row ");
        assertThat(nothing.exit).isZero();
        assertThat(nothing.out).contains("No event of the chain was recorded in that period");
    }

    @Test
    void aWrongArgumentOrAnUnreachableDatabaseExitsWithTwo() {
        Run day = run("audit", "verify", "--from", "June");
        Run command = run("audit", "repair");
        Run backwards = run("audit", "verify", "--from", "300", "--to", "100");
        Run database = new AuditCommandLineTest().runOn("jdbc:postgresql://127.0.0.1:1/fixline", "audit", "verify");

        assertThat(day.exit).isEqualTo(AuditCommandLine.FAILED);
        assertThat(day.out).contains("--from 'June' is neither a place in the chain (1, 2, …) nor a day (2026-06-30)");
        assertThat(backwards.exit).isEqualTo(AuditCommandLine.FAILED);
        assertThat(backwards.out).contains("--to comes before --from");
        assertThat(command.exit).isEqualTo(AuditCommandLine.FAILED);
        assertThat(command.out).contains("usage: fixline audit verify");
        assertThat(database.exit).isEqualTo(AuditCommandLine.FAILED);
        assertThat(database.out).contains("the chain could not be checked");
    }

    private Run run(String... args) {
        return runOn(url, args);
    }

    private Run runOn(String database, String... args) {
        String[] all = new String[args.length + 3];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--spring.datasource.url=" + database;
        all[args.length + 1] = "--spring.datasource.username=" + (database.startsWith("jdbc:h2") ? "sa" : "fixline");
        all[args.length + 2] = "--spring.datasource.password=";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = AuditCommandLine.run(all, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return new Run(exit, bytes.toString(StandardCharsets.UTF_8));
    }

    private record Run(int exit, String out) {
    }
}
