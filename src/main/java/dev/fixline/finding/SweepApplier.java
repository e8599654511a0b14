package dev.fixline.finding;

import dev.fixline.finding.ObservationRepository.Repo;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Applies one sweep: reads its rows ({@link SweepStaging}), skips the repositories it shows unchanged
 * ({@link RepositoryStates}), and diffs each other one against the store ({@link RepositoryDiff},
 * {@link ClosureRules}). Memory grows with the rows up to {@code fixline.sweep.rows-in-memory}; beyond that,
 * with the largest repository.
 */
@Component
class SweepApplier {

    private static final Logger log = LoggerFactory.getLogger(SweepApplier.class);

    private final SweepRepository sweeps;
    private final ObservationRepository observations;
    private final FindingRepository findings;
    private final RepositoryStates states;
    private final RepositoryDiff diff;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Timer staged;
    private final Timer lockWait;
    private final Timer applied;
    private final int rowsInMemory;

    SweepApplier(SweepRepository sweeps, ObservationRepository observations, FindingRepository findings,
                 RepositoryStates states, ClosureProperties closure, SweepProperties properties,
                 ApplicationEventPublisher events, Clock clock, MeterRegistry meters) {
        this.staged = Timer.builder("fixline.sweep.stage").description("Reading a sweep's rows, finding the "
                + "repositories it shows unchanged and staging the others' rows, outside the finding store's lock")
                .register(meters);
        this.rowsInMemory = properties.rowsInMemory();
        this.lockWait = Timer.builder("fixline.sweep.lock.wait").description("A sweep waiting for the finding "
                + "store's lock (another sweep, an import, a suppression)").register(meters);
        this.applied = Timer.builder("fixline.sweep.apply").description("Applying a staged sweep to the finding "
                + "store, under its lock, until the transaction commits").register(meters);
        this.sweeps = sweeps;
        this.observations = observations;
        this.findings = findings;
        this.states = states;
        this.diff = new RepositoryDiff(new ClosureRules(closure));
        this.events = events;
        this.clock = clock;
    }

    Sweep apply(String source, String sourceName, SweepScope scope, FindingStore.RowSource rows) {
        Instant started = StoredPrecision.of(clock.instant());
        String sweepId = UUID.randomUUID().toString();
        sweeps.insert(new Sweep(sweepId, source, sourceName, null, SweepState.RUNNING, started, null, null,
                new Sweep.Counts(0, 0, 0, 0, 0, 0, 0, 0, 0), 0, 0, null, null));

        long stageStart = System.nanoTime();
        SweepStaging staging = new SweepStaging(observations, sweepId, rowsInMemory);
        Optional<String> incomplete = rows.readInto(staging);
        staging.endOfRows();
        if (incomplete.isEmpty() && staging.rejected > 0) {
            incomplete = Optional.of(staging.rejected + " row(s) could not be read");
        }
        boolean complete = incomplete.isEmpty();
        // A repository shown exactly as the last complete sweep showed it, settled then, is neither read nor
        // written: only its last sighting moves (one row of repository_state). A partial sweep diffs everything.
        Map<Repo, String> fingerprints = staging.fingerprints.finish();
        Map<Repo, RepositoryStates.Unchanged> probablyUnchanged = complete
                ? states.unchanged(sweepId, staging.fingerprints, fingerprints) : Map.of();
        staging.stage(staging.fingerprints.repositories().stream().filter(r -> !probablyUnchanged.containsKey(r))
                .toList());
        long lockStart = System.nanoTime();
        staged.record(lockStart - stageStart, TimeUnit.NANOSECONDS);
        // Reading the source (pages, quota waits) and staging happen outside the lock; only the diff is serialised.
        sweeps.lockFindingStore();
        long applyStart = System.nanoTime();
        lockWait.record(applyStart - lockStart, TimeUnit.NANOSECONDS);
        afterCommit(() -> applied.record(System.nanoTime() - applyStart, TimeUnit.NANOSECONDS));
        Instant asOf = scope.live() || staging.latestScan == null ? started : staging.latestScan;
        // Each registry (each project, on a GCP host that serves many) is judged by the time of the file its
        // rows came from: files of several times imported together must not lend an old file a newer one's.
        Map<RegistryScope, Instant> asOfByRegistry = new LinkedHashMap<>();
        staging.scopes.forEach(registry -> asOfByRegistry.put(registry,
                scope.live() ? asOf : staging.fileAsOf.getOrDefault(registry, asOf)));
        asOfByRegistry.forEach((registry, registryAsOf) -> {
            Optional<SweepRepository.Applied> latest = sweeps.latestApplied(registry);
            if (latest.isPresent() && isStale(registryAsOf, latest.get())) {
                throw new StaleSweepException(registry.toString(), registryAsOf, latest.get().asOf());
            }
        });
        log.info("Sweep {} ({} {}): staged {} rows over {} registries in {} ms, waited {} ms for the finding store, "
                        + "as of {}", sweepId, source, sourceName, staging.rows, staging.registryHosts().size(),
                TimeUnit.NANOSECONDS.toMillis(lockStart - stageStart),
                TimeUnit.NANOSECONDS.toMillis(applyStart - lockStart), asOf);

        SweepTally tally = new SweepTally();
        tally.rows = staging.rows;
        tally.notApplicable = staging.notApplicable;
        List<Repo> repos = observations.repositoriesInScope(staging.fingerprints.repositories(),
                staging.accountsByHost, List.copyOf(scope.subscriptionIds()));
        // Another sweep or a suppression may have changed a repository while this one was read.
        Map<Repo, Integer> unchanged = states.confirm(probablyUnchanged);
        staging.stage(staging.fingerprints.repositories().stream().filter(r -> !unchanged.containsKey(r)).toList());
        Map<Repo, Instant> seen = new LinkedHashMap<>();
        List<RepositoryStates.Diffed> diffed = new ArrayList<>();
        for (Repo repo : repos) {
            Integer same = unchanged.get(repo);
            if (same != null) {
                tally.unchanged += same;
                seen.put(repo, asOfByRegistry.getOrDefault(staging.fingerprints.registryOf(repo), asOf));
                continue;
            }
            diffed.add(diffRepository(sweepId, asOf, asOfByRegistry, staging.rowsOf(repo), repo,
                    incomplete.orElse(null), tally, fingerprints.get(repo)));
        }
        states.seen(sweepId, seen);
        states.diffed(sweepId, diffed);
        log.info("Sweep {}: {} repositories unchanged since their last complete sweep, {} diffed", sweepId,
                seen.size(), diffed.size());
        String scopeText = scopeText(scope.description() != null ? scope.description()
                : "registries: " + String.join(", ", staging.registryHosts()), staging.registryHosts().size());
        tally.rejected = staging.rejected;
        Sweep done = new Sweep(sweepId, source, sourceName, scopeText,
                complete ? SweepState.COMPLETE : SweepState.PARTIAL, started, StoredPrecision.of(clock.instant()),
                asOf, tally.counts(),
                staging.pages, staging.quotaWait.toMillis(), incomplete.map(reason -> reason
                        + ": findings were opened and updated, none closed").orElse(null), null,
                staging.ignored);
        sweeps.finish(done);
        sweeps.insertRegistries(sweepId, asOfByRegistry);
        sweeps.insertRejections(sweepId, staging.rejections);
        events.publishEvent(new SweepApplied(done));
        log.info("Sweep {} {}: {} rows, {} new, {} changed, {} unchanged, {} fixed, {} gone, {} reopened, "
                        + "{} not applicable, ignored {} in {} ms", sweepId, done.state(), tally.rows,
                tally.newFindings, tally.changed, tally.unchanged, tally.fixed, tally.gone, tally.reopened,
                tally.notApplicable, done.ignored().isEmpty() ? "none" : done.ignored(),
                Duration.between(started, done.finishedAt()).toMillis());
        return done;
    }

