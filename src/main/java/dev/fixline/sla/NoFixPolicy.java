package dev.fixline.sla;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The SLA of findings whose fix status is {@code NoFixAvailable} ({@code fixline.sla.no-fix}). Such
 * findings keep their case and stay visible either way; only the dates differ.
 *
 * @param mode how the due date is set while no fix exists
 * @param days the separate SLA, in days from first detection. It is never shorter than the severity's
 *        own days.
 */
public record NoFixPolicy(@DefaultValue("SEPARATE_SLA") Mode mode, @DefaultValue("365") int days) {

    static final NoFixPolicy DEFAULT = new NoFixPolicy(Mode.SEPARATE_SLA, 365);

    public enum Mode {
        /** While no fix exists, the separate SLA applies; once one does, the severity's days from first detection. */
        SEPARATE_SLA,
        /**
         * While no fix exists, the separate SLA applies as a provisional date; once one does, the severity's
         * days count from the moment the fix appeared.
         */
        CLOCK_FROM_FIX
    }

    public NoFixPolicy {
        mode = mode == null ? Mode.SEPARATE_SLA : mode;
        if (days < 1) {
            throw new IllegalArgumentException("fixline.sla.no-fix.days must be at least 1: " + days);
        }
    }
}
