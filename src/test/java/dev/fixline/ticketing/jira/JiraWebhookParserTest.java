package dev.fixline.ticketing.jira;

import static dev.fixline.ticketing.jira.JiraTestSupport.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fixline.ticketing.TicketChange;
import dev.fixline.ticketing.WebhookReport;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Jira webhook bodies of both flavours, read into what changed. */
class JiraWebhookParserTest {

    private final JiraWebhookParser parser = new JiraWebhookParser();

    @Test
    void cloudResolutionAsWontDo() {
        WebhookReport change = parser.parse(fixture("cloud-webhook-resolved-wont-do.json").getBytes(StandardCharsets.UTF_8));

        assertThat(change).isEqualTo(new TicketChange("jira:issue_updated", "10024", "SEC-24",
                "5b10ac8d82e05b22cc7d4ef5", null, Instant.parse("2025-07-20T10:12:47.824Z"), "Done", "done", "Won't Do",
                true, false, "5b10ac8d82e05b22cc7d4ef5", null));
    }

    @Test
    void dataCenterReassignmentWithNamesAndMailAddress() {
        WebhookReport change = parser.parse(fixture("dc-webhook-assigned.json"));

        assertThat(change).as("Data Center names the actor's mail address: no look-up needed")
                .isEqualTo(new TicketChange("jira:issue_updated", "20117", "SEC-117", "mlee", "mlee@example.com",
                Instant.parse("2025-07-19T14:40:02.113Z"), "Open", "new", null, false, true, "jsmith",
                "jsmith@example.com"));
    }

    @Test
    void changelogItemsNamedOnlyByFieldIdCountAndTheTimestampStandsInForUpdated() {
        TicketChange change = change("""
                {"timestamp":1721462400000,"webhookEvent":"jira:issue_updated",
                 "user":{"accountId":"712020:fixline-bot"},
                 "issue":{"id":"10024","key":"SEC-24","fields":{"status":{"name":"To Do","statusCategory":{"key":"new"}},
                   "resolution":null,"assignee":null}},
                 "changelog":{"items":[{"fieldId":"status","from":"10001","to":"10000"},
                                       {"fieldId":"assignee","tmpFromAccountId":"5b10ac8d82e05b22cc7d4ef5","tmpToAccountId":null}]}}""");

        assertThat(change.statusChanged()).isTrue();
        assertThat(change.assigneeChanged()).isTrue();
        assertThat(change.assignee()).isNull();
        assertThat(change.resolution()).isNull();
        assertThat(change.statusCategory()).isEqualTo("new");
        assertThat(change.actor()).isEqualTo("712020:fixline-bot");
        assertThat(change.at()).isEqualTo(Instant.ofEpochMilli(1721462400000L));
    }

    @Test
    void anUpdateWithoutChangelogChangedNeitherStatusNorAssignee() {
        TicketChange change = change("""
                {"webhookEvent":"jira:issue_created","issue":{"id":"10040","key":"SEC-40",
                 "fields":{"status":{"name":"To Do","statusCategory":{"key":"new"}},"updated":"2025-07-21T06:00:00.000+0000"}}}""");

        assertThat(change.event()).isEqualTo("jira:issue_created");
        assertThat(change.statusChanged()).isFalse();
        assertThat(change.assigneeChanged()).isFalse();
        assertThat(change.actor()).isNull();
    }

