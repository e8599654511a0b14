package dev.fixline.finding;

import dev.fixline.limits.AsciiCase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * One repository in one sweep, on plain objects: which findings are new, changed, reopened or closed
 * (by {@link ClosureRules}), with the events to publish. {@link SweepApplier} loads the repository's
 * findings, hands them here with the sweep's rows, and writes what comes back.
 * <ul>
 *   <li>A closed finding reopens (a regression) when it is seen on a digest it was not known on, on an
 *       image pushed after the one its closure rests on (a rollback), or after it was gone. A partial
 *       sweep reopens only on such a newer image: it may lack the newer clean image that fixed it.</li>
 *   <li>A finding seen only on an image that a newer, clean one already replaced (a late scan of an old
 *       image) is never opened, and a reopening on such an image is undone.</li>
 *   <li>A partial sweep closes nothing; it says on each open finding what its rows would have shown.</li>
 * </ul>
 */
final class RepositoryDiff {

    /** Defender's fix status of a vulnerability without a fix. */
    static final String NO_FIX = "NoFixAvailable";

    /** DEFERRED: a closed finding seen again in a partial sweep, on evidence too weak to reopen it there. */
    enum Outcome { UNCHANGED, CHANGED, REOPENED, DEFERRED }

    /**
     * What to write: new findings, changed ones, the digests seen, the closures made, and the events in order;
     * {@code settled} when the same rows seen again later would change nothing (see {@link #settled}).
     */
    record Result(List<FindingRecord> inserted, Set<FindingRecord> updated,
                  List<FindingRepository.DigestRow> digests, List<FindingRecord> closed, List<FindingEvent> events,
                  boolean settled) {
    }

    private final ClosureRules rules;

    RepositoryDiff(ClosureRules rules) {
        this.rules = rules;
    }

    /**
     * @param known the repository's findings by key, as stored; changed in place, new ones added
     * @param rows the sweep's rows of the repository
     */
    Result diff(Map<FindingKey, FindingRecord> known, List<Observation> rows, SweepContext sweep, SweepTally tally) {
        RepositoryScan scan = new RepositoryScan(rows);
        List<FindingRecord> inserted = new ArrayList<>();
        Set<FindingRecord> updated = new LinkedHashSet<>();
        Map<FindingRecord, Outcome> outcomes = new HashMap<>();
        Map<FindingRecord, FindingRecord> beforeReopening = new HashMap<>();
        List<FindingRepository.DigestRow> digestRows = new ArrayList<>();
        List<FindingEvent> events = new ArrayList<>();
        List<FindingRecord> closed = new ArrayList<>();

        for (Map.Entry<FindingKey, List<Observation>> entry : scan.byKey.entrySet()) {
            FindingRecord f = known.get(entry.getKey());
            List<Observation> seen = entry.getValue();
            if (f == null) {
                f = newFinding(entry.getKey(), seen, sweep);
                known.put(f.key, f);
                inserted.add(f);
                tally.newFindings++;
                events.add(new FindingEvent.Opened(f.id, f.key, f.severity, f.firstDetectedAt, false,
                        sweep.sweepId()));
            } else {
                // Only a closed or suppressed finding can reopen, and only a reopening may be undone: no copy for
                // the others.
                FindingRecord before = f.state.isClosed() || f.state == FindingState.SUPPRESSED ? f.snapshot() : null;
                Outcome outcome = observeExisting(f, seen, sweep, events);
                outcomes.put(f, outcome);
                updated.add(f);
                if (outcome == Outcome.REOPENED) {
                    beforeReopening.put(f, before);
                } else if (outcome == Outcome.DEFERRED) {
                    continue; // its digests stay unknown, so the next complete sweep judges them afresh
                }
            }
            recordDigests(f, seen, sweep.asOf(), digestRows);
        }

        for (FindingRecord f : known.values()) {
            if (f.state != FindingState.OPEN) {
                continue;
            }
            boolean reopened = outcomes.get(f) == Outcome.REOPENED;
            if (!sweep.complete()) {
                if (!f.isNew && !reopened) {
                    rules.noteClosureSkipped(f, scan, sweep);
                    updated.add(f);
                }
                continue;
            }
            ClosureEvidence evidence = rules.judge(f, scan, sweep);
            if (!f.isNew) {
                updated.add(f);
            }
            if (evidence == null) {
                continue;
            }
            if (f.isNew) {
                // Seen only on an image that a newer, clean image already replaced: never opened.
                ClosureRules.close(f, evidence, sweep.asOf());
                closed.add(f);
                events.removeIf(e -> e.findingId().equals(f.id));
            } else if (reopened) {
                // Back only on an old image that a newer, clean one replaces: not a regression after all.
                String digest = f.newestObservedDigest;
                f.restore(beforeReopening.get(f));
                f.lastSeenAt = sweep.asOf();
                f.lastSweepId = sweep.sweepId();
                f.lastDecision = ClosureRules.limit("seen again on " + digest + ", an image the fix already "
                        + "replaced, so not a regression: " + evidence.explanation());
                events.removeIf(e -> e.findingId().equals(f.id));
                outcomes.put(f, Outcome.UNCHANGED);
            } else {
                ClosureRules.close(f, evidence, sweep.asOf());
                closed.add(f);
                outcomes.remove(f);
                tally.closed(f.state);
                events.add(new FindingEvent.Closed(f.id, f.key, f.state, evidence, f.closedAt));
            }
        }
        outcomes.values().forEach(tally::count);
        return new Result(inserted, updated, digestRows, closed, events, settled(known, scan, sweep));
    }

