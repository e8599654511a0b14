package dev.fixline.reliability.nodes;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Counts, over the whole shared database, what users see of the cluster's work and how often: cases,
 * case starts, tickets created in Jira, comments posted to Jira, mails received by the SMTP server and
 * audit events. Each line says how many were expected, how many were found, how many are missing
 * (lost) and how many are there more than once (duplicated); a cluster that works has 0 and 0 on
 * every line.
 */
final class ExactlyOnce {

    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    /** One kind of item: expected, found, lost and duplicated. */
    record Line(String item, long expected, long found, long lost, long duplicated, List<String> examples) {
        @Override
        public String toString() {
            return String.format("%-26s expected %6d, found %6d, lost %d, duplicated %d%s", item, expected, found, lost,
                    duplicated, examples.isEmpty() ? "" : " e.g. " + examples);
        }
    }

    private final TwoNodes cluster;

    ExactlyOnce(TwoNodes cluster) {
        this.cluster = cluster;
    }

    /** Every line, after the cluster settled. */
    List<Line> count() {
        List<Line> lines = new ArrayList<>();
        lines.add(cases());
        lines.add(caseStarts());
        lines.add(tickets());
        lines.add(ticketComments());
        lines.add(mails());
        lines.add(notices());
        lines.add(auditEvents());
        lines.add(failedJobs());
        return lines;
    }

    /** Each open High or Critical finding has exactly one live case. */
    private Line cases() {
        long expected = cluster.count("SELECT COUNT(*) FROM finding WHERE state = 'OPEN' AND severity IN ('HIGH', 'CRITICAL')");
        long found = cluster.count("SELECT COUNT(*) FROM remediation_case WHERE closed_at IS NULL");
        List<String> lost = cluster.sql.queryForList("""
                SELECT f.id FROM finding f WHERE f.state = 'OPEN' AND f.severity IN ('HIGH', 'CRITICAL')
                AND NOT EXISTS (SELECT 1 FROM case_finding cf JOIN remediation_case c ON c.id = cf.case_id
                                WHERE cf.finding_id = f.id AND c.closed_at IS NULL)""", String.class);
        List<Map<String, Object>> twice = cluster.sql.queryForList("""
                SELECT cf.finding_id, COUNT(*) AS n FROM case_finding cf JOIN remediation_case c ON c.id = cf.case_id
                WHERE c.closed_at IS NULL GROUP BY cf.finding_id HAVING COUNT(*) > 1""");
        return new Line("cases (per open finding)", expected, found, lost.size(), extra(twice), examples(lost, twice));
    }

    /** Each case started once: a remediation process, never two. */
    private Line caseStarts() {
        long cases = cluster.count("SELECT COUNT(*) FROM remediation_case");
        long found = cluster.count("SELECT COUNT(*) FROM act_hi_procinst WHERE proc_def_key_ = 'remediation'");
        List<String> lost = cluster.sql.queryForList("""
                SELECT c.id FROM remediation_case c WHERE c.state = 'PENDING' OR NOT EXISTS
                (SELECT 1 FROM act_hi_procinst p WHERE p.proc_def_key_ = 'remediation' AND p.business_key_ = c.id)""",
                String.class);
        List<Map<String, Object>> twice = cluster.sql.queryForList("""
                SELECT business_key_, COUNT(*) AS n FROM act_hi_procinst WHERE proc_def_key_ = 'remediation'
                GROUP BY business_key_ HAVING COUNT(*) > 1""");
        return new Line("case starts", cases, found, lost.size(), extra(twice), examples(lost, twice));
    }