    @Test
    void malformedJsonIsRefusedWithAClearMessage() {
        assertThatThrownBy(() -> parser.parse("{\"webhookEvent\":\"jira:issue_updated\",\"issue\":"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> parser.parse(""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    }

    /** Atlassian's documented payload of a version event: no issue in it. */
    @Test
    void aVersionEventConcernsNoTicket() {
        WebhookReport report = parser.parse("""
                {"timestamp":1732615465165,"webhookEvent":"jira:version_created",
                 "version":{"self":"https://acme.atlassian.net/rest/api/2/version/65456","id":"65456",
                   "description":"This is the description","name":"v1","archived":false,"released":false,
                   "startDate":"2024-11-26","releaseDate":"2024-11-30","overdue":false,
                   "userStartDate":"26/Nov/24","userReleaseDate":"30/Nov/24","projectId":12345}}""");

        assertThat(report).isEqualTo(new WebhookReport.NoTicket("jira:version_created",
                "Event jira:version_created carries no issue, so it concerns no Fixline ticket"));
    }

    @Test
    void aProjectEventOfEitherFlavourConcernsNoTicket() {
        WebhookReport cloud = parser.parse("""
                {"timestamp":1525698237764,"webhookEvent":"project_created",
                 "project":{"self":"https://acme.atlassian.net/rest/api/2/project/12345","id":12345,"key":"ACTP",
                   "name":"Agent Connector Test Project",
                   "projectLead":{"self":"https://acme.atlassian.net/rest/api/2/user?accountId=5b10ac8d82e05b22cc7d4ef5",
                     "accountId":"5b10ac8d82e05b22cc7d4ef5","displayName":"Alice Example","active":true,
                     "timeZone":"Europe/Berlin","accountType":"atlassian"},
                   "assigneeType":"admin.assignee.type.unassigned"}}""");
        WebhookReport dataCenter = parser.parse("""
                {"timestamp":1758190755000,"webhookEvent":"project_created",
                 "project":{"id":10008,"key":"NVM","name":"NVM",
                   "projectLead":{"name":"admin","key":"JIRAUSER10000","emailAddress":"admin@example.com",
                     "displayName":"Administrator"},"assigneeType":"admin.assignee.type.unassigned"}}""");

        for (WebhookReport report : java.util.List.of(cloud, dataCenter)) {
            assertThat(report).isInstanceOfSatisfying(WebhookReport.NoTicket.class, none -> {
                assertThat(none.event()).isEqualTo("project_created");
                assertThat(none.reason()).contains("project_created", "no issue");
            });
        }
    }

    @Test
    void aCommentEventWhoseIssueIsGoneConcernsNoTicket() {
        WebhookReport report = parser.parse("""
                {"timestamp":1721462400000,"webhookEvent":"comment_deleted",
                 "comment":{"self":"https://acme.atlassian.net/rest/api/2/issue/10024/comment/10210","id":"10210",
                   "author":{"accountId":"5b10ac8d82e05b22cc7d4ef5","displayName":"Alice Example"},"body":"hi",
                   "created":"2025-07-20T10:12:47.824+0000","updated":"2025-07-20T10:12:47.824+0000"}}""");

        assertThat(report).isInstanceOfSatisfying(WebhookReport.NoTicket.class,
                none -> assertThat(none.reason()).contains("comment_deleted carries no issue"));
    }

    @Test
    void aBodyWithoutIssueOrEventNameSaysSoWithoutTheWordNull() {
        WebhookReport empty = parser.parse("{}");
        WebhookReport array = parser.parse("[1,2]");
        WebhookReport literalNull = parser.parse("null");
        WebhookReport nullIssue = parser.parse("{\"webhookEvent\":null,\"issue\":null}");
        WebhookReport noId = parser.parse("""
                {"webhookEvent":"jira:issue_updated","issue":{"key":"SEC-24","fields":{}}}""");

        assertThat(empty).isEqualTo(new WebhookReport.NoTicket("(no webhookEvent)",
                "The delivery names no webhookEvent and carries no issue, so it concerns no Fixline ticket"));
        assertThat(nullIssue).isEqualTo(empty);
        assertThat(array).isEqualTo(new WebhookReport.NoTicket("(no webhookEvent)",
                "The body is JSON but not an object, so it carries no issue"));
        assertThat(literalNull).isEqualTo(array);
        assertThat(noId).isEqualTo(new WebhookReport.NoTicket("jira:issue_updated",
                "Event jira:issue_updated carries an issue (SEC-24) without an id, which is how Fixline knows its tickets"));
        for (WebhookReport report : java.util.List.of(empty, array, literalNull, nullIssue, noId)) {
            WebhookReport.NoTicket none = (WebhookReport.NoTicket) report;
            assertThat(none.event() + " " + none.reason()).doesNotContainIgnoringCase("null");
        }
    }

    private TicketChange change(String body) {
        WebhookReport report = parser.parse(body);
        assertThat(report).isInstanceOf(TicketChange.class);
        return (TicketChange) report;
    }

    /** A body is parsed whole, so its shape and its count of tokens are bounded (fixline.limits.*). */
    @Test
    void aBodyPastTheLimitsIsRefusedNamingTheLimit() {
        assertThatThrownBy(() -> parser.parse("{\"x\":" + "[".repeat(101) + "]".repeat(101) + "}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Jira webhook body is past a limit: JSON nested deeper than the 100 levels that "
                        + "fixline.limits.max-nesting-depth allows");
        assertThatThrownBy(() -> parser.parse("[" + "{},".repeat(600_000) + "{}]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Jira webhook body is past a limit: more than the 500,000 JSON tokens that "
                        + "fixline.limits.max-webhook-tokens allows");
    }
}
