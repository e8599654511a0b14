package dev.fixline.finding;

/** The counts a sweep reports, gathered while its repositories are diffed. */
final class SweepTally {

    int rows;
    int notApplicable;
    int rejected;
    int newFindings;
    int unchanged;
    int changed;
    int fixed;
    int gone;
    int reopened;

    void count(RepositoryDiff.Outcome outcome) {
        switch (outcome) {
            case UNCHANGED, DEFERRED -> unchanged++;
            case CHANGED -> changed++;
            case REOPENED -> reopened++;
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