    /** Each case's ticket created in Jira once (by its fingerprint label), none left half-created. */
    private Line tickets() {
        Map<String, Long> creates = cluster.jira.createRequests().stream()
                .flatMap(body -> labels(body).stream().filter(l -> l.startsWith("fixline-")))
                .collect(Collectors.groupingBy(l -> l, Collectors.counting()));
        List<Map<String, Object>> links = cluster.sql.queryForList("SELECT case_id, fingerprint, state FROM ticket_link");
        List<String> lost = new ArrayList<>();
        for (Map<String, Object> link : links) {
            String state = (String) link.get("state");
            boolean settled = "LINKED".equals(state) || "ABANDONED".equals(state);
            if (!settled || "LINKED".equals(state) && !creates.containsKey((String) link.get("fingerprint"))
                    && !sharesAnEarlierTicket((String) link.get("case_id"))) {
                lost.add(link.get("case_id") + " " + state);
            }
        }
        lost.addAll(cluster.sql.queryForList("""
                SELECT c.id FROM remediation_case c WHERE c.state <> 'PENDING'
                AND NOT EXISTS (SELECT 1 FROM ticket_link t WHERE t.case_id = c.id)""", String.class));
        List<Map<String, Object>> twice = creates.entrySet().stream().filter(e -> e.getValue() > 1)
                .map(e -> Map.<String, Object>of("fingerprint", e.getKey(), "n", e.getValue())).toList();
        long expected = links.stream().filter(l -> "LINKED".equals(l.get("state"))).count();
        long found = creates.values().stream().mapToLong(Long::longValue).sum();
        return new Line("tickets created in Jira", expected, found, lost.size(), extra(twice), examples(lost, twice));
    }

    /** A regression reopens its predecessor's ticket: no create of its own. */
    private boolean sharesAnEarlierTicket(String caseId) {
        return cluster.count("""
                SELECT COUNT(*) FROM ticket_link t JOIN remediation_case c ON c.id = t.case_id
                JOIN ticket_link p ON p.case_id = c.previous_case_id AND p.ticket_key = t.ticket_key
                WHERE t.case_id = ?""", caseId) > 0;
    }

    /** Each comment (and commented move) Fixline recorded as posted reached Jira once. */
    private Line ticketComments() {
        Map<String, Long> posted = cluster.jira.commentMarkers().stream()
                .collect(Collectors.groupingBy(e -> e.getKey() + " " + e.getValue(), Collectors.counting()));
        List<Map<String, Object>> recorded = cluster.sql.queryForList("""
                SELECT t.ticket_key, c.event_key, c.state FROM ticket_comment c JOIN ticket_link t ON t.case_id = c.case_id""");
        List<String> lost = new ArrayList<>();
        long expected = 0;
        for (Map<String, Object> r : recorded) {
            String state = (String) r.get("state");
            if ("NOT_NEEDED".equals(state)) {
                continue;
            }
            expected++;
            if (!"POSTED".equals(state) || !posted.containsKey(r.get("ticket_key") + " fixline-event:" + r.get("event_key"))) {
                lost.add(r.get("ticket_key") + " " + r.get("event_key") + " " + state);
            }
        }
        List<Map<String, Object>> twice = posted.entrySet().stream().filter(e -> e.getValue() > 1)
                .map(e -> Map.<String, Object>of("comment", e.getKey(), "n", e.getValue())).toList();
        long found = posted.values().stream().mapToLong(Long::longValue).sum();
        return new Line("comments posted to Jira", expected, found, lost.size(), extra(twice), examples(lost, twice));
    }

