package dev.fixline.notification;

import dev.fixline.finding.Page;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The {@code notification} table: every notification, how it is delivered and how far it got. */
class NotificationTable {

    /** What the sender needs to know of a notification already recorded. */
    record Recorded(String channel, Instant sentAt) {

        boolean handedOverUnconfirmed() {
            return "smtp".equals(channel) && sentAt == null;
        }
    }

    private final JdbcTemplate jdbc;
    /** For statements with more parameters than can be told apart by position. */
    private final JdbcClient named;

    NotificationTable(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.named = JdbcClient.create(jdbc);
    }

    Optional<Recorded> find(String dedupKey) {
        return jdbc.query("SELECT channel, sent_at FROM notification WHERE dedup_key = ?",
                (rs, i) -> new Recorded(rs.getString(1), instant(rs.getTimestamp(2))), dedupKey).stream().findFirst();
    }

    /**
     * Records a notification, or completes the record a failed first send left ({@code failed}): one row per dedup
     * key, whose attempts stay counted.
     *
     * @param claimedAt set for a mail the outbox delivers itself (it sends it again if its acceptance is never
     *                  recorded); null for one a process step delivers (the step's retry does)
     */
    void record(Notification n, String channel, Instant now, Instant sentAt, Instant claimedAt) {
        int completed = named.sql("""
                UPDATE notification SET channel = :channel, delivery = :delivery, subject = :subject, body = :body,
                  html_body = :html, sent_at = :sent, claimed_at = :claimed WHERE dedup_key = :key AND channel = 'failed'""")
                .param("channel", channel).param("delivery", n.delivery().name()).param("subject", n.subject()).param("body", n.body())
                .param("html", n.html()).param("sent", utc(sentAt)).param("claimed", utc(claimedAt))
                .param("key", n.dedupKey()).update();
        if (completed == 0) {
            insert(n, channel, now, sentAt, claimedAt);
        }
    }

    /** A send that failed: counted on its record, which is created ({@code failed}) if the send got no further. */
    void failed(Notification n, String error, Instant now) {
        String reason = cut(error);
        int counted = jdbc.update("UPDATE notification SET attempts = attempts + 1, last_error = ?, last_attempt_at = ?"
                + " WHERE dedup_key = ?", reason, utc(now), n.dedupKey());
        if (counted == 0) {
            insert(n, "failed", now, null, null);
            jdbc.update("UPDATE notification SET attempts = 1, last_error = ?, last_attempt_at = ? WHERE dedup_key = ?",
                    reason, utc(now), n.dedupKey());
        }
    }

    /**
     * A failed send that will not be tried again: {@code expired}, with why. Only a send whose failure was
     * recorded: one handed over without a recorded failure may have arrived.
     */
    void abandon(String dedupKey, String why) {
        jdbc.update("""
                UPDATE notification SET channel = 'expired', last_error = ? WHERE dedup_key = ? AND sent_at IS NULL
                  AND (channel = 'failed' OR (channel = 'smtp' AND attempts > 0))""", cut(why), dedupKey);
    }

    /** Earlier digests of this kind to this reader still failing: the later digest carries what they would have. */
    void supersedeDigests(String kind, String recipient, String digestKey) {
        jdbc.update("""
                UPDATE notification SET channel = 'expired', last_error = ? WHERE kind = ? AND LOWER(recipient) = ?
                  AND dedup_key <> ? AND sent_at IS NULL AND (channel = 'failed' OR (channel = 'smtp' AND attempts > 0))""",
                cut("superseded by " + digestKey), kind, recipient.toLowerCase(java.util.Locale.ROOT), digestKey);
    }

    /** What a digest that never reached its reader carried waits for the next one again. */
    void releaseDigested(String digestKey) {
        jdbc.update("UPDATE notification SET digest_key = NULL WHERE digest_key = ?", digestKey);
    }

    private static String cut(String why) {
        return why == null ? "unknown" : why.length() <= 512 ? why : why.substring(0, 509) + "...";
    }

    void markSent(String dedupKey, Instant at) {
        jdbc.update("UPDATE notification SET sent_at = ? WHERE dedup_key = ?", utc(at), dedupKey);
    }

    private void insert(Notification n, String channel, Instant now, Instant sentAt, Instant claimedAt) {
        Notification.Regarding r = n.regarding();
        named.sql("""
                INSERT INTO notification (dedup_key, kind, case_id, team, person, recipient, subject, body, html_body,
                  case_url, ticket_url, delivery, channel, created_at, sent_at, claimed_at)
                VALUES (:key, :kind, :caseId, :team, :person, :recipient, :subject, :body, :html, :caseUrl, :ticketUrl,
                  :delivery, :channel, :created, :sent, :claimed)""")
                .param("key", n.dedupKey()).param("kind", n.kind()).param("caseId", r.caseId())
                .param("team", r.team()).param("person", n.person()).param("recipient", n.recipient())
                .param("subject", n.subject()).param("body", n.body()).param("html", n.html())
                .param("caseUrl", r.caseUrl()).param("ticketUrl", r.ticketUrl()).param("delivery", n.delivery().name())
                .param("channel", channel).param("created", utc(now)).param("sent", utc(sentAt))
                .param("claimed", utc(claimedAt)).update();
    }

    /** A reader with notifications waiting for a digest of the given kind. */
    record Reader(String person, String recipient, Delivery delivery) {
    }

    List<Reader> readersAwaitingDigest() {
        return jdbc.query("""
                SELECT DISTINCT person, recipient, delivery FROM notification
                WHERE channel = 'digest' AND digest_key IS NULL""",
                (rs, i) -> new Reader(rs.getString(1), rs.getString(2), Delivery.valueOf(rs.getString(3))));
    }

