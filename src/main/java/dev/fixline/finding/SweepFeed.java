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

    /** As {@link #ignore(int, String)}, with the row's own id where it has one (a sub-assessment's). */
    default void ignore(int row, String kind, String rowId) {
        ignore(row, kind);
    }

    /**
     * The as-of time of one registry's rows, when a sweep puts together files of different times (one
     * export per subscription): the newest scan of the file (or the pages of one result) they came from.
     * Without it a registry is as of the sweep's newest scan over all rows, as one export is.
     *
     * @param account the account of a GCP registry's rows (its project); ignored for other clouds
     */
    default void registryAsOf(String registryHost, String cloud, String account, java.time.Instant asOf) {
    }

    /** One more page of the source was read. */
    void pageRead();

    /** The source waited this long for its quota to recover. */
    void waitedForQuota(Duration waited);
}
