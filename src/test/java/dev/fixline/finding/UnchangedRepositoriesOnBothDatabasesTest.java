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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Which repositories a sweep skips as unchanged, and what it keeps of them: on H2 and PostgreSQL, with the rows
 * held in memory (the default) and with a sweep larger than {@code fixline.sweep.rows-in-memory}, which writes
 * every row as it reads it. Rows are Defender's, read by the real mapper; each test has a registry of its own.
 */
class UnchangedRepositoriesOnBothDatabasesTest {

    static final Instant PUSHED = Instant.parse("2026-06-01T08:00:00Z");
    static final String DIGEST = "sha256:" + "a".repeat(64);
    static final String DAY1 = "2026-06-02T09:00:00Z";
    static final String DAY2 = "2026-06-03T09:00:00Z";
    static final String DAY3 = "2026-06-04T09:00:00Z";

    private static final Map<String, DataSource> DATABASES = new ConcurrentHashMap<>();
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());

    private final MutableClock clock = new MutableClock();
    private final DefenderRows rows = new DefenderRows(JSON, "u");
    private FindingStore store;
    private JdbcTemplate jdbc;
    private TransactionTemplate transactions;
    private boolean held;

    @ParameterizedTest(name = "{0}, {1} rows in memory")
    @CsvSource({"h2, 200000", "h2, 1", "postgres, 200000", "postgres, 1"})
    void anIdenticalRescanMovesOnlyTheSighting(String database, int rowsInMemory) {
        open(database, rowsInMemory);
        Sweep first = apply(row("app/api", "CVE-2026-1000", DAY1), row("app/api", "CVE-2026-1001", DAY1),
                row("app/web", "CVE-2026-1002", DAY1));
        assertThat(staged(first)).isEqualTo(3);

        Sweep rescan = apply(row("app/api", "CVE-2026-1000", DAY2), row("app/api", "CVE-2026-1001", DAY2),
                row("app/web", "CVE-2026-1002", DAY2));

        assertThat(rescan.counts().unchanged()).isEqualTo(3);
        assertThat(rescan.counts().newFindings() + rescan.counts().changed()).isZero();
        assertThat(staged(rescan)).as("rows written for the rescan").isEqualTo(held ? 0 : 3);
        Finding f = finding("app/api", "CVE-2026-1000");
        assertThat(f.lastSweepId()).isEqualTo(rescan.id());
        assertThat(f.lastSeenAt()).isEqualTo(Instant.parse(DAY2));
        assertThat(f.firstDetectedAt()).isEqualTo(Instant.parse(DAY1));
    }

    /** The one repository that changed is diffed, from the rows in memory or read back, and its rows kept. */
    @ParameterizedTest(name = "{0}, {1} rows in memory")
    @CsvSource({"h2, 200000", "h2, 1", "postgres, 200000", "postgres, 1"})
    void onlyTheRepositoryThatChangedIsDiffedAndItsRowsKept(String database, int rowsInMemory) {
        open(database, rowsInMemory);
        apply(row("app/api", "CVE-2026-2000", DAY1), row("app/web", "CVE-2026-2001", DAY1));

        Sweep next = apply(row("app/api", "CVE-2026-2000", DAY2), row("app/web", "CVE-2026-2001", DAY2),
                row("app/web", "CVE-2026-2002", DAY2));

        assertThat(next.counts().newFindings()).isEqualTo(1);
        assertThat(next.counts().unchanged()).isEqualTo(2);
        assertThat(staged(next, "app/web")).isEqualTo(2);
        assertThat(staged(next, "app/api")).isEqualTo(held ? 0 : 1);
        assertThat(finding("app/web", "CVE-2026-2002").firstDetectedAt()).isEqualTo(Instant.parse(DAY2));
        assertThat(finding("app/web", "CVE-2026-2001").lastSweepId()).isEqualTo(next.id());
        assertThat(finding("app/api", "CVE-2026-2000").lastSweepId()).isEqualTo(next.id());
    }

    /** A row scanned before its finding was first detected moves that date, so its repository is diffed. */
    @ParameterizedTest(name = "{0}, {1} rows in memory")
    @CsvSource({"h2, 200000", "h2, 1", "postgres, 200000", "postgres, 1"})
    void aRowScannedBeforeItsFindingWasDetectedIsDiffed(String database, int rowsInMemory) {
        open(database, rowsInMemory);
        apply(row("app/api", "CVE-2026-3000", DAY2), row("app/api", "CVE-2026-3001", DAY2));

        Sweep earlier = apply(row("app/api", "CVE-2026-3000", DAY1), row("app/api", "CVE-2026-3001", DAY3));

        assertThat(staged(earlier, "app/api")).isEqualTo(2);
        assertThat(finding("app/api", "CVE-2026-3000").firstDetectedAt()).isEqualTo(Instant.parse(DAY1));
        assertThat(finding("app/api", "CVE-2026-3001").firstDetectedAt()).isEqualTo(Instant.parse(DAY2));
    }

    /** A row without a scan time, or a suppression since the last diff: the repository is diffed in full. */
    @ParameterizedTest(name = "{0}, {1} rows in memory")
    @CsvSource({"h2, 200000", "h2, 1", "postgres, 200000", "postgres, 1"})
    void aRowWithoutScanTimeOrASuppressionIsDiffed(String database, int rowsInMemory) {
        open(database, rowsInMemory);
        apply(row("app/api", "CVE-2026-4000", DAY1), row("app/api", "CVE-2026-4001", DAY1),
                row("app/web", "CVE-2026-4002", DAY1));

        ObjectNode unscanned = row("app/api", "CVE-2026-4000", DAY2);
        ((ObjectNode) unscanned.get("properties")).remove("timeGenerated");
        Sweep withoutScanTime = apply(unscanned, row("app/api", "CVE-2026-4001", DAY2),
                row("app/web", "CVE-2026-4002", DAY2));
        assertThat(staged(withoutScanTime, "app/api")).isEqualTo(2);
        assertThat(staged(withoutScanTime, "app/web")).isEqualTo(held ? 0 : 1);
        assertThat(withoutScanTime.counts().unchanged()).as("app/web's one finding, and app/api's two: diffed, "
                + "nothing changed").isEqualTo(3);

        String suppressed = finding("app/web", "CVE-2026-4002").id();
        Boolean done = transactions.execute(status -> store.suppress(suppressed,
                new Finding.Suppression(Instant.parse(DAY3), "security", "a test image")));
        assertThat(done).isTrue();
        Sweep afterSuppression = apply(row("app/api", "CVE-2026-4000", DAY3), row("app/api", "CVE-2026-4001", DAY3),
                row("app/web", "CVE-2026-4002", DAY3));
        assertThat(staged(afterSuppression, "app/web")).isEqualTo(1);
        assertThat(finding("app/api", "CVE-2026-4001").lastSweepId()).isEqualTo(afterSuppression.id());
        assertThat(finding("app/web", "CVE-2026-4002").state()).isEqualTo(FindingState.SUPPRESSED);
    }

    private void open(String database, int rowsInMemory) {
        DataSource dataSource = DATABASES.computeIfAbsent(database,
                d -> TestInfrastructure.migratedDatabase(d, "unchanged-repositories"));
        store = FindingStores.on(dataSource, JSON, event -> { }, clock, rowsInMemory);
        jdbc = new JdbcTemplate(dataSource);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        held = rowsInMemory > 3;
    }

    /** Applies the rows as one complete sweep in one transaction, as {@code FindingStore.applySweep} does. */
    private Sweep apply(ObjectNode... exported) {
        SubAssessmentMapper mapper = new SubAssessmentMapper(Duration.ZERO);
        return transactions.execute(status -> store.applySweep("file", "test", SweepScope.REGISTRIES_IN_ROWS, feed -> {
            for (int i = 0; i < exported.length; i++) {
                feed.accept(mapper.map(i + 1, exported[i]));
            }
            return Optional.empty();
        }));
    }

    private ObjectNode row(String repository, String cve, String timeGenerated) {
        return rows.row(repository, DIGEST, PUSHED, Instant.parse(timeGenerated), cve, "High",
                rows.os("ubuntu_linux_22.04"), "openssl", "3.0.2-0ubuntu1.10", "3.0.2-0ubuntu1.12");
    }

    /** The sweep's rows kept in {@code observation}. */
    private long staged(Sweep sweep) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM observation WHERE sweep_id = ?", Long.class, sweep.id());
    }

    private long staged(Sweep sweep, String repository) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM observation WHERE sweep_id = ? AND repository = ?",
                Long.class, sweep.id(), repository);
    }

    private Finding finding(String repository, String cve) {
        List<Finding> found = new ArrayList<>(store.findings(new FindingQuery(null, null, repository, cve), 0, 10)
                .items().stream().filter(f -> f.key().registryHost().equals(rows.registryHost())).toList());
        assertThat(found).hasSize(1);
        return store.finding(found.get(0).id()).orElseThrow();
    }
}
