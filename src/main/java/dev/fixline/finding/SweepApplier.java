package dev.fixline.finding;

import dev.fixline.limits.AsciiCase;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fixline.finding.ObservationRepository.Repo;
import dev.fixline.finding.version.Versions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.OptionalInt;
import java.util.TreeSet;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Applies one sweep: stages its rows, then diffs it against the store one repository at a time, so
 * memory grows with the largest repository, never with the number of rows.
 */
@Component
class SweepApplier {

    private static final Logger log = LoggerFactory.getLogger(SweepApplier.class);
    /** Defender's fix status of a vulnerability without a fix. */
    static final String NO_FIX = "NoFixAvailable";

    private final SweepRepository sweeps;
    private final ObservationRepository observations;
    private final FindingRepository findings;
    private final ClosureProperties closure;
    private final ApplicationEventPublisher events;
    private final ObjectMapper json;
    private final Clock clock;

    SweepApplier(SweepRepository sweeps, ObservationRepository observations, FindingRepository findings,
                 ClosureProperties closure, ApplicationEventPublisher events, ObjectMapper json,
                 java.util.Optional<Clock> clock) {
        this.sweeps = sweeps;
        this.observations = observations;
        this.findings = findings;
        this.closure = closure;
        this.events = events;
        this.json = json;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    Sweep apply(String source, String sourceName, SweepScope scope, FindingStore.RowSource rows) {
        Instant started = StoredPrecision.of(clock.instant());
        String sweepId = UUID.randomUUID().toString();
        sweeps.insert(new Sweep(sweepId, source, sourceName, null, SweepState.RUNNING, started, null, null,
                new Sweep.Counts(0, 0, 0, 0, 0, 0, 0, 0, 0), 0, 0, null, null));

        Staging staging = new Staging(sweepId);
        Optional<String> incomplete = rows.readInto(staging);
        staging.flush();
        if (incomplete.isEmpty() && staging.rejected > 0) {
            incomplete = Optional.of(staging.rejected + " row(s) could not be read");
        }
        boolean complete = incomplete.isEmpty();
        // Reading the source (pages, quota waits) happens outside the lock; only the diff is serialised.
        sweeps.lockFindingStore();
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
        log.info("Sweep {} ({} {}): staged {} rows over {} registries, as of {}", sweepId, source, sourceName,
                staging.rows, staging.registryHosts().size(), asOf);

        Tally tally = new Tally();
        tally.rows = staging.rows;
        tally.notApplicable = staging.notApplicable;
        List<Repo> repos = observations.repositoriesInScope(sweepId, staging.registryHosts(),
                List.copyOf(scope.subscriptionIds()));
        for (Repo repo : repos) {
            diffRepository(sweepId, asOf, asOfByRegistry, repo, incomplete.orElse(null), tally);
        }
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

    /**
     * @param partial why the sweep is partial, or null when it is complete: a partial sweep opens and
     *                updates on what it shows, and closes nothing, since the rows it lacks may hold the
     *                evidence against a closure (rules 1 to 3 are not applied)
     */
    private void diffRepository(String sweepId, Instant sweepAsOf, Map<RegistryScope, Instant> asOfByRegistry,
                                Repo repo, String partial, Tally tally) {
        boolean complete = partial == null;
        List<Observation> rowsOfRepo = observations.forRepository(sweepId, repo);
        RepositoryScan scan = new RepositoryScan(rowsOfRepo);
        Map<FindingKey, FindingRecord> known = findings.forRepository(repo.registryHost(), repo.repository());
        RegistryScope registry = rowsOfRepo.isEmpty()
                ? known.values().stream().findFirst().map(f -> RegistryScope.of(f.key.registryHost(), f.cloud, f.account))
                        .orElse(new RegistryScope(repo.registryHost(), null))
                : RegistryScope.of(repo.registryHost(), rowsOfRepo.get(0).cloud(), rowsOfRepo.get(0).account());
        Instant asOf = asOfByRegistry.getOrDefault(registry, sweepAsOf);
        List<FindingRecord> inserted = new ArrayList<>();
        java.util.Set<FindingRecord> updated = new java.util.LinkedHashSet<>();
        Map<FindingRecord, Outcome> outcomes = new HashMap<>();
        Map<FindingRecord, FindingRecord> beforeReopening = new HashMap<>();
        List<FindingRepository.DigestRow> digestRows = new ArrayList<>();
        List<FindingEvent> pending = new ArrayList<>();

        for (Map.Entry<FindingKey, List<Observation>> entry : scan.byKey.entrySet()) {
            FindingRecord f = known.get(entry.getKey());
            List<Observation> rows = entry.getValue();
            if (f == null) {
                f = newFinding(entry.getKey(), rows, asOf, sweepId);
                known.put(f.key, f);
                inserted.add(f);
                tally.newFindings++;
                pending.add(new FindingEvent.Opened(f.id, f.key, f.severity, f.firstDetectedAt, false, sweepId));
            } else {
                // Only a closed finding can reopen, and only a reopening may be undone: no copy for the others.
                FindingRecord before = f.state.isClosed() ? f.snapshot() : null;
                Outcome outcome = observeExisting(f, rows, asOf, sweepId, complete, pending);
                outcomes.put(f, outcome);
                updated.add(f);
                if (outcome == Outcome.REOPENED) {
                    beforeReopening.put(f, before);
                } else if (outcome == Outcome.DEFERRED) {
                    continue; // its digests stay unknown, so the next complete sweep judges them afresh
                }
            }
            recordDigests(f, rows, asOf, digestRows);
        }

        for (FindingRecord f : known.values()) {
            if (f.state != FindingState.OPEN) {
                continue;
            }
            boolean reopened = outcomes.get(f) == Outcome.REOPENED;
            if (!complete) {
                if (!f.isNew && !reopened) {
                    noteClosureSkipped(f, scan, asOf, sweepId, partial);
                    updated.add(f);
                }
                continue;
            }
            // Exempt (NotApplicable) rows count as presence: an exemption is never a fix.
            boolean observed = scan.presentByKey.containsKey(f.key);
            ClosureEvidence evidence = evaluateClosure(f, scan, observed, asOf, sweepId);
            if (!f.isNew) {
                updated.add(f);
            }
            if (evidence != null) {
                if (f.isNew) {
                    // Seen only on an image that a newer, clean image already replaced: never opened.
                    close(f, evidence, asOf);
                    pending.removeIf(e -> e.findingId().equals(f.id));
                } else if (reopened) {
                    // Back only on an old image that a newer, clean one replaces: not a regression after all.
                    String digest = f.newestObservedDigest;
                    f.restore(beforeReopening.get(f));
                    f.lastSeenAt = asOf;
                    f.lastSweepId = sweepId;
                    f.lastDecision = limit("seen again on " + digest + ", an image the fix already replaced, so "
                            + "not a regression: " + evidence.explanation());
                    pending.removeIf(e -> e.findingId().equals(f.id));
                    outcomes.put(f, Outcome.UNCHANGED);
                } else {
                    close(f, evidence, asOf);
                    outcomes.remove(f);
                    tally.closed(f.state);
                    pending.add(new FindingEvent.Closed(f.id, f.key, f.state, evidence));
                }
            }
        }

        outcomes.values().forEach(tally::count);
        findings.insert(inserted, asOf);
        findings.update(updated, asOf);
        findings.saveDigests(digestRows, sweepId);
        pending.forEach(events::publishEvent);
    }

    private static final String SKIPPED = "closure skipped: ";
    private static final String LAST_COMPLETE = "; the last complete sweep said: ";

    /**
     * An open finding in a partial sweep's scope: says that closure was skipped and what the rows at hand
     * would have shown, keeping what the last complete sweep said.
     */
    private void noteClosureSkipped(FindingRecord f, RepositoryScan scan, Instant asOf, String sweepId,
                                    String partial) {
        ClosureEvidence wouldClose = newerImageShowsFix(f, scan, asOf, sweepId, new ArrayList<>());
        String before = f.lastDecision == null ? null : f.lastDecision.startsWith(SKIPPED)
                ? (f.lastDecision.contains(LAST_COMPLETE) ? f.lastDecision.substring(f.lastDecision.indexOf(LAST_COMPLETE)
                + LAST_COMPLETE.length()) : null) : f.lastDecision;
        f.lastDecision = limit(SKIPPED + "sweep " + sweepId + " is partial (" + partial + "), and a partial "
                + "sweep closes nothing" + (wouldClose == null ? "" : "; the rows it has would close it: "
                + wouldClose.explanation()) + (before == null ? "" : LAST_COMPLETE + before));
    }

    private FindingRecord newFinding(FindingKey key, List<Observation> rows, Instant asOf, String sweepId) {
        FindingRecord f = new FindingRecord();
        f.id = UUID.randomUUID().toString();
        f.key = key;
        f.isNew = true;
        f.state = FindingState.OPEN;
        f.firstDetectedAt = earliestScan(rows, asOf);
        takeLatest(f, rows, asOf, sweepId);
        return f;
    }

    /** DEFERRED: a closed finding seen again in a partial sweep, on evidence too weak to reopen it there. */
    private enum Outcome { UNCHANGED, CHANGED, REOPENED, DEFERRED }

    private Outcome observeExisting(FindingRecord f, List<Observation> rows, Instant asOf, String sweepId,
                                    boolean complete, List<FindingEvent> pending) {
        boolean newDigest = rows.stream().anyMatch(o -> !f.digests.containsKey(o.digest()));
        // The stored evidence is read once, and only for a closed finding (an open one has none).
        Instant closureImage = f.state.isClosed() ? closureImagePushedAt(f) : null;
        boolean rollback = pushedAfter(closureImage, rows);
        boolean reopens = f.state == FindingState.GONE || newDigest || rollback;
        String seenOn = f.state.isClosed() ? seenOn(f, rows, closureImage) : null;
        if (!complete && f.state.isClosed() && reopens && !rollback) {
            // A truncated result may lack the newer clean image that fixed it (or the newer image that
            // replaced a gone one); only an image pushed after that one proves a regression whatever else
            // the whole result holds.
            f.lastSeenAt = asOf;
            f.lastSweepId = sweepId;
            f.lastDecision = limit("seen in partial sweep " + sweepId + " on " + seenOn + ", an image not "
                    + "pushed after the one " + (f.state == FindingState.GONE ? "it was last seen on" : "that fixed it")
                    + ": a partial sweep reopens only on a newer image, so the next complete sweep decides");
            return Outcome.DEFERRED;
        }
        if (f.state.isClosed() && reopens) {
            // A regression: the finding is back on an image it was not known on (or after it was gone).
            f.state = FindingState.OPEN;
            f.reopenCount++;
            f.closedAt = null;
            f.closureRule = null;
            f.closureEvidence = null;
            f.absentSweeps = 0;
            f.lastAbsentAt = null;
            takeLatest(f, rows, asOf, sweepId);
            f.lastDecision = "reopened: observed again on " + seenOn;
            pending.add(new FindingEvent.Opened(f.id, f.key, f.severity, earliestScan(rows, asOf), true, sweepId));
            return Outcome.REOPENED;
        }
        if (f.state != FindingState.OPEN) {
            f.lastSeenAt = asOf;
            f.lastSweepId = sweepId;
            return Outcome.UNCHANGED;
        }
        Severity before = f.severity;
        String fixedBefore = f.fixedVersion;
        boolean noFixBefore = AsciiCase.equalsIgnoreCase(NO_FIX, f.fixStatus);
        Instant earliest = earliestScan(rows, asOf);
        if (earliest.isBefore(f.firstDetectedAt)) {
            f.firstDetectedAt = earliest;
        }
        takeLatest(f, rows, asOf, sweepId);
        f.absentSweeps = 0;
        f.lastAbsentAt = null;
        if (before != f.severity) {
            pending.add(new FindingEvent.SeverityChanged(f.id, f.key, before, f.severity, f.firstDetectedAt, sweepId));
        }
        if (noFixBefore && !AsciiCase.equalsIgnoreCase(NO_FIX, f.fixStatus) && f.fixAvailableAt == null) {
            f.fixAvailableAt = asOf;
            pending.add(new FindingEvent.FixAppeared(f.id, f.key, asOf, sweepId));
        }
        boolean changed = before != f.severity || newDigest || !java.util.Objects.equals(fixedBefore, f.fixedVersion);
        return changed ? Outcome.CHANGED : Outcome.UNCHANGED;
    }

    /** The digest that tells: one pushed after the closure's image, else one the finding was not known on. */
    private static String seenOn(FindingRecord f, List<Observation> rows, Instant closureImage) {
        return rows.stream().filter(o -> closureImage != null && o.pushedAt() != null && o.pushedAt().isAfter(closureImage))
                .map(Observation::digest).findFirst()
                .or(() -> rows.stream().map(Observation::digest).filter(d -> !f.digests.containsKey(d)).findFirst())
                .orElse(rows.get(0).digest());
    }

    /** Whether an image showing a closed finding was pushed after the image its closure rests on (a rollback). */
    private static boolean pushedAfter(Instant closureImage, List<Observation> rows) {
        return closureImage != null && rows.stream()
                .anyMatch(o -> o.pushedAt() != null && o.pushedAt().isAfter(closureImage));
    }

    /** The push time of the image a closure rests on: the fixing image, or the newest affected one of a gone finding. */
    private Instant closureImagePushedAt(FindingRecord f) {
        if (f.closureEvidence == null) {
            return null;
        }
        try {
            return json.readValue(f.closureEvidence, ClosureEvidence.class).digestPushedAt();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored closure evidence is not readable: " + f.closureEvidence, e);
        }
    }

    /** Takes versions from the row of the most recently pushed digest, and the highest severity of all rows. */
    private static void takeLatest(FindingRecord f, List<Observation> rows, Instant asOf, String sweepId) {
        Observation latest = rows.stream()
                .max(Comparator.comparing(Observation::pushedAt, Comparator.nullsFirst(Comparator.naturalOrder())))
                .orElseThrow();
        f.severity = rows.stream().map(Observation::severity).max(Comparator.naturalOrder()).orElseThrow();
        f.ecosystem = latest.ecosystem();
        f.cvss = latest.cvss();
        f.installedVersion = latest.installedVersion();
        f.fixedVersion = latest.fixedVersion();
        f.fixStatus = latest.fixStatus();
        f.subscriptionId = latest.subscriptionId();
        f.resourceGroup = latest.resourceGroup();
        f.cloud = latest.cloud();
        f.account = latest.account();
        f.lastSeenAt = asOf;
        f.lastSweepId = sweepId;
        f.newestObservedDigest = latest.digest();
        for (Observation o : rows) {
            if (o.pushedAt() != null
                    && (f.newestAffectedPushedAt == null || o.pushedAt().isAfter(f.newestAffectedPushedAt))) {
                f.newestAffectedPushedAt = o.pushedAt();
                f.newestAffectedDigest = o.digest();
            }
        }
    }

    private static Instant earliestScan(List<Observation> rows, Instant fallback) {
        return rows.stream().map(Observation::scannedAt).filter(java.util.Objects::nonNull)
                .min(Comparator.naturalOrder()).orElse(fallback);
    }

    private static void recordDigests(FindingRecord f, List<Observation> rows, Instant asOf,
                                      List<FindingRepository.DigestRow> out) {
        Map<String, Observation> byDigest = new LinkedHashMap<>();
        rows.forEach(o -> byDigest.putIfAbsent(o.digest(), o));
        for (Observation o : byDigest.values()) {
            Finding.AffectedDigest before = f.digests.get(o.digest());
            boolean isNew = before == null;
            Finding.AffectedDigest now = new Finding.AffectedDigest(o.digest(), o.pushedAt(), o.tags(),
                    isNew ? asOf : before.firstSeenAt(), asOf);
            f.digests.put(o.digest(), now);
            out.add(new FindingRepository.DigestRow(f.id, now, isNew));
        }
    }

    /** Closure rules 1-3 for an open finding; returns the evidence, or null with the reason kept on the finding. */
    private ClosureEvidence evaluateClosure(FindingRecord f, RepositoryScan scan, boolean observed, Instant asOf,
                                            String sweepId) {
        List<String> reasons = new ArrayList<>();
        ClosureEvidence newerImage = newerImageShowsFix(f, scan, asOf, sweepId, reasons);
        if (newerImage != null) {
            return newerImage;
        }
        if (observed) {
            f.absentSweeps = 0;
            f.lastAbsentAt = null;
            reasons.add(0, "still observed on " + scan.presentByKey.get(f.key).size()
                    + " row(s), newest affected digest " + f.newestAffectedDigest);
            f.lastDecision = decision(reasons);
            return null;
        }
        return absent(f, asOf, sweepId, reasons);
    }

    /**
     * Rule 3. An absence counts only when its sweep is at least {@code absentSweepInterval} after the
     * previous counted one, so the same scan imported twice, or several exports of one day, count once.
     */
    private ClosureEvidence absent(FindingRecord f, Instant asOf, String sweepId, List<String> reasons) {
        int needed = closure.absentSweepsToGone();
        Duration interval = closure.absentSweepInterval();
        if (f.absentSweeps > 0 && f.lastAbsentAt != null && asOf.isBefore(f.lastAbsentAt.plus(interval))) {
            reasons.add(0, "not observed in this sweep either, but it is as of only "
                    + Duration.between(f.lastAbsentAt, asOf) + " after the absence counted as of " + f.lastAbsentAt
                    + "; absences count when at least " + interval + " apart (" + f.absentSweeps + " of " + needed
                    + " before it counts as gone)");
            f.lastDecision = decision(reasons);
            return null;
        }
        Instant previous = f.lastAbsentAt;
        f.absentSweeps++;
        f.lastAbsentAt = asOf;
        if (f.absentSweeps >= needed) {
            return new ClosureEvidence(ClosureRule.ABSENT, List.of(sweepId), f.newestAffectedDigest,
                    f.newestAffectedPushedAt, null, f.installedVersion, f.fixedVersion,
                    "not observed on any digest in " + f.absentSweeps + " consecutive complete sweeps at least "
                            + interval + " apart" + (previous == null ? "" : " (the previous one as of " + previous
                            + ", this one as of " + asOf + ")"));
        }
        reasons.add(0, "not observed in this sweep (" + f.absentSweeps + " of " + needed
                + " consecutive absent sweeps, at least " + interval + " apart, before it counts as gone)");
        f.lastDecision = decision(reasons);
        return null;
    }

    /** Rules 1 and 2: a newer image shows the fixed version, or is clean; null with the reasons when neither. */
    private ClosureEvidence newerImageShowsFix(FindingRecord f, RepositoryScan scan, Instant asOf, String sweepId,
                                               List<String> reasons) {
        List<Observation> onFinding = scan.presentByKey.getOrDefault(f.key, List.of());
        Instant newestAffected = f.newestAffectedPushedAt;
        if (newestAffected == null || onFinding.stream().anyMatch(o -> o.pushedAt() == null)) {
            reasons.add("rules 1 and 2 do not apply: an image showing it has no push time, so newer images "
                    + "cannot be recognised");
            return null;
        }
        ClosureEvidence rule1 = fixedVersionObserved(f, scan, onFinding, newestAffected, asOf, sweepId, reasons);
        return rule1 != null ? rule1 : newerImageClean(f, scan, onFinding, newestAffected, asOf, sweepId, reasons);
    }

    /** The reasons a finding stays open, the first few in full: the column holds 1,000 characters. */
    private static String decision(List<String> reasons) {
        int shown = Math.min(reasons.size(), 4);
        return limit(String.join("; ", reasons.subList(0, shown))
                + (reasons.size() > shown ? "; and " + (reasons.size() - shown) + " more" : ""));
    }

    private static String limit(String decision) {
        return decision.length() <= 1000 ? decision : decision.substring(0, 997) + "...";
    }

    private ClosureEvidence fixedVersionObserved(FindingRecord f, RepositoryScan scan, List<Observation> onFinding,
                                                 Instant newestAffected, Instant asOf, String sweepId,
                                                 List<String> reasons) {
        if (f.fixedVersion == null || f.fixedVersion.isBlank()) {
            reasons.add("rule 1 does not apply: no fixed version is known");
            return null;
        }
        boolean newerImageShowsPackage = false;
        for (ScannedDigest d : scan.newestFirst()) {
            if (!d.pushedAfter(newestAffected) || onFinding.stream().anyMatch(o -> o.digest().equals(d.digest))) {
                continue;
            }
            Observation pkg = d.packages.get(f.key.packageName());
            if (pkg == null) {
                continue;
            }
            newerImageShowsPackage = true;
            if (pkg.ecosystem() != null && f.ecosystem != null && !pkg.ecosystem().equals(f.ecosystem)) {
                reasons.add("rule 1 does not apply on " + d.digest + ": its " + f.key.packageName() + " is a "
                        + pkg.ecosystem() + " package, the finding's is " + f.ecosystem);
                continue;
            }
            OptionalInt cmp = Versions.compare(f.ecosystem, pkg.installedVersion(), f.fixedVersion);
            String comparison = Versions.explain(f.ecosystem, pkg.installedVersion(), f.fixedVersion);
            if (cmp.isPresent() && cmp.getAsInt() >= 0) {
                return new ClosureEvidence(ClosureRule.FIXED_VERSION_OBSERVED, List.of(sweepId), d.digest,
                        d.pushedAt, pkg.scannedAt(), pkg.installedVersion(), f.fixedVersion,
                        "newer image " + d.digest + " shows " + f.key.packageName() + " " + comparison
                                + " and does not show " + f.key.vulnerabilityId());
            }
            reasons.add("rule 1 does not apply on " + d.digest + ": " + comparison);
        }
        if (!newerImageShowsPackage) {
            reasons.add("rule 1 does not apply: no image pushed after the newest affected one shows "
                    + f.key.packageName() + " (" + Versions.explain(f.ecosystem, f.installedVersion, f.fixedVersion)
                    + " on the affected image)");
        }
        return null;
    }

    private ClosureEvidence newerImageClean(FindingRecord f, RepositoryScan scan, List<Observation> onFinding,
                                            Instant newestAffected, Instant asOf, String sweepId,
                                            List<String> reasons) {
        ScannedDigest newest = scan.newest();
        if (newest == null || !newest.pushedAfter(newestAffected)) {
            return null;
        }
        if (onFinding.stream().anyMatch(o -> o.digest().equals(newest.digest))) {
            return null;
        }
        Instant scannable = asOf.minus(closure.scanGracePeriod());
        if (newest.pushedAt.isAfter(scannable)) {
            reasons.add("rule 2 not yet: newest image " + newest.digest + " was pushed " + newest.pushedAt
                    + ", within the scan grace period (" + closure.scanGracePeriod() + ") before the sweep");
            return null;
        }
        return new ClosureEvidence(ClosureRule.NEWER_IMAGE_CLEAN, List.of(sweepId), newest.digest, newest.pushedAt,
                newest.scannedAt, newest.packages.containsKey(f.key.packageName())
                ? newest.packages.get(f.key.packageName()).installedVersion() : null, f.fixedVersion,
                "newest image " + newest.digest + " (pushed " + newest.pushedAt + ") does not show "
                        + f.key.vulnerabilityId() + " in " + f.key.packageName());
    }

    private void close(FindingRecord f, ClosureEvidence evidence, Instant asOf) {
        f.state = evidence.rule() == ClosureRule.ABSENT ? FindingState.GONE : FindingState.FIXED;
        f.closedAt = asOf;
        f.closureRule = evidence.rule();
        f.lastDecision = evidence.explanation();
        try {
            f.closureEvidence = json.writeValueAsString(evidence);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("closure evidence cannot be written", e);
        }
    }

    /** The digests of one repository in one sweep, with the packages each shows. */
    private static final class RepositoryScan {
        /** Unhealthy rows: the findings this sweep shows. */
        final Map<FindingKey, List<Observation>> byKey = new LinkedHashMap<>();
        /** Rows of any status, exempt ones included: where a finding is present at all. */
        final Map<FindingKey, List<Observation>> presentByKey = new LinkedHashMap<>();
        final Map<String, ScannedDigest> digests = new HashMap<>();

        RepositoryScan(List<Observation> rows) {
            for (Observation o : rows) {
                ScannedDigest d = digests.computeIfAbsent(o.digest(), ScannedDigest::new);
                d.take(o);
                presentByKey.computeIfAbsent(o.key(), k -> new ArrayList<>()).add(o);
                if (o.isFinding()) {
                    byKey.computeIfAbsent(o.key(), k -> new ArrayList<>()).add(o);
                }
            }
        }

        List<ScannedDigest> newestFirst() {
            return digests.values().stream().filter(d -> d.pushedAt != null)
                    .sorted(Comparator.comparing((ScannedDigest d) -> d.pushedAt).reversed()).toList();
        }

        ScannedDigest newest() {
            List<ScannedDigest> sorted = newestFirst();
            return sorted.isEmpty() ? null : sorted.get(0);
        }
    }

    private static final class ScannedDigest {
        final String digest;
        Instant pushedAt;
        Instant scannedAt;
        final Map<String, Observation> packages = new HashMap<>();

        ScannedDigest(String digest) {
            this.digest = digest;
        }

        void take(Observation o) {
            if (o.pushedAt() != null && (pushedAt == null || o.pushedAt().isAfter(pushedAt))) {
                pushedAt = o.pushedAt();
            }
            if (o.scannedAt() != null && (scannedAt == null || o.scannedAt().isAfter(scannedAt))) {
                scannedAt = o.scannedAt();
            }
            packages.putIfAbsent(o.packageName(), o);
        }

        boolean pushedAfter(Instant instant) {
            return pushedAt != null && pushedAt.isAfter(instant);
        }
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

    /** Writes rows to the staging table in batches while they are parsed, and keeps the report. */
    private final class Staging implements SweepFeed {
        /** Rejections kept in full; beyond this only counted, so a broken source cannot fill the database. */
        static final int MAX_REJECTIONS = 1000;
        /** Distinct kinds of ignored rows kept by name, so that a strange source cannot fill the report. */
        static final int MAX_KINDS = 50;
        static final String OTHER_KINDS = "(other kinds)";

        final String sweepId;
        final List<Observation> batch = new ArrayList<>(ObservationRepository.BATCH_SIZE);
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
        final Map<String, Integer> ignored = new java.util.TreeMap<>();
        int rows;
        int notApplicable;
        int rejected;
        int pages;
        Duration quotaWait = Duration.ZERO;
        Instant latestScan;

        Staging(String sweepId) {
            this.sweepId = sweepId;
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
            batch.add(o);
            if (batch.size() >= ObservationRepository.BATCH_SIZE) {
                flush();
            }
        }

        void flush() {
            if (!batch.isEmpty()) {
                observations.insert(sweepId, batch);
                batch.clear();
            }
        }
    }

    private static final class Tally {
        int rows, notApplicable, rejected, newFindings, unchanged, changed, fixed, gone, reopened;

        void count(Outcome outcome) {
            switch (outcome) {
                case UNCHANGED -> unchanged++;
                case CHANGED -> changed++;
                case REOPENED -> reopened++;
            case DEFERRED -> unchanged++;
            }
        }

        /** A finding closed this sweep counts as fixed or gone, not as the change that was also seen. */
        void closed(FindingState state) {
            if (state == FindingState.GONE) {
                gone++;
            } else {
                fixed++;
            }
        }

        Sweep.Counts counts() {
            return new Sweep.Counts(rows, notApplicable, rejected, newFindings, unchanged, changed, fixed, gone,
                    reopened);
        }
    }
}
