package dev.fixline.ticketing;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Tickets kept in Fixline's own database when no Jira is configured, so that the embedded default works
 * end to end. It behaves like a tracker: every call commits on its own, as a remote system's would.
 * Tickets are keyed {@code <project>-<n>}; there is no workflow beyond open, done and reopened.
 */
@Component
@Transactional(propagation = Propagation.REQUIRES_NEW)
public class BuiltInTicketLog implements TicketTracker {

    static final String SELF = "fixline";

    private final JdbcTemplate jdbc;
    /** For statements with more parameters than can be told apart by position. */
    private final JdbcClient named;
    private final Clock clock;

    BuiltInTicketLog(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.named = JdbcClient.create(jdbc);
        this.clock = clock;
    }

    /** A ticket of the log with its comments, oldest first. */
    public record LoggedTicket(String key, String project, String summary, String description, List<String> labels,
                               String priority, LocalDate dueDate, String assignee, String status, String statusCategory,
                               String resolution, Instant createdAt, Instant updatedAt, List<Comment> comments) {
    }

    public record Comment(String body, Instant createdAt) {
    }

    @Override
    public String name() {
        return "built-in";
    }

    @Transactional(propagation = Propagation.REQUIRES_NEW, readOnly = true)
    public Optional<LoggedTicket> ticket(String key) {
        List<Comment> comments = jdbc.query("SELECT body, created_at FROM builtin_ticket_comment WHERE ticket_key = ? "
                + "ORDER BY id", (rs, n) -> new Comment(rs.getString(1), rs.getTimestamp(2).toInstant()), key);
        return jdbc.query("SELECT * FROM builtin_ticket WHERE ticket_key = ?", (rs, n) -> logged(rs, comments), key)
                .stream().findFirst();
    }

    @Override
    public List<RemoteTicket> findByLabel(String project, String label) {
        return jdbc.query("SELECT * FROM builtin_ticket WHERE project = ? AND labels LIKE ? ORDER BY id",
                BuiltInTicketLog::remote, project, "%," + label + ",%");
    }

    @Override
    public RemoteTicket create(TicketDraft d) {
        Instant now = clock.instant();
        // The key is the row's id; a placeholder holds the unique column until the id is known.
        String placeholder = "new-" + java.util.UUID.randomUUID();
        named.sql("""
                INSERT INTO builtin_ticket (ticket_key, project, summary, description, labels, priority, due_date,
                  assignee, status_name, status_category, created_at, updated_at)
                VALUES (:key, :project, :summary, :description, :labels, :priority, :due, :assignee, 'Open', 'new',
                  :now, :now)""")
                .param("key", placeholder).param("project", d.project()).param("summary", d.summary())
                .param("description", fit(d.description().plain()))
                .param("labels", "," + String.join(",", d.labels()) + ",").param("priority", d.priority())
                .param("due", d.dueDate() == null ? null : Date.valueOf(d.dueDate())).param("assignee", d.assignee())
                .param("now", utc(now)).update();
        Long id = jdbc.queryForObject("SELECT id FROM builtin_ticket WHERE ticket_key = ?", Long.class, placeholder);
        String key = d.project() + "-" + id;
        jdbc.update("UPDATE builtin_ticket SET ticket_key = ? WHERE id = ?", key, id);
        return get(key);
    }

    @Override
    public RemoteTicket get(String key) {
        return jdbc.query("SELECT * FROM builtin_ticket WHERE ticket_key = ?", BuiltInTicketLog::remote, key).stream()
                .findFirst().orElseThrow(() -> new TrackerRejectedException("Reading ticket " + key, 404,
                        List.of("No ticket " + key + " in the built-in log"), java.util.Map.of()));
    }

    /** The log's assignees are Fixline's own people, named by their mail address. */
    @Override
    public Optional<String> findUser(String email) {
        return Optional.ofNullable(email);
    }

    @Override
    public Optional<String> emailOf(String userRef) {
        return Optional.ofNullable(userRef);
    }

