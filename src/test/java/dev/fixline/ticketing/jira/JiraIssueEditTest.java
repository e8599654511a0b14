package dev.fixline.ticketing.jira;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.fixline.ticketing.jira.JiraTestSupport.ISSUE_FIELDS;
import static dev.fixline.ticketing.jira.JiraTestSupport.cloud;
import static dev.fixline.ticketing.jira.JiraTestSupport.dataCenter;
import static dev.fixline.ticketing.jira.JiraTestSupport.fixture;
import static dev.fixline.ticketing.jira.JiraTestSupport.tracker;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.fixline.ticketing.RemoteTicket;
import dev.fixline.ticketing.TicketText;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Reading one issue, commenting on it, reading its comments, and editing priority, due date and labels. */
class JiraIssueEditTest {

    private static final TicketText SLA = TicketText.builder().field("SLA breached", "due 2025-07-31")
            .paragraph("Escalated to L2. vr:sla:SEC-24:L2").build();

    @RegisterExtension
    static WireMockExtension jira = JiraTestSupport.wireMock();

    @Test
    void readsAnIssueWithTheFieldsFixlineNeeds() {
        jira.stubFor(get(urlPathEqualTo("/rest/api/3/issue/SEC-24")).withQueryParam("fields", equalTo(ISSUE_FIELDS))
                .willReturn(okJson(fixture("cloud-issue-in-progress.json"))));

        RemoteTicket ticket = tracker(cloud(jira.baseUrl())).get("SEC-24");

        assertThat(ticket).isEqualTo(new RemoteTicket("10024", "SEC-24", jira.baseUrl() + "/browse/SEC-24",
                "In Progress", "indeterminate", null, "5b10ac8d82e05b22cc7d4ef5", "alice@example.com",
                Instant.parse("2025-07-20T10:12:47.824Z"), java.util.List.of("vuln-remediation", "vr-3f9a1c2e4b")));
    }

    @Test
    void cloudCommentsInAdf() {
        jira.stubFor(post("/rest/api/3/issue/SEC-24/comment").willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"10210\"}")));

        tracker(cloud(jira.baseUrl())).comment("SEC-24", SLA);

        jira.verify(1, postRequestedFor(urlEqualTo("/rest/api/3/issue/SEC-24/comment")).withRequestBody(equalToJson("""
                {"body":{"type":"doc","version":1,"content":[
                  {"type":"paragraph","content":[{"type":"text","text":"SLA breached: ","marks":[{"type":"strong"}]},
                                                 {"type":"text","text":"due 2025-07-31"}]},
                  {"type":"paragraph","content":[{"type":"text","text":"Escalated to L2. vr:sla:SEC-24:L2"}]}]}}""")));
    }

    @Test
    void dataCenterCommentsInWikiMarkup() {
        jira.stubFor(post("/rest/api/2/issue/SEC-117/comment").willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"30402\"}")));

        tracker(dataCenter(jira.baseUrl())).comment("SEC-117", SLA);

        jira.verify(1, postRequestedFor(urlEqualTo("/rest/api/2/issue/SEC-117/comment")).withRequestBody(equalToJson(
                "{\"body\":\"*SLA breached:* due 2025-07-31\\nEscalated to L2. vr:sla:SEC-24:L2\"}")));
    }

    @Test
    void cloudCommentBodiesComeBackAsAdfJsonText() {
        jira.stubFor(get(urlPathEqualTo("/rest/api/3/issue/SEC-24/comment")).willReturn(okJson(fixture("cloud-comments.json"))));

        var bodies = tracker(cloud(jira.baseUrl())).recentComments("SEC-24");

        assertThat(bodies).hasSize(2);
        assertThat(bodies.get(0)).startsWith("{\"type\":\"doc\"").contains("vr:sla:SEC-24:L2");
        assertThat(bodies.get(1)).contains("Working on it");
        jira.verify(getRequestedFor(urlEqualTo("/rest/api/3/issue/SEC-24/comment?orderBy=-created&maxResults=100")));
    }

    @Test
    void dataCenterCommentBodiesComeBackAsStored() {
        jira.stubFor(get(urlPathEqualTo("/rest/api/2/issue/SEC-117/comment")).willReturn(okJson(fixture("dc-comments.json"))));

        assertThat(tracker(dataCenter(jira.baseUrl())).recentComments("SEC-117")).containsExactly(
                "*SLA breached:* due 2025-07-31, escalated to L2. vr:sla:SEC-117:L2", "Base image bump is scheduled.");
    }

    @Test
    void editsPriorityDueDateAndLabelsWithoutTouchingOtherLabels() {
        jira.stubFor(put("/rest/api/3/issue/SEC-24").willReturn(aResponse().withStatus(204)));
        JiraTracker tracker = tracker(cloud(jira.baseUrl()));

        tracker.setPriority("SEC-24", "Highest");
        tracker.setDueDate("SEC-24", LocalDate.of(2025, 8, 15));
        tracker.addLabel("SEC-24", "sla-breached");

        jira.verify(putRequestedFor(urlEqualTo("/rest/api/3/issue/SEC-24"))
                .withRequestBody(equalToJson("{\"fields\":{\"priority\":{\"name\":\"Highest\"}}}")));
        jira.verify(putRequestedFor(urlEqualTo("/rest/api/3/issue/SEC-24"))
                .withRequestBody(equalToJson("{\"fields\":{\"duedate\":\"2025-08-15\"}}")));
        jira.verify(putRequestedFor(urlEqualTo("/rest/api/3/issue/SEC-24"))
                .withRequestBody(equalToJson("{\"update\":{\"labels\":[{\"add\":\"sla-breached\"}]}}")));
        jira.verify(3, putRequestedFor(urlEqualTo("/rest/api/3/issue/SEC-24")));
    }
}
