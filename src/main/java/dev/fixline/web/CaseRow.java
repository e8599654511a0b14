package dev.fixline.web;

import dev.fixline.remediation.CaseState;
import dev.fixline.remediation.CaseView;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The words a page shows for a case: how much time is left, its state in plain words, where its CVE is
 * described.
 *
 * @param timeLeft   "5 days left", "due today", "3 days overdue", "paused (exception)", "closed"
 * @param late       past its due date while the clock runs
 * @param stateText  the state as a person says it
 * @param cveUrl     the NVD page of a CVE id; null for other ids (GHSA, vendor advisories)
 */
record CaseRow(String timeLeft, boolean late, String stateText, String cveUrl) {

    private static final Pattern CVE = Pattern.compile("CVE-\\d{4}-\\d{4,}", Pattern.CASE_INSENSITIVE);

    static CaseRow of(CaseView c, Instant now) {
        return new CaseRow(timeLeft(c, now), c.overdue() && c.state() != CaseState.EXCEPTION
                && c.state() != CaseState.CLOSED, stateText(c.state()), nvd(c.vulnerabilityId()));
    }

    static String nvd(String id) {
        return id != null && CVE.matcher(id).matches()
                ? "https://nvd.nist.gov/vuln/detail/" + id.toUpperCase(Locale.ROOT) : null;
    }

    static String stateText(CaseState state) {
        return switch (state) {
            case PENDING -> "starting";
            case OPEN -> "open";
            case AWAITING_VERIFICATION -> "fixed, awaiting rescan";
            case EXCEPTION -> "exception running";
            case CLOSED -> "closed";
        };
    }

    private static String timeLeft(CaseView c, Instant now) {
        if (c.state() == CaseState.CLOSED) {
            return "closed";
        }
        if (c.state() == CaseState.EXCEPTION) {
            return "paused (exception)";
        }
        if (c.dueAt() == null) {
            return "no due date yet";
        }
        long days = Duration.between(now, c.dueAt()).toDays();
        if (now.isAfter(c.dueAt())) {
            long late = Duration.between(c.dueAt(), now).toDays();
            return late == 0 ? "overdue today" : late + (late == 1 ? " day" : " days") + " overdue";
        }
        return days == 0 ? "due today" : days + (days == 1 ? " day" : " days") + " left";
    }
}