    @Override
    public void comment(String key, TicketText text) {
        get(key);
        jdbc.update("INSERT INTO builtin_ticket_comment (ticket_key, body, created_at) VALUES (?,?,?)", key,
                fit(text.plain()), utc(clock.instant()));
        touch(key);
    }

    @Override
    public List<String> recentComments(String key) {
        return jdbc.queryForList("SELECT body FROM builtin_ticket_comment WHERE ticket_key = ? ORDER BY id DESC "
                + "FETCH FIRST 100 ROWS ONLY", String.class, key);
    }

    @Override
    public void setPriority(String key, String priority) {
        jdbc.update("UPDATE builtin_ticket SET priority = ? WHERE ticket_key = ?", priority, key);
        touch(key);
    }

    @Override
    public void addLabel(String key, String label) {
        RemoteTicket t = get(key);
        if (!t.labels().contains(label)) {
            List<String> labels = new ArrayList<>(t.labels());
            labels.add(label);
            jdbc.update("UPDATE builtin_ticket SET labels = ? WHERE ticket_key = ?", "," + String.join(",", labels) + ",",
                    key);
            touch(key);
        }
    }

    @Override
    public void setDueDate(String key, LocalDate dueDate) {
        jdbc.update("UPDATE builtin_ticket SET due_date = ? WHERE ticket_key = ?", Date.valueOf(dueDate), key);
        touch(key);
    }

    @Override
    public void assign(String key, String userRef) {
        jdbc.update("UPDATE builtin_ticket SET assignee = ? WHERE ticket_key = ?", userRef, key);
        touch(key);
    }

    @Override
    public boolean transition(String key, TicketTarget target, TicketText comment) {
        RemoteTicket t = get(key);
        boolean done = target == TicketTarget.DONE;
        if (done == t.done() && (done || "new".equals(t.statusCategory()))) {
            return false;
        }
        jdbc.update("UPDATE builtin_ticket SET status_name = ?, status_category = ?, resolution = ? WHERE ticket_key = ?",
                done ? "Done" : "Reopened", done ? "done" : "new", done ? "Done" : null, key);
        comment(key, comment);
        return true;
    }

    @Override
    public List<RemoteTicket> updatedSince(String label, Instant since) {
        return jdbc.query("SELECT * FROM builtin_ticket WHERE labels LIKE ? AND updated_at >= ? ORDER BY updated_at",
                BuiltInTicketLog::remote, "%," + label + ",%", utc(since));
    }

    @Override
    public String self() {
        return SELF;
    }

    /** The columns hold 16,000 characters; a longer text keeps its beginning. */
    private static String fit(String text) {
        return text.length() <= 16_000 ? text : text.substring(0, 15_999) + "…";
    }

    private void touch(String key) {
        jdbc.update("UPDATE builtin_ticket SET updated_at = ? WHERE ticket_key = ?", utc(clock.instant()), key);
    }

    private static java.time.OffsetDateTime utc(Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }

    private static List<String> labels(String stored) {
        return Arrays.stream(stored.split(",")).filter(s -> !s.isEmpty()).toList();
    }

    private static RemoteTicket remote(ResultSet rs, int n) throws SQLException {
        return new RemoteTicket(rs.getString("id"), rs.getString("ticket_key"), null, rs.getString("status_name"),
                rs.getString("status_category"), rs.getString("resolution"), rs.getString("assignee"),
                rs.getString("assignee"), rs.getTimestamp("updated_at").toInstant(), labels(rs.getString("labels")));
    }

    private static LoggedTicket logged(ResultSet rs, List<Comment> comments) throws SQLException {
        Date due = rs.getDate("due_date");
        return new LoggedTicket(rs.getString("ticket_key"), rs.getString("project"), rs.getString("summary"),
                rs.getString("description"), labels(rs.getString("labels")), rs.getString("priority"),
                due == null ? null : due.toLocalDate(), rs.getString("assignee"), rs.getString("status_name"),
                rs.getString("status_category"), rs.getString("resolution"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant(), comments);
    }
}
