package dev.fixline.ticketing.jira;

import dev.fixline.ticketing.RemoteTicket;
import dev.fixline.ticketing.TicketDraft;
import dev.fixline.ticketing.TicketTarget;
import dev.fixline.ticketing.TicketText;
import dev.fixline.ticketing.TicketTracker;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link TicketTracker} on Jira Cloud or Data Center, through {@link JiraClient}. */
public class JiraTracker implements TicketTracker {

    static final java.time.Duration USER_CACHE_TTL = java.time.Duration.ofHours(1);

    private final JiraProperties properties;
    private final JiraClient client;
    private final TextRenderer renderer;
    private final String browseUrl;
    private final Clock clock;
    /** Owners open many tickets; people act on many. Looked up once an hour, not once per ticket. */
    private final LookupCache users;
    private final LookupCache emails;

    JiraTracker(JiraProperties properties, JiraClient client) {
        this(properties, client, Clock.systemUTC());
    }

    JiraTracker(JiraProperties properties, JiraClient client, Clock clock) {
        this.properties = properties;
        this.client = client;
        this.users = new LookupCache(clock, USER_CACHE_TTL);
        this.emails = new LookupCache(clock, USER_CACHE_TTL);
        this.renderer = properties.flavor().renderer();
        this.browseUrl = properties.site() + "/browse/";
        this.clock = clock;
    }

    @Override
    public String name() {
        return properties.flavor().trackerName();
    }

    @Override
    public List<RemoteTicket> findByLabel(String project, String label) {
        return search("project = " + Jql.quote(project) + " AND labels = " + Jql.quote(label) + " ORDER BY id ASC");
    }

    /**
     * Sends the create once. The answer carries only id and key, so the rest is the draft's own values rather
     * than a second request that could fail after the issue exists.
     */
    @Override
    public RemoteTicket create(TicketDraft draft) {
        IssueInput input = IssueInput.builder()
                .project(draft.project())
                .issueType(properties.issueType())
                .summary(draft.summary())
                .description(renderer.render(draft.description()))
                .labels(draft.labels())
                .priority(draft.priority())
                .dueDate(draft.dueDate())
                .assignee(properties.flavor().userRefField(), draft.assignee())
                .build();
        BasicIssue created = client.createIssue(draft.project(), input);
        return new RemoteTicket(created.id(), created.key(), browseUrl + created.key(), null, "new", null,
                draft.assignee(), null, clock.instant(), draft.labels());
    }

    @Override
    public RemoteTicket get(String keyOrId) {
        return remote(client.getIssue(keyOrId));
    }

    @Override
    public Optional<String> findUser(String email) {
        return users.get(email, () -> client.findUserByEmail(email).map(JiraUser::ref));
    }

    @Override
    public Optional<String> emailOf(String userRef) {
        return emails.get(userRef, () -> client.emailOf(userRef));
    }

    @Override
    public void comment(String key, TicketText text) {
        client.addComment(key, renderer.render(text));
    }

    @Override
    public List<String> recentComments(String key) {
        return client.recentComments(key);
    }

    @Override
    public void setPriority(String key, String priority) {
        client.updateIssue(key, IssueInput.fields(Map.of("priority", IssueInput.named(priority))), "set priority");
    }

    @Override
    public void addLabel(String key, String label) {
        client.updateIssue(key, IssueInput.addLabel(label), "add label");
    }

    @Override
    public void setDueDate(String key, LocalDate dueDate) {
        client.updateIssue(key, IssueInput.fields(Map.of("duedate", IssueInput.date(dueDate))), "set due date");
    }

    @Override
    public void assign(String key, String userRef) {
        java.util.Map<String, Object> assignee = new java.util.HashMap<>();
        assignee.put("assignee", userRef == null ? null : Map.of(properties.flavor().userRefField(), userRef));
        client.updateIssue(key, IssueInput.fields(assignee), "assign");
    }

    @Override
    public boolean transition(String key, TicketTarget target, TicketText comment) {
        String category = target == TicketTarget.DONE ? "done" : "new";
        String configured = target == TicketTarget.DONE ? properties.doneTransition() : properties.reopenTransition();
        Issue issue = client.getIssue(key);
        if (category.equals(issue.statusCategory())) {
            return false;
        }
        List<Transition> available = client.getTransitions(key);
        Transition chosen = available.stream().filter(t -> configured.equalsIgnoreCase(t.name())).findFirst()
                .or(() -> available.stream().filter(t -> category.equals(t.toStatusCategory())).findFirst())
                .orElseThrow(() -> new NoMatchingTransitionException(key, target, configured, category,
                        issue.statusName(), available));
        client.transition(key, chosen, comment == null ? null : renderer.render(comment));
        return true;
    }

    /**
     * A relative window ({@code updated >= "-90m"}) reaching back to the instant, rounded up to the minute:
     * an absolute JQL date would be read in the Jira account's time zone, which Fixline does not know.
     */
    @Override
    public List<RemoteTicket> updatedSince(String label, Instant since) {
        // Relative ("-90m"), because an absolute date is read in the Jira account's time zone, unknown here.
        long minutes = Math.max(1, (java.time.Duration.between(since, clock.instant()).toSeconds() + 59) / 60);
        return search("labels = " + Jql.quote(label) + " AND updated >= " + Jql.quote("-" + minutes + "m")
                + " ORDER BY updated ASC");
    }

    @Override
    public String self() {
        return client.myself();
    }

    @Override
    public void probe() {
        client.ping();
    }

    private List<RemoteTicket> search(String jql) {
        return client.searchJql(jql).stream().map(this::remote).toList();
    }

    private RemoteTicket remote(Issue issue) {
        JiraUser assignee = issue.assignee();
        return new RemoteTicket(issue.id(), issue.key(), browseUrl + issue.key(), issue.statusName(),
                issue.statusCategory(),
                issue.resolution(), assignee == null ? null : assignee.ref(),
                assignee == null ? null : assignee.emailAddress(), issue.updated(), issue.labels());
    }
}
