package dev.fixline.ticketing.jira;

import static dev.fixline.ticketing.jira.JiraTestSupport.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fixline.ticketing.TicketChange;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Jira webhook bodies of both flavours, read into what changed. */
class JiraWebhookParserTest {

    private final JiraWebhookParser parser = new JiraWebhookParser();

    @Test
    void cloudResolutionAsWontDo() {
        TicketChange change = parser.parse(fixture("cloud-webhook-resolved-wont-do.json").getBytes(StandardCharsets.UTF_8));

        assertThat(change).isEqualTo(new TicketChange("jira:issue_updated", "10024", "SEC-24",
                "5b10ac8d82e05b22cc7d4ef5", Instant.parse("2025-07-20T10:12:47.824Z"), "Done", "done", "Won't Do",
                true, false, "5b10ac8d82e05b22cc7d4ef5", null));
    }

    @Test
    void dataCenterReassignmentWithNamesAndMailAddress() {
        TicketChange change = parser.parse(fixture("dc-webhook-assigned.json"));

        assertThat(change).isEqualTo(new TicketChange("jira:issue_updated", "20117", "SEC-117", "mlee",
                Instant.parse("2025-07-19T14:40:02.113Z"), "Open", "new", null, false, true, "jsmith",
                "jsmith@example.com"));
    }

    @Test
    void changelogItemsNamedOnlyByFieldIdCountAndTheTimestampStandsInForUpdated() {
        TicketChange change = parser.parse("""
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
        TicketChange change = parser.parse("""
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

    @Test
    void aPayloadWithoutAnIssueIsRefused() {
        assertThatThrownBy(() -> parser.parse("""
                {"timestamp":1721462400000,"webhookEvent":"comment_created","comment":{"id":"10210","body":"hi"}}"""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("comment_created").hasMessageContaining("no issue");
        assertThatThrownBy(() -> parser.parse("[1,2]")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no issue");
    }
}