    /** Runs when the sweep's transaction commits (at once without one, as in a test's own wiring). */
    private static void afterCommit(Runnable action) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    action.run();
                }
            });
        } else {
            action.run();
        }
    }

    /** The sweep's scope as shown: cut to the 2,000 characters the column keeps, saying how many it names. */
    static String scopeText(String text, int registries) {
        if (text.length() <= SCOPE_TEXT_LIMIT) {
            return text;
        }
        String tail = " … (" + registries + " registries in all)";
        int cut = text.lastIndexOf(", ", SCOPE_TEXT_LIMIT - tail.length());
        return text.substring(0, cut > 0 ? cut : SCOPE_TEXT_LIMIT - tail.length()) + tail;
    }

    private static final int SCOPE_TEXT_LIMIT = 2000;

    /**
     * Whether a sweep as of {@code asOf} comes too late: older than the newest applied, or as old as a
     * complete one. As old as a partial one is allowed, because that partial one may have been one page
     * of the very result now imported whole.
     */
    static boolean isStale(Instant asOf, SweepRepository.Applied latest) {
        return asOf.isBefore(latest.asOf()) || asOf.equals(latest.asOf()) && latest.complete();
    }

    /** Loads one repository's findings, diffs them with the sweep's rows, and writes the result. */
    private RepositoryStates.Diffed diffRepository(String sweepId, Instant sweepAsOf,
                                                   Map<RegistryScope, Instant> asOfByRegistry,
                                                   List<Observation> rowsOfRepo, Repo repo, String partial,
                                                   SweepTally tally, String fingerprint) {
        Map<FindingKey, FindingRecord> known = findings.forRepository(repo.registryHost(), repo.repository());
        RegistryScope registry = rowsOfRepo.isEmpty()
                ? known.values().stream().findFirst().map(f -> RegistryScope.of(f.key.registryHost(), f.cloud, f.account))
                        .orElse(new RegistryScope(repo.registryHost(), null))
                : RegistryScope.of(repo.registryHost(), rowsOfRepo.get(0).cloud(), rowsOfRepo.get(0).account());
        SweepContext sweep = new SweepContext(sweepId, asOfByRegistry.getOrDefault(registry, sweepAsOf), partial);
        RepositoryDiff.Result result = diff.diff(known, rowsOfRepo, sweep, tally);
        findings.insert(result.inserted(), sweep.asOf());
        findings.update(result.updated(), sweep.asOf());
        findings.saveDigests(result.digests(), sweepId);
        findings.saveClosures(result.closed());
        result.events().forEach(events::publishEvent);
        return new RepositoryStates.Diffed(repo, result.settled() && fingerprint != null ? fingerprint : null,
                sweep.asOf());
    }

    /** Records a sweep that read nothing, with the reason. */
    Sweep recordFailure(String source, String sourceName, String scope, String message) {
        Instant now = StoredPrecision.of(clock.instant());
        Sweep failed = new Sweep(UUID.randomUUID().toString(), source, sourceName, scope, SweepState.FAILED, now,
                now, null, new Sweep.Counts(0, 0, 0, 0, 0, 0, 0, 0, 0), 0, 0, message, null);
        sweeps.insert(failed);
        sweeps.finish(failed);
        log.warn("Sweep {} ({} {}) FAILED: {}", failed.id(), source, sourceName, message);
        return failed;
    }
}
