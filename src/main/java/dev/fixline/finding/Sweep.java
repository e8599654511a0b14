package dev.fixline.finding;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One run of one source over one scope, with what it changed.
 *
 * @param ignored    rows of other kinds than container-image findings (SQL, server, … sub-assessments in an
 *                   unfiltered export) that the source skipped, counted by kind
 * @param withdrawal set when an administrator withdrew the sweep: it no longer counts as its registries'
 *                   newest, so an export it wrongly superseded can be imported
 */
public record Sweep(
        String id,
        String source,
        String sourceName,
        String scope,
        SweepState state,
        Instant startedAt,
        Instant finishedAt,
        Instant asOf,
        Counts counts,
        int pages,
        long quotaWaitMillis,
        String message,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<Rejection> rejections,
        Map<String, Integer> ignored,
        @JsonInclude(JsonInclude.Include.NON_NULL) Withdrawal withdrawal) {

    public Sweep {
        // Sorted by kind, so that a report lists them the same way every time.
        ignored = ignored == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(ignored));
    }

    /** A sweep that has not been withdrawn. */
    public Sweep(String id, String source, String sourceName, String scope, SweepState state, Instant startedAt,
                 Instant finishedAt, Instant asOf, Counts counts, int pages, long quotaWaitMillis, String message,
                 List<Rejection> rejections, Map<String, Integer> ignored) {
        this(id, source, sourceName, scope, state, startedAt, finishedAt, asOf, counts, pages, quotaWaitMillis,
                message, rejections, ignored, null);
    }

    /** A sweep that ignored no rows. */
    public Sweep(String id, String source, String sourceName, String scope, SweepState state, Instant startedAt,
                 Instant finishedAt, Instant asOf, Counts counts, int pages, long quotaWaitMillis, String message,
                 List<Rejection> rejections) {
        this(id, source, sourceName, scope, state, startedAt, finishedAt, asOf, counts, pages, quotaWaitMillis,
                message, rejections, Map.of());
    }

    /** Who withdrew the sweep, when and why. */
    public record Withdrawal(Instant at, String by, String reason) {
    }

    /** A row the source could not read; only {@code GET /api/sweeps/{id}} lists them. */
    public record Rejection(int row, String field, String reason) {
    }

    public record Counts(int rows, int notApplicable, int rejected, int newFindings, int unchanged, int changed,
                         int fixed, int gone, int reopened) {
    }
}
