package dev.fixline.finding;

import dev.fixline.finding.RepositoryScan.ScannedDigest;
import dev.fixline.finding.version.Versions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The closure rules (DESIGN §4), on plain objects: whether a complete sweep's view of a repository closes
 * an open finding, and with what evidence.
 * <ol>
 *   <li>FIXED_VERSION_OBSERVED: an image pushed after the newest affected one shows the package at the
 *       fixed version or later (compared per ecosystem), and not the finding.</li>
 *   <li>NEWER_IMAGE_CLEAN: the repository's newest image, pushed after the newest affected one and at
 *       least {@code scan-grace-period} before the sweep, does not show the finding.</li>
 *   <li>ABSENT: not observed on any digest in {@code absent-sweeps-to-gone} complete sweeps at least
 *       {@code absent-sweep-interval} apart.</li>
 * </ol>
 * An exempt (NotApplicable) row counts as presence: an exemption is never a fix. When no rule closes a
 * finding, the reasons are kept on it as its last decision.
 */
final class ClosureRules {

    private static final String SKIPPED = "closure skipped: ";
    private static final String LAST_COMPLETE = "; the last complete sweep said: ";
    /** The last-decision column holds 1,000 characters. */
    private static final int DECISION_LIMIT = 1000;

    private final ClosureProperties properties;

    ClosureRules(ClosureProperties properties) {
        this.properties = properties;
    }

    /** Rules 1-3 for an open finding; the evidence, or null with the reasons kept on the finding. */
    ClosureEvidence judge(FindingRecord f, RepositoryScan scan, SweepContext sweep) {
        List<String> reasons = new ArrayList<>();
        ClosureEvidence newerImage = newerImageShowsFix(f, scan, sweep, reasons);
        if (newerImage != null) {
            return newerImage;
        }
        if (scan.presentByKey.containsKey(f.key)) {
            f.absentSweeps = 0;
            f.lastAbsentAt = null;
            reasons.add(0, "still observed on " + scan.presentByKey.get(f.key).size()
                    + " row(s), newest affected digest " + f.newestAffectedDigest);
            f.lastDecision = decision(reasons);
            return null;
        }
        return absent(f, sweep, reasons);
    }

    /**
     * An open finding in a partial sweep's scope: says that closure was skipped and what the rows at hand
     * would have shown, keeping what the last complete sweep said.
     */
    void noteClosureSkipped(FindingRecord f, RepositoryScan scan, SweepContext sweep) {
        ClosureEvidence wouldClose = newerImageShowsFix(f, scan, sweep, new ArrayList<>());
        String before = f.lastDecision == null ? null : f.lastDecision.startsWith(SKIPPED)
                ? (f.lastDecision.contains(LAST_COMPLETE) ? f.lastDecision.substring(f.lastDecision.indexOf(LAST_COMPLETE)
                + LAST_COMPLETE.length()) : null) : f.lastDecision;
        f.lastDecision = limit(SKIPPED + "sweep " + sweep.sweepId() + " is partial (" + sweep.partialReason()
                + "), and a partial sweep closes nothing" + (wouldClose == null ? ""
                : "; the rows it has would close it: " + wouldClose.explanation())
                + (before == null ? "" : LAST_COMPLETE + before));
    }

    /** Closes a finding on its evidence: FIXED by rules 1 and 2, GONE by rule 3. */
    static void close(FindingRecord f, ClosureEvidence evidence, Instant asOf) {
        f.state = evidence.rule() == ClosureRule.ABSENT ? FindingState.GONE : FindingState.FIXED;
        f.closedAt = asOf;
        f.closureRule = evidence.rule();
        f.closureEvidence = evidence;
        f.lastDecision = evidence.explanation();
    }

    /** A decision cut to what the column keeps. */
    static String limit(String decision) {
        return decision.length() <= DECISION_LIMIT ? decision : decision.substring(0, DECISION_LIMIT - 3) + "...";
    }

    /**
     * Rule 3. An absence counts only when its sweep is at least {@code absentSweepInterval} after the
     * previous counted one, so the same scan imported twice, or several exports of one day, count once.
     */
    private ClosureEvidence absent(FindingRecord f, SweepContext sweep, List<String> reasons) {
        int needed = properties.absentSweepsToGone();
        Duration interval = properties.absentSweepInterval();
        Instant asOf = sweep.asOf();
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
            return new ClosureEvidence(ClosureRule.ABSENT, List.of(sweep.sweepId()), f.newestAffectedDigest,
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
    ClosureEvidence newerImageShowsFix(FindingRecord f, RepositoryScan scan, SweepContext sweep,
                                       List<String> reasons) {
        List<Observation> onFinding = scan.presentByKey.getOrDefault(f.key, List.of());
        Instant newestAffected = f.newestAffectedPushedAt;
        if (newestAffected == null || onFinding.stream().anyMatch(o -> o.pushedAt() == null)) {
            reasons.add("rules 1 and 2 do not apply: an image showing it has no push time, so newer images "
                    + "cannot be recognised");
            return null;
        }
        ClosureEvidence rule1 = fixedVersionObserved(f, scan, onFinding, newestAffected, sweep, reasons);
        return rule1 != null ? rule1 : newerImageClean(f, scan, onFinding, newestAffected, sweep, reasons);
    }

    /** The reasons a finding stays open, the first few in full. */
    private static String decision(List<String> reasons) {
        int shown = Math.min(reasons.size(), 4);
        return limit(String.join("; ", reasons.subList(0, shown))
                + (reasons.size() > shown ? "; and " + (reasons.size() - shown) + " more" : ""));
    }

    private static ClosureEvidence fixedVersionObserved(FindingRecord f, RepositoryScan scan,
                                                        List<Observation> onFinding, Instant newestAffected,
                                                        SweepContext sweep, List<String> reasons) {
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
                return new ClosureEvidence(ClosureRule.FIXED_VERSION_OBSERVED, List.of(sweep.sweepId()), d.digest,
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
                                            Instant newestAffected, SweepContext sweep, List<String> reasons) {
        ScannedDigest newest = scan.newest();
        if (newest == null || !newest.pushedAfter(newestAffected)) {
            return null;
        }
        if (onFinding.stream().anyMatch(o -> o.digest().equals(newest.digest))) {
            return null;
        }
        Instant scannable = sweep.asOf().minus(properties.scanGracePeriod());
        if (newest.pushedAt.isAfter(scannable)) {
            reasons.add("rule 2 not yet: newest image " + newest.digest + " was pushed " + newest.pushedAt
                    + ", within the scan grace period (" + properties.scanGracePeriod() + ") before the sweep");
            return null;
        }
        return new ClosureEvidence(ClosureRule.NEWER_IMAGE_CLEAN, List.of(sweep.sweepId()), newest.digest,
                newest.pushedAt, newest.scannedAt, newest.packages.containsKey(f.key.packageName())
                ? newest.packages.get(f.key.packageName()).installedVersion() : null, f.fixedVersion,
                "newest image " + newest.digest + " (pushed " + newest.pushedAt + ") does not show "
                        + f.key.vulnerabilityId() + " in " + f.key.packageName());
    }
}
