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
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The finding list as a person sees it, at the scale of a large tenant: {@code -Dbenchmark.findings} findings
 * (default 100,000) in 2,000 locations (20 registries of 100 repositories), on H2 and on PostgreSQL. Times the
 * first read of the locations (one scan), then the first page and its total, unscoped, for a team's 100
 * locations, and for all 2,000 (a manager of every team). Run with
 * {@code ./mvnw verify -Pbenchmark -Dbenchmark.test=FindingScopeBenchmark}; it reports figures and asserts only
 * that each sight counts what it should.
 */
@Tag("benchmark")
class FindingScopeBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());
    private static final Instant SCANNED = Instant.parse("2026-06-01T09:00:00Z");
    private static final int REGISTRIES = 20;
    private static final int REPOSITORIES = 100;
    private static final int ROUNDS = 20;

    private final MutableClock clock = new MutableClock();
    private FindingStore store;
    private TransactionTemplate transactions;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aPersonsSightOfALargeTenant(String database) {
        int perLocation = Math.max(1, Integer.getInteger("benchmark.findings", 100_000) / (REGISTRIES * REPOSITORIES));
        open(database);
        long start = System.nanoTime();
        List<DefenderRows> registries = new ArrayList<>();
        for (int r = 0; r < REGISTRIES; r++) {
            DefenderRows registry = new DefenderRows(JSON, "bench");
            registries.add(registry);
            List<ObjectNode> rows = new ArrayList<>();
            for (int repo = 0; repo < REPOSITORIES; repo++) {
                for (int v = 0; v < perLocation; v++) {
                    rows.add(registry.row("team" + repo % 20 + "/app" + repo, "sha256:" + "c".repeat(64),
                            SCANNED.minus(Duration.ofHours(1)), SCANNED, "CVE-2026-" + (10000 + v), "High",
                            registry.os("ubuntu_linux_22.04"), "lib" + v, "1.0.0-1", "1.0.0-2"));
                }
            }
            apply(rows);
        }
        int findings = REGISTRIES * REPOSITORIES * perLocation;
        System.out.printf(Locale.ROOT, "BENCHMARK scope %s: %d findings in %d locations imported in %.1f s%n",
                database, findings, REGISTRIES * REPOSITORIES, (System.nanoTime() - start) / 1e9);

        long scan = System.nanoTime();
        Set<FindingLocation> all = new HashSet<>(store.locations());
        double scanMs = (System.nanoTime() - scan) / 1e6;
        assertThat(all).hasSize(REGISTRIES * REPOSITORIES);
        Set<FindingLocation> team = new HashSet<>();
        all.stream().filter(l -> l.repository().startsWith("team7/")).forEach(team::add);
        assertThat(team).hasSize(REGISTRIES * REPOSITORIES / 20);

        double unscoped = median(() -> store.findings(new FindingQuery(null, null, null, null), 0, 50), findings);
        double ofTeam = median(() -> store.findings(new FindingQuery(null, null, null, null, team), 0, 50),
                team.size() * perLocation);
        double ofAll = median(() -> store.findings(new FindingQuery(null, null, null, null, all), 0, 50), findings);
        System.out.printf(Locale.ROOT, "BENCHMARK scope %s: locations read once in %.0f ms; first page and total, "
                + "median of %d: unscoped %.1f ms, a team's %d locations %.1f ms, all %d locations %.1f ms%n",
                database, scanMs, ROUNDS, unscoped, team.size(), ofTeam, all.size(), ofAll);
    }

    /** The median time of a page read, in ms, after checking it counts {@code total}. */
    private static double median(Supplier<Page<Finding>> read, long total) {
        assertThat(read.get().total()).isEqualTo(total);
        double[] ms = new double[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            long t = System.nanoTime();
            read.get();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return ms[ROUNDS / 2];
    }

    private void open(String database) {
        DataSource dataSource = TestInfrastructure.migratedDatabase(database, "scope-bench");
        store = FindingStores.on(dataSource, JSON, event -> { }, clock);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    /** One registry's rows as one sweep, as {@code FindingStore.applySweep} takes them. */
    private void apply(List<ObjectNode> exported) {
        SubAssessmentMapper mapper = new SubAssessmentMapper(Duration.ZERO);
        transactions.executeWithoutResult(status -> store.applySweep("file", "benchmark", SweepScope.REGISTRIES_IN_ROWS,
                feed -> {
                    for (int i = 0; i < exported.size(); i++) {
                        feed.accept(mapper.map(i + 1, exported.get(i)));
                    }
                    return Optional.empty();
                }));
    }
}
