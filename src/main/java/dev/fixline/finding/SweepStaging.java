package dev.fixline.finding;

import dev.fixline.finding.ObservationRepository.Repo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a sweep's rows as they are parsed and keeps the report. The rows are held in memory ({@link HeldRows}) up
 * to {@code fixline.sweep.rows-in-memory}; only the repositories that are then diffed have theirs written to
 * the {@code observation} table ({@link #stage}), as the evidence of what the diff saw. A larger sweep writes
 * every row as it is read, in batches, and its diff reads them back per repository.
 */
final class SweepStaging implements SweepFeed {

    private static final Logger log = LoggerFactory.getLogger(SweepStaging.class);

    /** Rejections kept in full; beyond this only counted, so a broken source cannot fill the database. */
    static final int MAX_REJECTIONS = 1000;
    /** Distinct kinds of ignored rows kept by name, so that a strange source cannot fill the report. */
    static final int MAX_KINDS = 50;
    static final String OTHER_KINDS = "(other kinds)";

    private final ObservationRepository observations;
    final String sweepId;
    private final int rowsInMemory;
    private final HeldRows held = new HeldRows();
    /** Whether the rows outgrew memory: then every row is written as it comes. */
    private boolean spilled;
    private final Set<Repo> staged = new HashSet<>();
    final List<Observation> batch = new ArrayList<>(ObservationRepository.BATCH_SIZE);
    final RepositoryFingerprints fingerprints = new RepositoryFingerprints();
    /** The accounts of each registry host's rows (GCP projects, on a host that serves many); "" for none. */
    final Map<String, Set<String>> accountsByHost = new LinkedHashMap<>();
    /** The registries of the rows (projects, on GCP hosts). */
    final Set<RegistryScope> scopes = new TreeSet<>();
    /** The as-of of the file each registry's rows came from, when the source put several together. */
    final Map<RegistryScope, Instant> fileAsOf = new HashMap<>();

    /** The registry hosts of the rows, in order. */
    List<String> registryHosts() {
        return scopes.stream().map(RegistryScope::registryHost).distinct().toList();
    }
    final List<Sweep.Rejection> rejections = new ArrayList<>();
    /** Rows of other kinds by kind; beyond MAX_KINDS distinct kinds, the rest share one bucket. */
    final Map<String, Integer> ignored = new TreeMap<>();
    int rows;
    int notApplicable;
    int rejected;
    int pages;
    Duration quotaWait = Duration.ZERO;
    Instant latestScan;

    SweepStaging(ObservationRepository observations, String sweepId, int rowsInMemory) {
        this.observations = observations;
        this.sweepId = sweepId;
        this.rowsInMemory = rowsInMemory;
    }

    @Override
    public void reject(int row, String field, String reason) {
        rejected++;
        if (rejections.size() < MAX_REJECTIONS) {
            rejections.add(new Sweep.Rejection(row, field, reason));
        }
        log.warn("Sweep {}: row {} rejected ({}): {}", sweepId, row, field, reason);
    }

    @Override
    public void ignore(int row, String kind) {
        String bucket = kind.length() > 256 ? kind.substring(0, 253) + "..." : kind;
        if (!ignored.containsKey(bucket) && ignored.size() >= MAX_KINDS) {
            bucket = OTHER_KINDS;
        }
        ignored.merge(bucket, 1, Integer::sum);
    }

    @Override
    public void registryAsOf(String registryHost, String cloud, String account, Instant asOf) {
        fileAsOf.merge(RegistryScope.of(registryHost, cloud, account), StoredPrecision.of(asOf),
                (a, b) -> a.isAfter(b) ? a : b);
    }

    @Override
    public void pageRead() {
        pages++;
    }

    @Override
    public void waitedForQuota(Duration waited) {
        quotaWait = quotaWait.plus(waited);
    }

    @Override
    public void accept(Observation o) {
        rows++;
        if (!o.isFinding()) {
            notApplicable++;
        }
        scopes.add(RegistryScope.of(o.registryHost(), o.cloud(), o.account()));
        if (o.scannedAt() != null && (latestScan == null || o.scannedAt().isAfter(latestScan))) {
            latestScan = o.scannedAt();
        }
        accountsByHost.computeIfAbsent(o.registryHost(), h -> new HashSet<>())
                .add(o.account() == null ? "" : o.account());
        fingerprints.add(o);
        if (spilled) {
            batch.add(o);
            if (batch.size() >= ObservationRepository.BATCH_SIZE) {
                flush();
            }
            return;
        }
        held.add(new Repo(o.registryHost(), o.repository()), o);
        if (held.count() > rowsInMemory) {
            log.info("Sweep {}: more than {} rows (fixline.sweep.rows-in-memory), so every row is written as it is "
                    + "read and each repository's are read back for its diff", sweepId, rowsInMemory);
            spilled = true;
            fingerprints.forgetKeys();
            observations.insert(sweepId, held.takeAll());
        }
    }

    /** The source has no more rows: a sweep that outgrew memory writes its last batch, for the checks in SQL. */
    void endOfRows() {
        if (spilled) {
            flush();
        }
    }

    /**
     * Writes the rows of these repositories to {@code observation}, unless written already: the evidence of
     * what their diff saw. A sweep that outgrew memory has written every row already.
     */
    void stage(Collection<Repo> repos) {
        if (spilled) {
            flush();
            return;
        }
        List<Observation> rows = new ArrayList<>();
        for (Repo repo : repos) {
            if (staged.add(repo)) {
                rows.addAll(held.of(repo));
            }
        }
        observations.insert(sweepId, rows);
    }

    /** The repository's rows in the order they came, for its diff. */
    List<Observation> rowsOf(Repo repo) {
        return spilled ? observations.forRepository(sweepId, repo) : held.of(repo);
    }

    private void flush() {
        if (!batch.isEmpty()) {
            observations.insert(sweepId, batch);
            batch.clear();
        }
    }
}