    /** Each notification sent by SMTP arrived once, and no mail arrived that Fixline did not record. */
    private Line mails() {
        Set<String> caseIds = new HashSet<>(cluster.sql.queryForList("SELECT id FROM remediation_case", String.class));
        // Counted by Message-ID: the same message arriving twice (a node killed between the server's acceptance
        // and Fixline's record of it) is a documented re-delivery, counted apart by redeliveredMails().
        Map<String, Set<String>> messages = new HashMap<>();
        for (MimeMessage message : cluster.smtp.getReceivedMessages()) {
            Mail mail = Mail.of(message);
            if (mail.mentionsAnyOf(caseIds)) {
                messages.computeIfAbsent(mail.key(), k -> new HashSet<>()).add(messageId(message));
            }
        }
        Map<String, Long> received = new HashMap<>();
        messages.forEach((key, ids) -> received.put(key, (long) ids.size()));
        List<Map<String, Object>> notices = cluster.sql.queryForList(
                "SELECT dedup_key, recipient, subject, body FROM notification WHERE channel = 'smtp'");
        List<String> lost = new ArrayList<>();
        Set<String> recorded = new HashSet<>();
        for (Map<String, Object> n : notices) {
            String key = Mail.key((String) n.get("recipient"), (String) n.get("subject"), (String) n.get("body"));
            recorded.add(key);
            if (!received.containsKey(key)) {
                lost.add((String) n.get("dedup_key"));
            }
        }
        List<Map<String, Object>> twice = received.entrySet().stream().filter(e -> e.getValue() > 1)
                .map(e -> Map.<String, Object>of("mail", e.getKey().lines().findFirst().orElse(""), "n", e.getValue()))
                .toList();
        List<String> unrecorded = received.keySet().stream().filter(k -> !recorded.contains(k))
                .map(k -> k.lines().findFirst().orElse("")).toList();
        long found = received.values().stream().mapToLong(Long::longValue).sum();
        return new Line("mails received", notices.size(), found, lost.size(), extra(twice) + unrecorded.size(),
                examples(lost, twice, unrecorded));
    }

    /** Copies of a message that arrived more than once (same Message-ID): re-deliveries after a kill. */
    long redeliveredMails() {
        Map<String, Long> copies = new HashMap<>();
        for (MimeMessage message : cluster.smtp.getReceivedMessages()) {
            copies.merge(messageId(message), 1L, Long::sum);
        }
        return copies.values().stream().mapToLong(n -> n - 1).sum();
    }

    private static String messageId(MimeMessage message) {
        try {
            return message.getMessageID();
        } catch (MessagingException e) {
            throw new IllegalStateException("unreadable Message-ID", e);
        }
    }

