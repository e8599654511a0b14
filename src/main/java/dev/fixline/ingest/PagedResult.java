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
 * Resource Graph query each carry the query's {@code totalRecords}: the pages announcing the same total
 * are whole together when they hold exactly that many rows. Exactly, so that a missing page is never
 * made up for by another query's rows. A REST page with a {@code nextLink} cannot be proven whole (the
 * next page does not say it follows), so it leaves the sweep partial.
 */
final class PagedResult {

    private final List<String> incomplete = new ArrayList<>();
    private final Map<Long, Pages> pagesByTotal = new TreeMap<>();

    private static final class Pages {
        long rows;
        int count;
    }

    /** A JSON part, numbered from 1. */
    void add(int part, String name, ArgExportReader.Part facts) {
        if (facts.truncated() != null) {
            incomplete.add(label(part, name) + ": " + facts.truncated());
        } else if (facts.totalRecords() >= 0 && facts.incompleteAlone().isPresent()) {
            Pages pages = pagesByTotal.computeIfAbsent(facts.totalRecords(), t -> new Pages());
            pages.rows += facts.rows();
            pages.count++;
        } else if (facts.continuation() != null) {
            incomplete.add(label(part, name) + ": " + facts.continuation() + ", and REST pages cannot be proven "
                    + "whole; export the whole list in one file (az rest or the CLI follow nextLink)");
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
            if (pages.rows != total) {
                reasons.add(pages.count + " page(s) of a Resource Graph result of " + total + " rows hold "
                        + pages.rows + " rows");
            }
        });
        return reasons.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", reasons));
    }

    private static String label(int part, String name) {
        return "part " + part + (name == null ? "" : " (" + name + ")");
    }
}
