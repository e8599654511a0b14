package dev.fixline.remediation;

import dev.fixline.finding.Finding;
import dev.fixline.finding.FindingState;
import dev.fixline.finding.FindingStore;
import dev.fixline.finding.Sweep;
import dev.fixline.finding.SweepApplied;
import dev.fixline.finding.SweepState;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The next complete sweep decides an owner's claim of a fix at once. A fix it shows closes the case (a
 * closure, like any other); a finding it still shows, in data newer than the claim, sends the task back
 * to the owner with what the rescan shows. "Newer" is the time of the data for the finding's registry (a
 * sweep of several files keeps each registry's own), not of the whole sweep. Runs inside the sweep's
 * transaction, so the refutation is queued exactly when the sweep commits.
 */
@Component
class VerificationRescans {

    private static final Logger log = LoggerFactory.getLogger(VerificationRescans.class);

    private final CaseRepository cases;
    private final FindingStore findings;
    private final Clock clock;

    VerificationRescans(CaseRepository cases, FindingStore findings, Clock clock) {
        this.cases = cases;
        this.findings = findings;
        this.clock = clock;
    }

    @EventListener
    void on(SweepApplied event) {
        Sweep sweep = event.sweep();
        if (sweep.state() != SweepState.COMPLETE) {
            return; // a partial sweep closes nothing, and so refutes nothing either
        }
        int refuted = 0;
        for (CaseRepository.AwaitingCase waiting : cases.awaitingVerification()) {
            Optional<Finding> seen = findings.finding(waiting.findingId()).filter(f -> f.state() == FindingState.OPEN
                    && sweep.id().equals(f.lastSweepId()) && f.lastSeenAt().isAfter(waiting.since()));
            if (seen.isPresent()) {
                cases.addCommand(waiting.caseId(), CaseCommand.REFUTE_FIX, shows(seen.get(), sweep), clock.instant());
                refuted++;
            }
        }
        if (refuted > 0) {
            log.info("Sweep {} still shows the findings of {} cases whose owners reported a fix; their tasks return",
                    sweep.id(), refuted);
        }
    }

    /** What the rescan shows, in words for the owner: the image, the installed and the fixed version. */
    static String shows(Finding f, Sweep sweep) {
        return "sweep " + sweep.id() + " (data as of " + sweep.asOf() + ") still finds " + f.key().vulnerabilityId()
                + " in " + f.key().packageName() + " " + orUnknown(f.installedVersion())
                + (f.newestAffectedDigest() == null ? "" : " on image " + f.newestAffectedDigest()
                + (f.newestAffectedPushedAt() == null ? "" : " (pushed " + f.newestAffectedPushedAt() + ")"))
                + "; fixed version " + orUnknown(f.fixedVersion());
    }

    private static String orUnknown(String version) {
        return version == null || version.isBlank() ? "unknown" : version;
    }
}
