package dev.fixline.reliability.nodes;

import com.icegreen.greenmail.util.GreenMail;
import dev.fixline.TestInfrastructure;
import dev.fixline.reliability.FixlineApi;
import dev.fixline.reliability.FixlineProcess;
import dev.fixline.reliability.NodeDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.function.Function;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.AbstractDataSource;

/**
 * Two Fixline JVMs on one fresh PostgreSQL database, as a cluster runs: the same jar and settings, Jira
 * (a {@link JiraDouble}), Resource Graph (a {@link ResourceGraphDouble}) and SMTP (GreenMail) shared by
 * both. The job executors poll every second or two rather than backing off to a minute, and a dead
 * node's jobs are free again after 30 s rather than 5 min, so that scenarios finish in seconds.
 */
final class TwoNodes implements AutoCloseable {

    final NodeDatabase database;
    final JiraDouble jira = new JiraDouble();
    final ResourceGraphDouble resourceGraph = new ResourceGraphDouble();
    final GreenMail smtp = TestInfrastructure.smtp();
    final FixlineProcess a;
    final FixlineProcess b;
    final JdbcTemplate sql;

    private TwoNodes(String scenario) {
        database = NodeDatabase.freshPostgres(scenario);
        a = node(scenario + "-a");
        b = node(scenario + "-b");
        sql = new JdbcTemplate(dataSource(database));
    }

    static TwoNodes onFreshPostgres(String scenario) {
        return new TwoNodes(scenario);
    }

    private FixlineProcess node(String name) {
        return FixlineProcess.on(database, name).properties(Map.ofEntries(
                // The samples, read from the repository wherever the node runs (for the start-up race).
                Map.entry("fixline.samples.import-on-first-start", "true"),
                Map.entry("fixline.samples.files", String.join(",", List.of("day-1.json", "day-2.json", "day-3.json")
                        .stream().map(f -> Path.of("samples", f).toAbsolutePath().toString()).toList())),
                Map.entry("spring.mail.host", "localhost"),
                Map.entry("fixline.notification.digest.enabled", "false"),
                Map.entry("spring.mail.port", smtp.getSmtp().getPort()),
                Map.entry("fixline.ticketing.jira.base-url", jira.baseUrl()),
                Map.entry("fixline.ticketing.jira.flavor", "cloud"),
                Map.entry("fixline.ticketing.jira.email", "fixline-bot@contoso.example"),
                Map.entry("fixline.ticketing.jira.api-token", "api-token-for-tests"),
                Map.entry("fixline.ticketing.default-project", "SEC"),
                Map.entry("fixline.ticketing.webhook-secret", JiraDouble.SECRET),
                Map.entry("fixline.ticketing.reconcile.enabled", "false"),
                // A create whose sender died is looked for after seconds, not minutes.
                Map.entry("fixline.ticketing.create-timeout", "PT10S"),
                Map.entry("fixline.ticketing.unknown-recheck-delay", "PT5S"),
                Map.entry("fixline.arg.enabled", "true"),
                Map.entry("fixline.arg.auth", "none"),
                Map.entry("fixline.arg.endpoint", resourceGraph.baseUrl()),
                Map.entry("fixline.arg.max-retries", "2"),
                Map.entry("fixline.arg.retry-delay", "PT0.2S"),
                Map.entry("fixline.remediation.dispatcher.interval", "PT5S"),
                Map.entry("camunda.bpm.job-execution.max-wait", "2000"),
                Map.entry("camunda.bpm.job-execution.wait-time-in-millis", "1000"),
                Map.entry("camunda.bpm.job-execution.lock-time-in-millis", "30000"),
                // Named in ACT_HI_JOB_LOG, to tell which node ran each job.
                Map.entry("camunda.bpm.generic-properties.properties.hostname", name)));
    }