    /** Each notification has its one NOTIFIED audit event. */
    private Line notices() {
        List<Map<String, Object>> rows = cluster.sql.queryForList("""
                SELECT n.case_id, n.kind, COUNT(*) AS notifications,
                  (SELECT COUNT(*) FROM audit_event a WHERE a.case_id = n.case_id AND a.event_type = 'NOTIFIED'
                     AND a.summary LIKE n.kind || ' notice sent to %') AS events
                FROM notification n GROUP BY n.case_id, n.kind""");
        long expected = 0;
        long found = 0;
        long lost = 0;
        long duplicated = 0;
        List<String> examples = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            long notifications = ((Number) r.get("notifications")).longValue();
            long events = ((Number) r.get("events")).longValue();
            expected += notifications;
            found += events;
            if (events != notifications && examples.size() < 3) {
                examples.add(r.get("case_id") + " " + r.get("kind") + " " + notifications + "/" + events);
            }
            lost += Math.max(0, notifications - events);
            duplicated += Math.max(0, events - notifications);
        }
        return new Line("NOTIFIED audit events", expected, found, lost, duplicated, examples);
    }

    /**
     * Every started case has CASE_OPENED, OWNER_ASSIGNED and SLA_SET once, and no event is recorded twice
     * with the same content (repeated breach reminders are alike by design and are counted against their
     * mails instead, ticket comments against the comments posted).
     */
    private Line auditEvents() {
        long found = cluster.count("SELECT COUNT(*) FROM audit_event");
        List<String> lost = new ArrayList<>();
        long expected = 0;
        for (String type : List.of("CASE_OPENED", "OWNER_ASSIGNED", "SLA_SET")) {
            expected += cluster.count("SELECT COUNT(*) FROM remediation_case WHERE state <> 'PENDING'");
            lost.addAll(cluster.sql.queryForList("""
                    SELECT c.id || ' no ' || ? FROM remediation_case c WHERE c.state <> 'PENDING' AND NOT EXISTS
                    (SELECT 1 FROM audit_event a WHERE a.case_id = c.id AND a.event_type = ?)""", String.class, type, type));
        }
        List<Map<String, Object>> twice = cluster.sql.queryForList("""
                SELECT case_id, event_type, MIN(summary) AS summary, COUNT(*) AS n FROM audit_event
                WHERE event_type NOT IN ('BREACH_REMINDED', 'NOTIFIED', 'TICKET_COMMENTED')
                GROUP BY case_id, finding_id, event_type, summary, evidence HAVING COUNT(*) > 1""");
        // Comments say the same of different events (both reminders begin alike): one event per posted comment.
        List<Map<String, Object>> moreComments = cluster.sql.queryForList("""
                SELECT a.case_id, COUNT(*) - (SELECT COUNT(*) FROM ticket_comment t WHERE t.case_id = a.case_id
                                              AND t.state = 'POSTED') + 1 AS n
                FROM audit_event a WHERE a.event_type = 'TICKET_COMMENTED' GROUP BY a.case_id
                HAVING COUNT(*) > (SELECT COUNT(*) FROM ticket_comment t WHERE t.case_id = a.case_id
                                   AND t.state = 'POSTED')""");
        List<Map<String, Object>> repeatedBreach = cluster.sql.queryForList("""
                SELECT a.case_id, COUNT(*) - (SELECT COUNT(*) FROM notification n WHERE n.case_id = a.case_id
                                              AND n.kind = 'BREACH_REPEATED') + 1 AS n
                FROM audit_event a WHERE a.event_type = 'BREACH_REMINDED' GROUP BY a.case_id
                HAVING COUNT(*) > (SELECT COUNT(*) FROM notification n WHERE n.case_id = a.case_id
                                   AND n.kind = 'BREACH_REPEATED')""");
        List<Map<String, Object>> all = new ArrayList<>(twice);
        all.addAll(repeatedBreach);
        all.addAll(moreComments);
        return new Line("audit events", expected, found, lost.size(), extra(all), examples(lost, all));
    }

    /** No job failed: a failure is work that waits for a retry, or is lost to an incident. */
    private Line failedJobs() {
        List<String> failed = cluster.sql.queryForList("""
                SELECT COALESCE(d.act_id_, j.type_) || ': ' || COALESCE(j.exception_msg_, '') FROM act_ru_job j
                LEFT JOIN act_ru_jobdef d ON d.id_ = j.job_def_id_ WHERE j.exception_msg_ IS NOT NULL""", String.class);
        long incidents = cluster.count("SELECT COUNT(*) FROM act_ru_incident");
        return new Line("failed jobs / incidents", 0, failed.size() + incidents, failed.size() + incidents, 0,
                failed.stream().limit(3).toList());
    }

    private static long extra(List<Map<String, Object>> groups) {
        return groups.stream().mapToLong(g -> ((Number) g.get("n")).longValue() - 1).sum();
    }

    @SafeVarargs
    private static List<String> examples(List<?>... lists) {
        List<String> examples = new ArrayList<>();
        for (List<?> list : lists) {
            list.stream().limit(3).forEach(e -> examples.add(String.valueOf(e)));
        }
        return examples;
    }

    private static List<String> labels(JsonNode createBody) {
        List<String> labels = new ArrayList<>();
        createBody.at("/fields/labels").forEach(l -> labels.add(l.asText()));
        return labels;
    }

    /** A received mail: recipient, subject and text, with line ends as Fixline wrote them. */
    record Mail(String recipient, String subject, String body) {

        static Mail of(MimeMessage message) {
            try {
                Address[] to = message.getAllRecipients();
                return new Mail(to == null || to.length == 0 ? "" : to[0].toString(), message.getSubject(),
                        dev.fixline.MailText.text(message));
            } catch (MessagingException e) {
                throw new IllegalStateException("unreadable mail", e);
            }
        }

        boolean mentionsAnyOf(Set<String> caseIds) {
            Matcher m = UUID.matcher(body);
            while (m.find()) {
                if (caseIds.contains(m.group())) {
                    return true;
                }
            }
            return false;
        }

        String key() {
            return key(recipient, subject, body);
        }

        static String key(String recipient, String subject, String body) {
            return recipient + " | " + subject + "\n" + body.replace("\r\n", "\n").strip();
        }
    }
}
