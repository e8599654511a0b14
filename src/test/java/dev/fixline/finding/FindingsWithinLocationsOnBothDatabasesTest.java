package dev.fixline.finding;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.fixline.DefenderRows;
import dev.fixline.MutableClock;
import dev.fixline.TestInfrastructure;
import dev.fixline.ingest.defender.SubAssessmentMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The finding list limited to some locations (a person's sight), on H2 and on a real PostgreSQL: the
 * locations are joined in as arrays, an unknown subscription or resource group matches only an unknown
 * one, and the total counts exactly what the pages hold. The locations are read again after a sweep.
 */
class FindingsWithinLocationsOnBothDatabasesTest {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());
    private static final Instant SCANNED = Instant.parse("2026-06-01T09:00:00Z");

    private final MutableClock clock = new MutableClock();
    private JdbcTemplate jdbc;
    private FindingStore store;
    private TransactionTemplate transactions;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void onlyTheFindingsOfTheGivenLocationsAreCountedAndPaged(String database) {
        open(database);
        DefenderRows a = new DefenderRows(JSON, "a");
        DefenderRows b = new DefenderRows(JSON, "b");
        DefenderRows c = new DefenderRows(JSON, "c");
        apply(row(a, "CVE-2026-3000"), row(a, "CVE-2026-3001"), row(b, "CVE-2026-3000"), row(c, "CVE-2026-3000"));
        // Registry b as a portal export without subscription and resource group would have left it.
        jdbc.update("UPDATE finding SET subscription_id = NULL, resource_group = NULL WHERE registry_host = ?",
                b.registryHost());

        FindingLocation inA = location(a);
        FindingLocation inB = location(b);
        assertThat(inB.subscriptionId()).isNull();
        assertThat(store.locations()).contains(inA, inB, location(c));

        List<String> paged = new ArrayList<>();
        for (int page = 0; page < 4; page++) {
            Page<Finding> one = store.findings(within(Set.of(inA, inB)), page, 1);
            assertThat(one.total()).as("page " + page).isEqualTo(3);
            one.items().forEach(f -> paged.add(f.key().registryHost() + " " + f.key().vulnerabilityId()));
        }
        assertThat(paged).containsExactlyInAnyOrder(a.registryHost() + " CVE-2026-3000",
                a.registryHost() + " CVE-2026-3001", b.registryHost() + " CVE-2026-3000");

        FindingLocation bWithASubscription = new FindingLocation(inB.registryHost(), inB.repository(),
                inA.subscriptionId(), inB.resourceGroup(), inB.cloud(), inB.account());
        assertThat(store.findings(within(Set.of(bWithASubscription)), 0, 10).total())
                .as("an unknown subscription matches only an unknown one").isZero();
        assertThat(store.findings(within(Set.of()), 0, 10).total()).isZero();

        DefenderRows d = new DefenderRows(JSON, "d");
        apply(row(d, "CVE-2026-3000"));
        assertThat(store.locations()).as("read again after the sweep").contains(location(d));
    }

    /** The auditor's period: a finding is in it when it was open at some moment of it; a suppression ends it. */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aPeriodHoldsTheFindingsOpenAtSomeMomentOfIt(String database) {
        open(database);
        DefenderRows a = new DefenderRows(JSON, "p");
        apply(row(a, "CVE-2026-4001"), row(a, "CVE-2026-4002"), row(a, "CVE-2026-4003"));
        jdbc.update("UPDATE finding SET state = 'FIXED', closed_at = ? WHERE registry_host = ? AND vulnerability_id = ?",
                Instant.parse("2026-06-10T00:00:00Z").atOffset(java.time.ZoneOffset.UTC), a.registryHost(),
                "CVE-2026-4002");
        String suppressed = jdbc.queryForObject("SELECT id FROM finding WHERE registry_host = ? AND vulnerability_id = ?",
                String.class, a.registryHost(), "CVE-2026-4003");
        assertThat(store.suppress(suppressed, new Finding.Suppression(Instant.parse("2026-06-05T00:00:00Z"), "security-lead",
                "not in the image"))).isTrue();

        assertThat(inPeriod(a, "2026-06-07T00:00:00Z", "2026-06-08T00:00:00Z")).containsExactly("CVE-2026-4001",
                "CVE-2026-4002");
        assertThat(inPeriod(a, "2026-06-20T00:00:00Z", "2026-07-01T00:00:00Z")).containsExactly("CVE-2026-4001");
        assertThat(inPeriod(a, "2026-06-02T00:00:00Z", "2026-06-03T00:00:00Z"))
                .containsExactly("CVE-2026-4001", "CVE-2026-4002", "CVE-2026-4003");
        assertThat(inPeriod(a, "2026-05-01T00:00:00Z", "2026-05-02T00:00:00Z")).as("before the first detection")
                .isEmpty();
    }

    private List<String> inPeriod(DefenderRows registry, String from, String until) {
        FindingQuery query = new FindingQuery(null, null, "app/api", null, Set.of(location(registry)),
                Instant.parse(from), Instant.parse(until));
        return store.findings(query, 0, 10).items().stream().map(f -> f.key().vulnerabilityId()).sorted().toList();
    }

    private static FindingQuery within(Set<FindingLocation> locations) {
        return new FindingQuery(null, null, "app/api", null, locations);
    }

    private FindingLocation location(DefenderRows registry) {
        return store.locations().stream().filter(l -> l.registryHost().equals(registry.registryHost())).findFirst()
                .orElseThrow();
    }

    private void open(String database) {
        DataSource dataSource = migrated(database);
        jdbc = new JdbcTemplate(dataSource);
        store = FindingStores.on(dataSource, JSON, event -> { }, clock);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    private static DataSource migrated(String database) {
        return TestInfrastructure.migratedDatabase(database, "within");
    }

    /** The rows as one partial sweep, in one transaction, as {@code FindingStore.applySweep} does. */
    private void apply(ObjectNode... exported) {
        SubAssessmentMapper mapper = new SubAssessmentMapper(Duration.ZERO);
        transactions.executeWithoutResult(status -> store.applySweep("file", "test", SweepScope.REGISTRIES_IN_ROWS,
                feed -> {
                    for (int i = 0; i < exported.length; i++) {
                        feed.accept(mapper.map(i + 1, exported[i]));
                    }
                    return Optional.of("a page of a longer result");
                }));
    }

    private static ObjectNode row(DefenderRows registry, String cve) {
        return registry.row("app/api", "sha256:" + "a".repeat(64), SCANNED.minus(Duration.ofHours(1)), SCANNED, cve,
                "High", registry.os("ubuntu_linux_22.04"), "openssl", "3.0.2-0ubuntu1.10", "3.0.2-0ubuntu1.12");
    }
}
