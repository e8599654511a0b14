package dev.fixline.sla;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;

/**
 * One entry of the CISA Known Exploited Vulnerabilities catalog.
 *
 * @param cveId the CVE, upper-case, e.g. {@code CVE-2021-44228}
 * @param dateAdded when CISA added it to the catalog
 * @param dueDate the remediation date CISA set for federal agencies
 * @param vendorProject the vendor or project, e.g. {@code Apache}
 * @param product the product, e.g. {@code Log4j2}
 * @param vulnerabilityName CISA's name for it
 * @param knownRansomwareUse whether CISA knows of its use in ransomware campaigns
 */
public record KevEntry(String cveId, LocalDate dateAdded, LocalDate dueDate, String vendorProject, String product,
                       String vulnerabilityName, boolean knownRansomwareUse) {

    /**
     * The end of the due date in UTC (23:59:59Z). The catalog gives a date without a zone or time; Fixline
     * reads it as the whole of that day in UTC, so the instant is the day's last second and still prints as
     * the catalog's date.
     */
    public Instant dueAt() {
        return dueDate.atTime(LocalTime.of(23, 59, 59)).toInstant(ZoneOffset.UTC);
    }
}
