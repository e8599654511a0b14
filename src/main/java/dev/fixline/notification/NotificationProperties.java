package dev.fixline.notification;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param from    the sender address of mails
 * @param digest  when the daily and weekly digests go out
 * @param backlog what happens to mails kept while SMTP was not configured, once it is
 */
@ConfigurationProperties("fixline.notification")
public record NotificationProperties(@DefaultValue("fixline@localhost") String from, @DefaultValue Digest digest,
                                     @DefaultValue Backlog backlog) {

    /** The defaults, with this sender. */
    public static NotificationProperties withSender(String from) {
        return new NotificationProperties(from, new Digest(true, LocalTime.of(8, 0), DayOfWeek.MONDAY,
                LocalTime.of(8, 0), ZoneId.of("UTC"), Map.of(), 100, Duration.ofMinutes(1)),
                new Backlog(Duration.ofDays(14), Duration.ofMinutes(10), Duration.ofMinutes(1)));
    }

    /**
     * @param enabled   off: every notification is mailed at once
     * @param dailyAt   the owners' daily digest, at this time of the reader's day
     * @param weeklyOn  the managers' weekly digest, on this day …
     * @param weeklyAt  … at this time of the reader's day
     * @param zone      the time zone of readers not named in {@code timeZones}
     * @param timeZones a reader's time zone, by Fixline user name or mail address
     * @param maxItems  entries listed in one digest; it counts the rest
     * @param check     how often Fixline looks for digests that are due
     */
    public record Digest(@DefaultValue("true") boolean enabled, @DefaultValue("08:00") LocalTime dailyAt,
                         @DefaultValue("MONDAY") DayOfWeek weeklyOn, @DefaultValue("08:00") LocalTime weeklyAt,
                         @DefaultValue("UTC") ZoneId zone, @DefaultValue Map<String, ZoneId> timeZones,
                         @DefaultValue("100") int maxItems, @DefaultValue("PT1M") Duration check) {

        public Digest {
            timeZones = timeZones == null ? Map.of() : Map.copyOf(timeZones);
            if (maxItems < 1) {
                throw new IllegalArgumentException("fixline.notification.digest.max-items must be at least 1, not "
                        + maxItems);
            }
        }

        /** The reader's time zone: by user name, else by mail address, else the default. */
        public ZoneId zoneOf(String person, String email) {
            ZoneId byName = person == null ? null : timeZones.get(person);
            if (byName != null) {
                return byName;
            }
            return timeZones.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(email))
                    .map(Map.Entry::getValue).findFirst().orElse(zone);
        }
    }

    /**
     * @param maxAge      a kept mail older than this when SMTP comes is not sent (state {@code NOT_SENT}): a
     *                    reminder from months ago helps nobody
     * @param resendAfter a mail the outbox sends by itself whose acceptance is not recorded after this is sent
     *                    again (same Message-ID)
     * @param check       how often Fixline looks for such mails
     */
    public record Backlog(@DefaultValue("P14D") Duration maxAge, @DefaultValue("PT10M") Duration resendAfter,
                          @DefaultValue("PT1M") Duration check) {
    }
}