    /** Both JVMs launched at the same moment; returns when both are healthy. */
    TwoNodes startTogether() {
        CyclicBarrier together = new CyclicBarrier(2);
        List<CompletableFuture<FixlineProcess>> starts = List.of(a, b).stream()
                .map(node -> CompletableFuture.supplyAsync(() -> {
                    await(together);
                    return node.start();
                })).toList();
        try {
            starts.forEach(CompletableFuture::join);
        } catch (RuntimeException e) {
            close(); // a node that did start must not outlive the test
            throw e;
        }
        return this;
    }

    FixlineApi api(FixlineProcess node) {
        return new FixlineApi(node);
    }

    List<FixlineProcess> nodes() {
        return List.of(a, b);
    }

    /** Runs the call on both nodes at the same moment and returns both answers, node a's first. */
    <T> List<T> onBothAtOnce(Function<FixlineProcess, T> call) {
        CyclicBarrier together = new CyclicBarrier(2);
        List<CompletableFuture<T>> calls = nodes().stream().map(node -> CompletableFuture.supplyAsync(() -> {
            await(together);
            return call.apply(node);
        })).toList();
        return calls.stream().map(CompletableFuture::join).toList();
    }

    /** Starts any node that is not running (after a kill), so the next scenario finds two. */
    void restartStopped() {
        for (FixlineProcess node : nodes()) {
            if (!node.alive()) {
                node.start();
            }
        }
    }

    /**
     * Waits until the cluster has nothing left to do now: no case waiting to start, no closure to deliver,
     * no engine job due or locked, no Resource Graph sweep running, and the mail count steady.
     */
    void awaitQuiet(Duration atMost) {
        Instant deadline = Instant.now().plus(atMost);
        int quietRounds = 0;
        int mails = -1;
        while (Instant.now().isBefore(deadline)) {
            int nowMails = smtp.getReceivedMessages().length;
            boolean quiet = count("SELECT COUNT(*) FROM remediation_case WHERE state = 'PENDING'") == 0
                    && count("SELECT COUNT(*) FROM case_command WHERE done_at IS NULL") == 0
                    && count("SELECT COUNT(*) FROM act_ru_job WHERE retries_ > 0 AND (lock_owner_ IS NOT NULL "
                    + "OR duedate_ IS NULL OR duedate_ <= CURRENT_TIMESTAMP)") == 0
                    && count("SELECT COUNT(*) FROM sweep_lock WHERE scope = 'arg' AND holder IS NOT NULL") == 0
                    && nowMails == mails;
            quietRounds = quiet ? quietRounds + 1 : 0;
            if (quietRounds >= 3) {
                return;
            }
            mails = nowMails;
            sleep(Duration.ofSeconds(1));
        }
        throw new IllegalStateException("The cluster did not settle within " + atMost + ": "
                + sql.queryForList("SELECT state, COUNT(*) AS n FROM remediation_case GROUP BY state") + ", jobs due "
                + sql.queryForList("SELECT j.type_, d.act_id_, j.lock_owner_, j.exception_msg_ FROM act_ru_job j "
                + "LEFT JOIN act_ru_jobdef d ON d.id_ = j.job_def_id_ WHERE j.retries_ > 0 AND (j.lock_owner_ IS NOT NULL "
                + "OR j.duedate_ IS NULL OR j.duedate_ <= CURRENT_TIMESTAMP) LIMIT 10"));
    }

    long count(String query, Object... args) {
        Long n = sql.queryForObject(query, Long.class, args);
        return n == null ? 0 : n;
    }

    @Override
    public void close() {
        a.close();
        b.close();
        jira.close();
        resourceGraph.close();
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new connection per statement, as {@link NodeDatabase#connect()} opens them. */
    private static DataSource dataSource(NodeDatabase database) {
        return new AbstractDataSource() {
            @Override
            public Connection getConnection() {
                return database.connect();
            }

            @Override
            public Connection getConnection(String user, String password) {
                return database.connect();
            }
        };
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
