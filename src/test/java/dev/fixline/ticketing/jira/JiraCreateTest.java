package dev.fixline.ticketing.jira;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.fixline.ticketing.jira.JiraTestSupport.CLOUD_BASIC;
import static dev.fixline.ticketing.jira.JiraTestSupport.DC_TOKEN;
import static dev.fixline.ticketing.jira.JiraTestSupport.cloud;
import static dev.fixline.ticketing.jira.JiraTestSupport.dataCenter;
import static dev.fixline.ticketing.jira.JiraTestSupport.draft;
import static dev.fixline.ticketing.jira.JiraTestSupport.fixture;
import static dev.fixline.ticketing.jira.JiraTestSupport.tracker;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.fixline.ticketing.RemoteTicket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a create sends to each flavour of Jira, and what comes back. */
class JiraCreateTest {

    @RegisterExtension
    static WireMockExtension jira = JiraTestSupport.wireMock();

    @Test
    void cloudSendsAdfAndAccountIdWithBasicAuth() {
        jira.stubFor(post("/rest/api/3/issue").willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"10024\",\"key\":\"SEC-24\",\"self\":\"https://acme.atlassian.net/rest/api/3/issue/10024\"}")));

        RemoteTicket ticket = tracker(cloud(jira.baseUrl())).create(draft("5b10ac8d82e05b22cc7d4ef5"));

        jira.verify(1, postRequestedFor(urlEqualTo("/rest/api/3/issue"))
                .withHeader("Authorization", equalTo(CLOUD_BASIC))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson(fixture("cloud-create-request.json"))));
        assertThat(ticket.id()).isEqualTo("10024");
        assertThat(ticket.key()).isEqualTo("SEC-24");
        assertThat(ticket.url()).isEqualTo(jira.baseUrl() + "/browse/SEC-24");
        assertThat(ticket.statusCategory()).isEqualTo("new");
        assertThat(ticket.assignee()).isEqualTo("5b10ac8d82e05b22cc7d4ef5");
        assertThat(ticket.labels()).containsExactly("vuln-remediation", "vr-3f9a1c2e4b");
    }

    @Test
    void dataCenterSendsWikiMarkupAndUserNameWithBearerToken() {
        jira.stubFor(post("/rest/api/2/issue").willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json;charset=UTF-8")
                .withBody("{\"id\":\"20117\",\"key\":\"SEC-117\",\"self\":\"https://jira.example.com/rest/api/2/issue/20117\"}")));

        RemoteTicket ticket = tracker(dataCenter(jira.baseUrl() + "/")).create(draft("jsmith"));

        jira.verify(1, postRequestedFor(urlEqualTo("/rest/api/2/issue"))
                .withHeader("Authorization", equalTo("Bearer " + DC_TOKEN))
                .withRequestBody(equalToJson(fixture("dc-create-request.json"))));
        assertThat(ticket.key()).isEqualTo("SEC-117");
        assertThat(ticket.url()).isEqualTo(jira.baseUrl() + "/browse/SEC-117");
    }

    @Test
    void anUnassignedDraftWithoutPriorityOrDueDateLeavesThoseFieldsOut() {
        jira.stubFor(post("/rest/api/2/issue").willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"20118\",\"key\":\"SEC-118\",\"self\":\"x\"}")));
        var full = draft(null);
        var bare = new dev.fixline.ticketing.TicketDraft(full.project(), full.summary(),
                dev.fixline.ticketing.TicketText.of("Plain"), java.util.List.of("vr-1"), null, null, null);

        tracker(dataCenter(jira.baseUrl())).create(bare);

        jira.verify(postRequestedFor(urlEqualTo("/rest/api/2/issue")).withRequestBody(equalToJson("""
                {"fields":{"project":{"key":"SEC"},"issuetype":{"name":"Bug"},
                 "summary":"CVE-2024-1234 in payments-api (openssl 3.0.2)","description":"Plain","labels":["vr-1"]}}
                """)));
    }
}
