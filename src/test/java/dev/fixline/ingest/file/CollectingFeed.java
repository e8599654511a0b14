package dev.fixline.ingest.file;

import dev.fixline.finding.Observation;
import dev.fixline.finding.SweepFeed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A sweep feed that keeps what a reader hands it, as the finding store would see it. */
final class CollectingFeed implements SweepFeed {

    final List<Observation> rows = new ArrayList<>();
    final Map<String, Integer> ignored = new TreeMap<>();

    @Override
    public void accept(Observation row) {
        rows.add(row);
    }

    @Override
    public void ignore(int row, String kind) {
        ignored.merge(kind, 1, Integer::sum);
    }

    @Override
    public void reject(int row, String field, String reason) {
        throw new AssertionError("a file reader rejects the whole file, never one row");
    }

    @Override
    public void pageRead() {
    }

    @Override
    public void waitedForQuota(Duration waited) {
    }
}
