package dev.fixline.finding;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/** One run of one source over one scope, with what it changed. */
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
        @JsonInclude(JsonInclude.Include.NON_NULL) List<Rejection> rejections) {

    /** A row the source could not read; only {@code GET /api/sweeps/{id}} lists them. */
    public record Rejection(int row, String field, String reason) {
    }

    public record Counts(int rows, int notApplicable, int rejected, int newFindings, int unchanged, int changed,
                         int fixed, int gone, int reopened) {
    }
}
