package dev.fixline.ingest.defender;

import dev.fixline.finding.Observation;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import dev.fixline.ingest.SweepRejectedException;
import dev.fixline.limits.ControlCharacters;

/**
 * The longest values the finding store keeps (see the {@code observation} table), and the times it
 * believes. A longer value, a value with a control character (a NUL, which PostgreSQL refuses; a line break,
 * which would end a mail's subject) or an implausible time is bad input: the row is rejected by name rather
 * than failing the database write, or (a scan time in year 9999) making every later export look outdated.
 * Every value of a row is one line: names, ids, versions.
 */
public final class ObservationLimits {

    /** Clocks drift and exports cross time zones badly; a day ahead is still believed. */
    static final Duration FUTURE_TOLERANCE = Duration.ofDays(1);
    /** Before any registry Defender scans existed: a damaged value, not a time. */
    static final Instant EARLIEST = Instant.parse("2010-01-01T00:00:00Z");

    private ObservationLimits() {
    }

    public static Observation checked(Observation o) {
        int row = o.rowNumber();
        limit(row, "id", o.rawId(), 1024);
        limit(row, "assessment key", o.assessmentKey(), 64);
        limit(row, "status code", o.statusCode(), 32);
        limit(row, "status cause", o.statusCause(), 256);
        limit(row, "subscription id", o.subscriptionId(), 64);
        limit(row, "resource group", o.resourceGroup(), 256);
        limit(row, "registry resource id", o.registryResourceId(), 1024);
        limit(row, "registry host", o.registryHost(), 256);
        limit(row, "repository", o.repository(), 512);
        limit(row, "digest", o.digest(), 128);
        limit(row, "vulnerability id", o.vulnerabilityId(), 128);
        limit(row, "package name", o.packageName(), 256);
        limit(row, "installed version", o.installedVersion(), 256);
        limit(row, "fixed version", o.fixedVersion(), 256);
        limit(row, "fix status", o.fixStatus(), 32);
        limit(row, "cloud", o.cloud(), 8);
        limit(row, "account", o.account(), 128);
        limit(row, "ecosystem", o.ecosystem(), 32);
        limit(row, "tags", o.tags(), 1024);
        plausible(row, "scan time (timeGenerated)", o.scannedAt());
        plausible(row, "push time (lastPushedToRegistryUTC)", o.pushedAt());
        if (o.cvss() != null && (o.cvss().scale() > 20 || o.cvss().precision() - o.cvss().scale() > 2)) {
            // 1e-999999999 or 1e400: no score, and the database cannot keep it
            throw new SweepRejectedException(row, "cvss", "not a CVSS score (0 to 10): " + o.cvss().toString()
                    .substring(0, Math.min(40, o.cvss().toString().length())));
        }
        if (o.cvss() != null && (o.cvss().signum() < 0 || o.cvss().compareTo(BigDecimal.TEN) > 0)) {
            throw new SweepRejectedException(row, "cvss", "must be between 0 and 10, was " + o.cvss());
        }
        return o;
    }

    private static void plausible(int row, String field, Instant time) {
        if (time == null) {
            return;
        }
        Instant latest = Instant.now().plus(FUTURE_TOLERANCE);
        if (time.isAfter(latest)) {
            throw new SweepRejectedException(row, field, time + " is in the future (more than " + FUTURE_TOLERANCE
                    .toHours() + " h ahead): the value is damaged or a clock is wrong, and a sweep as of it would make "
                    + "every later export look outdated");
        }
        if (time.isBefore(EARLIEST)) {
            throw new SweepRejectedException(row, field, time + " is before " + EARLIEST.toString().substring(0, 4)
                    + ", before any registry Defender scans existed: the value is damaged");
        }
    }

    private static void limit(int row, String field, String value, int max) {
        text(row, field, value, max);
    }

    /** A one-line value of at most {@code max} characters, or the row is refused naming {@code field}. */
    static void text(int row, String field, String value, int max) {
        if (value == null) {
            return;
        }
        if (value.length() > max) {
            throw new SweepRejectedException(row, field, "longer than " + max + " characters ("
                    + value.length() + ")");
        }
        int control = ControlCharacters.inLine(value);
        if (control >= 0) {
            throw new SweepRejectedException(row, field, ControlCharacters.describe(value, control)
                    + "; values of a row are one line without control characters");
        }
    }
}
