package dev.fixline.remediation;

import dev.fixline.cluster.ClusterLocks;
import dev.fixline.cluster.ClusterSettings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fixline.ApplicationTest;
import dev.fixline.finding.Severity;
import dev.fixline.ownership.OwnershipRules;
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

    private SlaPolicyWatch watching(Map<Severity, Integer> days) {
        return new SlaPolicyWatch(new SlaProperties(days, Duration.ofDays(7)), ownership, cases, locks, settings, tx,
                Clock.systemUTC());
    }

    @Test
    void anEditedPolicyQueuesEveryOpenCaseOnceAndTheSamePolicyNothing() {
        Map<Severity, Integer> days = new HashMap<>(Map.of(Severity.CRITICAL, 7, Severity.HIGH, 30));
        watching(days).check();
        assertThat(watching(new TreeMap<>(days)).check()).as("the same policy, maps in another order").isZero();

        days.put(Severity.HIGH, 14);
        int open = cases.openCaseIds().size();
        assertThat(watching(days).check()).isEqualTo(open);
        assertThat(watching(days).check()).as("already applied").isZero();
        dispatcher.dispatch(); // deliver the recomputations, so other tests of this context start clean
    }

    @Test
    void aNewMaximumAgeForTheKevHealthIsNoChangeOfPolicy() {
        Map<Severity, Integer> days = Map.of(Severity.CRITICAL, 3);
        watching(days).check();
        String fingerprint = storedFingerprint();
        SlaProperties laxerHealth = new SlaProperties(days, Duration.ofDays(7), null, null, null, null,
                new KevProperties(null, null, null, Duration.ofDays(5)));
        new SlaPolicyWatch(laxerHealth, ownership, cases, locks, settings, tx, Clock.systemUTC()).check();
        assertThat(storedFingerprint()).as("no case's dates depend on it").isEqualTo(fingerprint);

        SlaProperties noWindow = new SlaProperties(days, Duration.ofDays(7), null, null, null, null,
                new KevProperties(null, null, Duration.ZERO, null));
        new SlaPolicyWatch(noWindow, ownership, cases, locks, settings, tx, Clock.systemUTC()).check();
        assertThat(storedFingerprint()).as("the KEV minimum window is policy").isNotEqualTo(fingerprint);
        dispatcher.dispatch();
    }

    private String storedFingerprint() {
        return jdbc.queryForObject("SELECT setting_value FROM fixline_setting WHERE setting_name = ?", String.class,
                SlaPolicyWatch.SETTING);
    }
}
