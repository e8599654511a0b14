package dev.fixline.remediation;

import dev.fixline.cluster.ClusterLocks;
import dev.fixline.cluster.ClusterSettings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fixline.ApplicationTest;
import dev.fixline.audit.AuditLog;
import dev.fixline.finding.Severity;
import dev.fixline.ownership.OwnershipProperties;
import dev.fixline.ownership.OwnershipRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import dev.fixline.sla.KevProperties;
import dev.fixline.sla.SlaProperties;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** An edited SLA policy has every open case's dates recomputed, once, by whichever node sees it first. */
@ApplicationTest
class SlaPolicyWatchTest {

    @Autowired OwnershipRules ownership;
    @Autowired CaseRepository cases;
    @Autowired JdbcTemplate jdbc;
    @Autowired ClusterLocks locks;
    @Autowired ClusterSettings settings;
    @Autowired TransactionTemplate tx;
    @Autowired CaseDispatcher dispatcher;
    @Autowired AuditLog audit;
    @Autowired SlaProperties contextPolicy;

    private SlaPolicyWatch watching(Map<Severity, Integer> days) {
        return new SlaPolicyWatch(new SlaProperties(days, Duration.ofDays(7)), ownership, cases, locks, settings, tx,
                audit, Clock.systemUTC());
    }

    @Test
    void anEditedPolicyQueuesEveryOpenCaseOnceAndTheSamePolicyNothing() {
        Map<Severity, Integer> days = new HashMap<>(Map.of(Severity.CRITICAL, 7, Severity.HIGH, 30));
        watching(days).check();
        assertThat(watching(new TreeMap<>(days)).check()).as("the same policy, maps in another order").isZero();

        days.put(Severity.HIGH, 14);
        int open = cases.openCaseIds().size();
        long recordedBefore = events("SLA_POLICY_CHANGED");
        assertThat(watching(days).check()).isEqualTo(open);
        assertThat(watching(days).check()).as("already applied").isZero();
        assertThat(events("SLA_POLICY_CHANGED")).as("one event for the change, none for the same policy again")
                .isEqualTo(recordedBefore + 1);
        assertThat(jdbc.queryForObject("SELECT evidence FROM audit_event WHERE event_type = 'SLA_POLICY_CHANGED' "
                + "ORDER BY id DESC FETCH FIRST 1 ROWS ONLY", String.class)).contains("\"openCases\":" + open);
        dispatcher.dispatch(); // deliver the recomputations, so other tests of this context start clean
    }

    @Test
    void aNewMaximumAgeForTheKevHealthIsNoChangeOfPolicy() {
        Map<Severity, Integer> days = Map.of(Severity.CRITICAL, 3);
        watching(days).check();
        String fingerprint = storedFingerprint();
        SlaProperties laxerHealth = new SlaProperties(days, Duration.ofDays(7), null, null, null, null,
                new KevProperties(null, null, null, Duration.ofDays(5)));
        new SlaPolicyWatch(laxerHealth, ownership, cases, locks, settings, tx, audit, Clock.systemUTC()).check();
        assertThat(storedFingerprint()).as("no case's dates depend on it").isEqualTo(fingerprint);

        SlaProperties noWindow = new SlaProperties(days, Duration.ofDays(7), null, null, null, null,
                new KevProperties(null, null, Duration.ZERO, null));
        new SlaPolicyWatch(noWindow, ownership, cases, locks, settings, tx, audit, Clock.systemUTC()).check();
        assertThat(storedFingerprint()).as("the KEV minimum window is policy").isNotEqualTo(fingerprint);
        dispatcher.dispatch();
    }

    @Test
    void anEditedOwnershipRulesFileIsAnEventOfTheLogOnce(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("ownership.yml");
        Files.writeString(file, "unowned: {owner: triage, team: security, manager: ciso}\n");
        OwnershipRules edited = new OwnershipRules(new OwnershipProperties(file, "corp.example", Duration.ofSeconds(30)),
                Clock.systemUTC());
        SlaProperties policy = contextPolicy;
        new SlaPolicyWatch(policy, edited, cases, locks, settings, tx, audit, Clock.systemUTC()).check();
        long before = events("OWNERSHIP_RULES_CHANGED");

        Files.writeString(file, """
                rules:
                  - name: payments
                    repository: "payments/*"
                    owner: alice
                    team: payments
                    manager: bob
                unowned: {owner: triage, team: security, manager: ciso}
                """);
        edited.reload();
        new SlaPolicyWatch(policy, edited, cases, locks, settings, tx, audit, Clock.systemUTC()).check();
        new SlaPolicyWatch(policy, edited, cases, locks, settings, tx, audit, Clock.systemUTC()).check();

        assertThat(events("OWNERSHIP_RULES_CHANGED")).isEqualTo(before + 1);
        assertThat(jdbc.queryForObject("SELECT summary FROM audit_event WHERE event_type = 'OWNERSHIP_RULES_CHANGED' "
                + "ORDER BY id DESC FETCH FIRST 1 ROWS ONLY", String.class))
                .startsWith("The ownership rules changed: 1 rules from " + file);
        // the context's own rules again, as other tests of this context expect
        new SlaPolicyWatch(policy, ownership, cases, locks, settings, tx, audit, Clock.systemUTC()).check();
        dispatcher.dispatch();
    }

    private long events(String type) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM audit_event WHERE event_type = ?", Long.class, type);
    }

    private String storedFingerprint() {
        return jdbc.queryForObject("SELECT setting_value FROM fixline_setting WHERE setting_name = ?", String.class,
                SlaPolicyWatch.SETTING);
    }
}
