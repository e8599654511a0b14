package dev.fixline.finding;

import java.time.Duration;

/** What a source hands the finding store while it reads one sweep. */
public interface SweepFeed {

    /** One row, in the source's order. */
    void accept(Observation row);

    /** A row that could not be read: it is reported, and the sweep becomes PARTIAL (it closes nothing). */
    void reject(int row, String field, String reason);

    /**
     * A row of another kind than the source reads, such as a SQL or server sub-assessment in an
     * unfiltered export: counted under its kind in the sweep report, and otherwise left alone.
     */
    void ignore(int row, String kind);

    /** One more page of the source was read. */
    void pageRead();

    /** The source waited this long for its quota to recover. */
    void waitedForQuota(Duration waited);
}