    /** What waits for the reader's digest of this kind and was recorded before {@code before}, oldest first. */
    List<SentNotification> awaitingDigest(Reader reader, Instant before) {
        return jdbc.query("""
                SELECT * FROM notification WHERE channel = 'digest' AND digest_key IS NULL AND LOWER(recipient) = ?
                  AND delivery = ? AND created_at < ? ORDER BY id""", NotificationTable::map,
                reader.recipient().toLowerCase(java.util.Locale.ROOT),
                reader.delivery().name(), utc(before));
    }

    void markDigested(List<Long> ids, String digestKey) {
        for (int from = 0; from < ids.size(); from += 500) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
            List<Object> args = new ArrayList<>(chunk.size() + 1);
            args.add(digestKey);
            args.addAll(chunk);
            jdbc.update("UPDATE notification SET digest_key = ? WHERE digest_key IS NULL AND id IN ("
                    + String.join(", ", java.util.Collections.nCopies(chunk.size(), "?")) + ")", args.toArray());
        }
    }

    /** Kept mails too old to send once SMTP came: marked {@code expired}. */
    int expireKept(Instant recordedBefore) {
        return jdbc.update("UPDATE notification SET channel = 'expired' WHERE channel = 'outbox' AND created_at < ?",
                utc(recordedBefore));
    }

    /**
     * Mails for the outbox to send itself, oldest first: those kept while SMTP was off, and those it sent
     * ({@code claimed_at}) whose acceptance was not recorded since {@code claimedBefore}.
     */
    List<Notification> waitingForSmtp(Instant claimedBefore, int limit) {
        return jdbc.query("""
                SELECT * FROM notification WHERE channel = 'outbox'
                   OR (channel = 'smtp' AND sent_at IS NULL AND claimed_at < ?)
                ORDER BY id FETCH FIRST ? ROWS ONLY""", (rs, i) -> new Notification(rs.getString("dedup_key"),
                rs.getString("kind"), new Notification.Regarding(rs.getString("case_id"), rs.getString("team"),
                rs.getString("case_url"), rs.getString("ticket_url")), rs.getString("person"),
                rs.getString("recipient"), rs.getString("subject"), rs.getString("body"), rs.getString("html_body"),
                Delivery.NOW), utc(claimedBefore), limit);
    }

    /**
     * Takes a waiting mail for sending: {@code smtp}, claimed now. False when it was sent meanwhile, or another
     * claim of it is not stale yet (claimed at or after {@code staleBefore}).
     */
    boolean claim(String dedupKey, Instant now, Instant staleBefore) {
        return jdbc.update("""
                UPDATE notification SET channel = 'smtp', claimed_at = ? WHERE dedup_key = ? AND sent_at IS NULL
                  AND (channel = 'outbox' OR (channel = 'smtp' AND claimed_at < ?))""", utc(now), dedupKey,
                utc(staleBefore)) == 1;
    }

    /** A mail the server refused for good: {@code expired}, with its reason. */
    void refused(String dedupKey, String why) {
        jdbc.update("UPDATE notification SET channel = 'expired', last_error = ? WHERE dedup_key = ? AND sent_at IS NULL",
                cut(why), dedupKey);
    }

    /** Whose notifications a reader may list: those for {@code person}, and about cases of {@code teams}. */
    record Scope(String person, List<String> teams) {
    }

    Page<SentNotification> list(String caseId, Scope scope, int page, int size) {
        List<String> conditions = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        if (caseId != null) {
            conditions.add("case_id = ?");
            args.add(caseId);
        }
        if (scope != null) {
            StringBuilder mine = new StringBuilder("(person = ?");
            args.add(scope.person());
            if (!scope.teams().isEmpty()) {
                mine.append(" OR team IN (").append(String.join(", ", java.util.Collections.nCopies(
                        scope.teams().size(), "?"))).append(')');
                args.addAll(scope.teams());
            }
            conditions.add(mine.append(')').toString());
        }
        String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        long total = jdbc.queryForObject("SELECT COUNT(*) FROM notification" + where, Long.class, args.toArray());
        args.add((long) page * size);
        args.add(size);
        List<SentNotification> items = jdbc.query("SELECT * FROM notification" + where
                + " ORDER BY id DESC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY", NotificationTable::map, args.toArray());
        return new Page<>(items, page, size, total);
    }

    static SentNotification map(ResultSet rs, int n) throws SQLException {
        String channel = rs.getString("channel");
        Instant sentAt = instant(rs.getTimestamp("sent_at"));
        int attempts = rs.getInt("attempts");
        String digestKey = rs.getString("digest_key");
        return new SentNotification(rs.getLong("id"), rs.getString("kind"), rs.getString("case_id"),
                rs.getString("team"), rs.getString("person"), rs.getString("recipient"), rs.getString("subject"),
                rs.getString("body"), Delivery.valueOf(rs.getString("delivery")),
                state(channel, sentAt, attempts, digestKey), channel, attempts, rs.getString("last_error"),
                instant(rs.getTimestamp("last_attempt_at")), digestKey, rs.getString("case_url"),
                rs.getString("ticket_url"), instant(rs.getTimestamp("created_at")), sentAt);
    }

    static DeliveryState state(String channel, Instant sentAt, int attempts, String digestKey) {
        return switch (channel) {
            case "smtp" -> sentAt != null ? DeliveryState.SENT
                    : attempts > 0 ? DeliveryState.RETRYING : DeliveryState.SENDING;
            case "outbox" -> DeliveryState.KEPT;
            case "digest" -> digestKey == null ? DeliveryState.AWAITING_DIGEST : DeliveryState.IN_DIGEST;
            case "expired" -> DeliveryState.NOT_SENT;
            default -> DeliveryState.RETRYING;
        };
    }

    static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }

    static Object utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
