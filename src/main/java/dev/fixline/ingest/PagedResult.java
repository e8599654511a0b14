package dev.fixline.ingest;

import dev.fixline.ingest.file.ArgExportReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Decides whether several files imported as one sweep hold whole results. A file that is whole on its
 * own (a plain array, a CSV, a body with all its {@code totalRecords}) counts as it is. The pages of a
 * Resource Graph query each carry the query's {@code totalRecords}, and all but the last a
 * {@code $skipToken}: the pages announcing the same total are whole together when they hold exactly that
 * many rows for each last page among them (two queries of the same size: twice as many). Exactly, so
 * that a missing page is never made up for by another query's rows; a page imported twice is refused
 * before this is asked (its rows' ids repeat). A page with a {@code nextLink} or a {@code $skipToken}
 * but no total cannot be proven whole (the next page does not say it follows), so it leaves the sweep
 * partial.
 */
final class PagedResult {

    private final List<String> incomplete = new ArrayList<>();
    private final Map<Long, Pages> pagesByTotal = new TreeMap<>();

    private static final class Pages {
        long rows;
        int count;
        /** Pages without a continuation: the last page of each query. */
        int last;
    }

    /** A JSON part, numbered from 1. */
    void add(int part, String name, ArgExportReader.Part facts) {
        if (facts.truncated() != null) {
            incomplete.add(label(part, name) + ": " + facts.truncated());
        } else if (facts.totalRecords() >= 0 && facts.incompleteAlone().isPresent()) {
            Pages pages = pagesByTotal.computeIfAbsent(facts.totalRecords(), t -> new Pages());
            pages.rows += facts.rows();
            pages.count++;
            if (facts.continuation() == null) {
                pages.last++;
            }
        } else if (facts.continuation() != null) {
            incomplete.add(label(part, name) + ": " + facts.continuation() + ", and without a totalRecords to "
                    + "count them against, its pages cannot be proven whole; export the whole result in one file "
                    + "(az graph query --first 1000 with its skip token, az rest and the CLI follow nextLink)");
        }
    }

    /** A CSV part that is probably cut short. */
    void addIncomplete(int part, String name, String reason) {
        incomplete.add(label(part, name) + ": " + reason);
    }

    /** Why the files together are not whole results; empty when they are. */
    Optional<String> incomplete() {
        List<String> reasons = new ArrayList<>(incomplete);
        pagesByTotal.forEach((total, pages) -> {
            if (pages.last == 0) {
                reasons.add(pages.count + " page(s) of a Resource Graph result of " + total + " rows, without its "
                        + "last page (each one carries the $skipToken of a page that follows)");
            } else if (pages.rows != total * pages.last) {
                reasons.add(pages.count + " page(s) of " + (pages.last == 1 ? "a Resource Graph result" : pages.last
                        + " Resource Graph results") + " of " + total + " rows hold " + pages.rows + " rows");
            }
        });
        return reasons.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", reasons));
    }

    private static String label(int part, String name) {
        return "part " + part + (name == null ? "" : " (" + name + ")");
    }
}
