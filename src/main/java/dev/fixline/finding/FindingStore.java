package dev.fixline.finding;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The finding store: records sweeps, decides what is new, changed, fixed or gone, and answers queries. */
@Service
public class FindingStore {

    /** Feeds the rows of one sweep, in order; throws to reject the whole sweep. */
    @FunctionalInterface
    public interface RowSource {
        /**
         * @return empty when the source delivered all its rows; otherwise why it did not (a truncated
         *         result, paging that stopped): the sweep is then PARTIAL and closes nothing
         */
        Optional<String> readInto(SweepFeed feed);
    }

    private final SweepApplier applier;
    private final SweepRepository sweeps;
    private final FindingRepository findings;
    private final FindingLocations locations;
    private final RepositoryStates states;

    FindingStore(SweepApplier applier, SweepRepository sweeps, FindingRepository findings,
                 FindingLocations locations, RepositoryStates states) {
        this.states = states;
        this.applier = applier;
        this.sweeps = sweeps;
        this.findings = findings;
        this.locations = locations;
    }

    /**
     * Applies a sweep whole or not at all: if {@code rows} throws, nothing of the sweep
     * stays (not even its record), and the exception propagates.
     *
     * @throws FindingStoreBusyException when another sweep held the store longer than the database waits
     */
    @Transactional
    public Sweep applySweep(String source, String sourceName, SweepScope scope, RowSource rows) {
        return applier.apply(source, sourceName, scope, rows);
    }

    /**
     * Suppresses an open finding judged a false positive: it opens no case until the scanner's data for it
     * changes (a new fixed version, severity or image digest). Waits for a sweep being applied.
     *
     * @return false when the finding is not open (closed, suppressed already, or unknown)
     */
    @Transactional
    public boolean suppress(String findingId, Finding.Suppression suppression) {
        sweeps.lockFindingStore();
        boolean suppressed = findings.suppress(findingId, suppression, ClosureRules.limit("suppressed as a false "
                + "positive by " + suppression.by() + ": " + suppression.reason() + "; a new fixed version, severity "
                + "or image digest lifts it"));
        if (suppressed) {
            states.forget(findingId);
        }
        return suppressed;
    }

    /** Records a sweep that could not read anything (no access, source down), with the reason. */
    @Transactional
    public Sweep recordFailedSweep(String source, String sourceName, String scope, String message) {
        return applier.recordFailure(source, sourceName, scope, message);
    }

    /**
     * Withdraws an applied sweep: it stays listed, marked with who withdrew it and why, but no longer counts
     * as its registries' newest. What it changed stays recorded; the next sweep states the truth again.
     * Waits for a sweep being applied, so that the two never interleave.
     *
     * @return the sweep as it is now; empty when there is no such sweep
     * @throws SweepNotWithdrawableException when it was never applied (running, failed) or is withdrawn already
     */
    @Transactional
    public Optional<Sweep> withdrawSweep(String id, Sweep.Withdrawal withdrawal) {
        sweeps.lockFindingStore();
        Optional<Sweep> sweep = sweeps.find(id);
        if (sweep.isEmpty()) {
            return sweep;
        }
        if (!sweeps.withdraw(id, withdrawal)) {
            Sweep s = sweep.get();
            throw new SweepNotWithdrawableException(s.withdrawal() != null
                    ? "sweep " + id + " was withdrawn already, by " + s.withdrawal().by() + " at " + s.withdrawal().at()
                    : "sweep " + id + " is " + s.state() + ": only an applied (COMPLETE or PARTIAL) sweep can be withdrawn");
        }
        return sweeps.find(id);
    }

    /** The newest sweeps of one source (such as {@code arg}), newest first, without their rejections. */
    @Transactional(readOnly = true)
    public java.util.List<Sweep> latestSweeps(String source, int limit) {
        return sweeps.latestOfSource(source, limit);
    }

    @Transactional(readOnly = true)
    public Optional<Sweep> sweep(String id) {
        return sweeps.find(id);
    }

    @Transactional(readOnly = true)
    public Page<Sweep> sweeps(int page, int size) {
        return new Page<>(sweeps.list((long) page * size, size), page, size, sweeps.count());
    }

    @Transactional(readOnly = true)
    public Optional<Finding> finding(String id) {
        return findings.find(id);
    }

    /** The evidence of one closure of a finding, as a case refers to it. */
    @Transactional(readOnly = true)
    public Optional<ClosureEvidence> closure(ClosureRef ref) {
        return findings.closure(ref);
    }

    /** The evidence of several closures at once (a page of cases), by closure; missing ones are left out. */
    @Transactional(readOnly = true)
    public Map<ClosureRef, ClosureEvidence> closures(Collection<ClosureRef> refs) {
        return findings.closures(refs);
    }

    /** The upgrade that fixes the most open vulnerabilities of a package in a repository, if any is open. */
    @Transactional(readOnly = true)
    public Optional<RecommendedFix> recommendedFix(String registryHost, String repository, String packageName) {
        return FixRecommender.recommend(packageName,
                findings.openVulnerabilities(registryHost, repository, packageName));
    }

    /** Every location that holds findings, each once: what ownership is resolved on to scope the list. */
    @Transactional(readOnly = true)
    public java.util.List<FindingLocation> locations() {
        return locations.all();
    }

    @Transactional(readOnly = true)
    public Page<Finding> findings(FindingQuery query, int page, int size) {
        return findings.list(query, page, size);
    }
}