    /**
     * Whether only new rows can change what this complete diff concluded, not time: every open finding is still
     * observed (no absence being counted), and none has an image pushed after its newest affected one (which
     * may close it once the scan grace period has passed). Then the same rows seen later are a no-op but for
     * the finding's last sighting, and {@link RepositoryStates} lets a sweep skip the repository.
     */
    private static boolean settled(Map<FindingKey, FindingRecord> known, RepositoryScan scan, SweepContext sweep) {
        if (!sweep.complete()) {
            return false;
        }
        RepositoryScan.ScannedDigest newest = scan.newest();
        for (FindingRecord f : known.values()) {
            if (f.state != FindingState.OPEN) {
                continue;
            }
            if (!scan.presentByKey.containsKey(f.key) || f.absentSweeps > 0) {
                return false;
            }
            if (newest != null && f.newestAffectedPushedAt != null && newest.pushedAfter(f.newestAffectedPushedAt)) {
                return false;
            }
        }
        return true;
    }

    private static FindingRecord newFinding(FindingKey key, List<Observation> rows, SweepContext sweep) {
        FindingRecord f = new FindingRecord();
        f.id = UUID.randomUUID().toString();
        f.key = key;
        f.isNew = true;
        f.state = FindingState.OPEN;
        f.firstDetectedAt = earliestScan(rows, sweep.asOf());
        takeLatest(f, rows, sweep);
        return f;
    }

