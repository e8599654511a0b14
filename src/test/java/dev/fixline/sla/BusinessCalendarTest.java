package dev.fixline.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fixline.finding.Severity;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Working days are counted in the calendar's zone from the day after detection, and the case is due at the
 * detection's local time of day, so daylight-saving changes shift the elapsed time, not the wall clock.
 */
class BusinessCalendarTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private static CalendarProperties calendar(ZoneId zone, LocalDate... holidays) {
        return new CalendarProperties(zone, null, List.of(holidays));
    }

    /** A policy whose team "payments" uses the given calendar and has {@code days} for High. */
    private static SlaPolicy policy(CalendarProperties calendar, int days) {
        return new SlaPolicy(new SlaProperties(null, Duration.ofDays(7), null,
                Map.of("payments", new TeamSla(Map.of(Severity.HIGH, days), "region")),
                Map.of("region", calendar), null, null));
    }

    private static SlaDates high(SlaPolicy policy, String detected) {
        return policy.compute(SlaRequest.of(Severity.HIGH, Instant.parse(detected)).withTeam("payments"));
    }

    @Test
    void berlinSpringForwardMakesTheWeekendAnHourShorter() {
        // Friday 10:15 CET; the clocks go forward on Sunday 29 March 2026; due Monday 10:15 CEST.
        SlaDates dates = high(policy(calendar(BERLIN), 1), "2026-03-27T09:15:00Z");
        assertThat(dates.dueAt()).isEqualTo(Instant.parse("2026-03-30T08:15:00Z"));
        assertThat(Duration.between(dates.clockStart(), dates.dueAt())).isEqualTo(Duration.ofHours(71));
        assertThat(dates.remindAt()).isEqualTo(dates.dueAt().minus(Duration.ofMinutes(71 * 30)));
        assertThat(dates.basis()).isEqualTo("High: 1 working day on calendar region (Europe/Berlin) (team payments)"
                + " from first detection 2026-03-27T09:15:00Z");
    }

    @Test
    void berlinFallBackMakesTheWeekendAnHourLonger() {
        // Friday 10:15 CEST; the clocks go back on Sunday 25 October 2026; due Monday 10:15 CET.
        SlaDates dates = high(policy(calendar(BERLIN), 1), "2026-10-23T08:15:00Z");
        assertThat(dates.dueAt()).isEqualTo(Instant.parse("2026-10-26T09:15:00Z"));
        assertThat(Duration.between(dates.clockStart(), dates.dueAt())).isEqualTo(Duration.ofHours(73));
    }

    @Test
    void holidaysAndWeekendsAreSkippedAcrossTheChange() {
        // Good Friday (3 April) and Easter Monday (6 April 2026) are holidays: Mon 30, Tue 31, Wed 1, Thu 2, Tue 7.
        SlaDates dates = high(policy(calendar(BERLIN, LocalDate.of(2026, 4, 3), LocalDate.of(2026, 4, 6)), 5),
                "2026-03-27T09:15:00Z");
        assertThat(dates.dueAt()).isEqualTo(Instant.parse("2026-04-07T08:15:00Z"));
        assertThat(dates.days()).isEqualTo(5);
    }

    @Test
    void newYorkSpringForward() {
        // Friday 17:00 EST; DST starts Sunday 8 March 2026; five working days later is Friday 13 March 17:00 EDT.
        SlaDates dates = high(policy(calendar(NEW_YORK), 5), "2026-03-06T22:00:00Z");
        assertThat(dates.dueAt()).isEqualTo(Instant.parse("2026-03-13T21:00:00Z"));
    }

    @Test
    void newYorkFallBackWithVeteransDayAndThanksgiving() {
        // Wednesday 28 October 09:00 EDT; DST ends 1 November; 11 and 26 November are holidays.
        SlaDates dates = high(policy(calendar(NEW_YORK, LocalDate.of(2026, 11, 11), LocalDate.of(2026, 11, 26)), 30),
                "2026-10-28T13:00:00Z");
        assertThat(dates.dueAt()).isEqualTo(Instant.parse("2026-12-11T14:00:00Z")); // 09:00 EST
        assertThat(dates.remindAt()).isEqualTo(Instant.parse("2026-12-04T14:00:00Z"));
    }

    @Test
    void theDetectionDayIsTheCalendarsNotUtcs() {
        // Friday 22:30 UTC is already Saturday 00:30 in Berlin, so the first working day is Monday.
        SlaDates berlin = high(policy(calendar(BERLIN), 1), "2026-05-15T22:30:00Z");
        assertThat(berlin.dueAt()).isEqualTo(Instant.parse("2026-05-17T22:30:00Z")); // Monday 00:30 CEST
        SlaDates utc = high(policy(calendar(null), 1), "2026-05-15T22:30:00Z");
        assertThat(utc.dueAt()).isEqualTo(Instant.parse("2026-05-18T22:30:00Z")); // Friday in UTC: Monday next
    }

    @Test
    void aTimeInTheSpringGapMovesOnByTheGap() {
        CalendarProperties everyDay = new CalendarProperties(BERLIN, EnumSet.allOf(DayOfWeek.class), null);
        // Saturday 02:30 CET; Sunday 02:30 does not exist in Berlin, so 03:30 CEST: still 24 hours.
        SlaDates gap = high(policy(everyDay, 1), "2026-03-28T01:30:00Z");
        assertThat(gap.dueAt()).isEqualTo(Instant.parse("2026-03-29T01:30:00Z"));
        // Saturday 02:30 CEST; Sunday 02:30 happens twice, and the earlier (CEST) one counts.
        SlaDates overlap = high(policy(everyDay, 1), "2026-10-24T00:30:00Z");
        assertThat(overlap.dueAt()).isEqualTo(Instant.parse("2026-10-25T00:30:00Z"));
    }

    @Test
    void otherWorkingWeeks() {
        CalendarProperties sundayToThursday = new CalendarProperties(ZoneId.of("Asia/Jerusalem"),
                Set.of(DayOfWeek.SUNDAY, DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY),
                null);
        // Thursday 10:00 IDT; Friday and Saturday do not count; Sunday is the first working day.
        SlaDates dates = high(policy(sundayToThursday, 1), "2026-06-04T07:00:00Z");
        assertThat(dates.dueAt()).isEqualTo(Instant.parse("2026-06-07T07:00:00Z"));
    }

    @Test
    void withoutACalendarDaysAreExactly24HoursSoTheWallClockMoves() {
        SlaPolicy policy = new SlaPolicy(new SlaProperties(null, Duration.ofDays(7)));
        Instant detected = Instant.parse("2026-03-27T09:15:00Z"); // 10:15 CET
        SlaDates dates = policy.compute(SlaRequest.of(Severity.CRITICAL, detected).withTeam("payments"));
        assertThat(dates.dueAt()).isEqualTo(Instant.parse("2026-04-03T09:15:00Z")); // 11:15 CEST
        assertThat(dates.dueAt().atZone(BERLIN).getHour()).isEqualTo(11);
    }

    @Test
    void aCalendarNeedsAWorkingDay() {
        assertThatThrownBy(() -> new CalendarProperties(BERLIN, Set.of(), null))
                .hasMessageContaining("at least one working day");
    }
}