    private static Outcome observeExisting(FindingRecord f, List<Observation> rows, SweepContext sweep,
                                           List<FindingEvent> events) {
        Instant asOf = sweep.asOf();
        boolean newDigest = rows.stream().anyMatch(o -> !f.digests.containsKey(o.digest()));
        Instant closureImage = f.state.isClosed() && f.closureEvidence != null
                ? f.closureEvidence.digestPushedAt() : null;
        boolean rollback = pushedAfter(closureImage, rows);
        boolean reopens = f.state == FindingState.GONE || newDigest || rollback;
        String seenOn = f.state.isClosed() ? seenOn(f, rows, closureImage) : null;
        if (!sweep.complete() && f.state.isClosed() && reopens && !rollback) {
            // A truncated result may lack the newer clean image that fixed it (or the newer image that
            // replaced a gone one); only an image pushed after that one proves a regression whatever else
            // the whole result holds.
            f.lastSeenAt = asOf;
            f.lastSweepId = sweep.sweepId();
            f.lastDecision = ClosureRules.limit("seen in partial sweep " + sweep.sweepId() + " on " + seenOn
                    + ", an image not pushed after the one " + (f.state == FindingState.GONE
                    ? "it was last seen on" : "that fixed it")
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
            takeLatest(f, rows, sweep);
            f.lastDecision = "reopened: observed again on " + seenOn;
            events.add(new FindingEvent.Opened(f.id, f.key, f.severity, earliestScan(rows, asOf), true,
                    sweep.sweepId()));
            return Outcome.REOPENED;
        }
        if (f.state == FindingState.SUPPRESSED) {
            return observeSuppressed(f, rows, sweep, newDigest, events);
        }
        if (f.state != FindingState.OPEN) {
            f.lastSeenAt = asOf;
            f.lastSweepId = sweep.sweepId();
            return Outcome.UNCHANGED;
        }
        Severity before = f.severity;
        String fixedBefore = f.fixedVersion;
        boolean noFixBefore = AsciiCase.equalsIgnoreCase(NO_FIX, f.fixStatus);
        Instant earliest = earliestScan(rows, asOf);
        if (earliest.isBefore(f.firstDetectedAt)) {
            f.firstDetectedAt = earliest;
        }
        takeLatest(f, rows, sweep);
        f.absentSweeps = 0;
        f.lastAbsentAt = null;
        if (before != f.severity) {
            events.add(new FindingEvent.SeverityChanged(f.id, f.key, before, f.severity, f.firstDetectedAt,
                    sweep.sweepId()));
        }
        if (noFixBefore && !AsciiCase.equalsIgnoreCase(NO_FIX, f.fixStatus) && f.fixAvailableAt == null) {
            f.fixAvailableAt = asOf;
            events.add(new FindingEvent.FixAppeared(f.id, f.key, asOf, sweep.sweepId()));
        }
        boolean changed = before != f.severity || newDigest || !Objects.equals(fixedBefore, f.fixedVersion);
        return changed ? Outcome.CHANGED : Outcome.UNCHANGED;
    }

    /**
     * A suppressed finding stays so while the scanner says the same; a new fixed version, severity or image
     * digest is new data about it, so the suppression lifts and the finding opens again (a case with it).
     */
    private static Outcome observeSuppressed(FindingRecord f, List<Observation> rows, SweepContext sweep,
                                             boolean newDigest, List<FindingEvent> events) {
        Severity severityBefore = f.severity;
        String fixedBefore = f.fixedVersion;
        takeLatest(f, rows, sweep);
        List<String> changes = new ArrayList<>();
        if (severityBefore != f.severity) {
            changes.add("severity " + severityBefore + " → " + f.severity);
        }
        if (!Objects.equals(fixedBefore, f.fixedVersion)) {
            changes.add("fixed version " + fixedBefore + " → " + f.fixedVersion);
        }
        if (newDigest) {
            changes.add("new image " + rows.stream().map(Observation::digest).filter(d -> !f.digests.containsKey(d))
                    .findFirst().orElse("?"));
        }
        if (changes.isEmpty()) {
            return Outcome.UNCHANGED;
        }
        f.state = FindingState.OPEN;
        f.reopenCount++;
        f.absentSweeps = 0;
        f.lastAbsentAt = null;
        String change = String.join(", ", changes);
        f.lastDecision = ClosureRules.limit("suppression lifted, the scanner's data changed: " + change);
        events.add(new FindingEvent.SuppressionLifted(f.id, f.key, f.severity, f.firstDetectedAt, change,
                sweep.sweepId()));
        return Outcome.REOPENED;
    }

    /** The digest that tells: one pushed after the closure's image, else one the finding was not known on. */
    private static String seenOn(FindingRecord f, List<Observation> rows, Instant closureImage) {
        return rows.stream().filter(o -> closureImage != null && o.pushedAt() != null
                        && o.pushedAt().isAfter(closureImage))
                .map(Observation::digest).findFirst()
                .or(() -> rows.stream().map(Observation::digest).filter(d -> !f.digests.containsKey(d)).findFirst())
                .orElse(rows.get(0).digest());
    }

    /** Whether an image showing a closed finding was pushed after the image its closure rests on (a rollback). */
    private static boolean pushedAfter(Instant closureImage, List<Observation> rows) {
        return closureImage != null && rows.stream()
                .anyMatch(o -> o.pushedAt() != null && o.pushedAt().isAfter(closureImage));
    }

    /** Takes versions from the row of the most recently pushed digest, and the highest severity of all rows. */
    private static void takeLatest(FindingRecord f, List<Observation> rows, SweepContext sweep) {
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
        f.lastSeenAt = sweep.asOf();
        f.lastSweepId = sweep.sweepId();
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
        return rows.stream().map(Observation::scannedAt).filter(Objects::nonNull)
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
}
