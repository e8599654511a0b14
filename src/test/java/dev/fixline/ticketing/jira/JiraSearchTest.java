package dev.fixline.ticketing.jira;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.fixline.ticketing.jira.JiraTestSupport.DC_TOKEN;
import static dev.fixline.ticketing.jira.JiraTestSupport.cloud;
import static dev.fixline.ticketing.jira.JiraTestSupport.dataCenter;
import static dev.fixline.ticketing.jira.JiraTestSupport.fixture;
import static dev.fixline.ticketing.jira.JiraTestSupport.tracker;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.fixline.ticketing.RemoteTicket;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** JQL searches: the query Fixline writes, and paging by token (Cloud) and by offset (Data Center). */
class JiraSearchTest {

    private static final String FIELDS = "[\"status\",\"resolution\",\"assignee\",\"labels\",\"updated\",\"summary\"]";

    @RegisterExtension
    static WireMockExtension jira = JiraTestSupport.wireMock();

    @Test
    void cloudFollowsNextPageTokenUntilTheLastPage() {
        jira.stubFor(post("/rest/api/3/search/jql").withRequestBody(matchingJsonPath("$.nextPageToken", absent()))
                .willReturn(okJson(fixture("cloud-search-page-1.json"))));
        jira.stubFor(post("/rest/api/3/search/jql")
                .withRequestBody(matchingJsonPath("$.nextPageToken", equalTo("CAEaAggD")))
                .willReturn(okJson(fixture("cloud-search-page-2.json"))));

        List<RemoteTicket> found = tracker(cloud(jira.baseUrl())).findByLabel("SEC", "vr-3f9a1c2e4b");

        assertThat(found).extracting(RemoteTicket::key).containsExactly("SEC-24", "SEC-31");
        RemoteTicket first = found.get(0);
        assertThat(first.id()).isEqualTo("10024");
        assertThat(first.statusName()).isEqualTo("In Progress");
        assertThat(first.statusCategory()).isEqualTo("indeterminate");
        assertThat(first.assignee()).isEqualTo("5b10ac8d82e05b22cc7d4ef5");
        assertThat(first.updatedAt()).isEqualTo(Instant.parse("2025-07-20T10:12:47.824Z"));
        assertThat(first.url()).isEqualTo(jira.baseUrl() + "/browse/SEC-24");
        RemoteTicket second = found.get(1);
        assertThat(second.done()).isTrue();
        assertThat(second.resolution()).isEqualTo("Done");
        jira.verify(1, postRequestedFor(urlEqualTo("/rest/api/3/search/jql")).withRequestBody(equalToJson("""
                {"jql":"project = \\"SEC\\" AND labels = \\"vr-3f9a1c2e4b\\" ORDER BY id ASC",
                 "maxResults":100,"fields":%s}""".formatted(FIELDS))));
        jira.verify(1, postRequestedFor(urlEqualTo("/rest/api/3/search/jql")).withRequestBody(equalToJson("""
                {"jql":"project = \\"SEC\\" AND labels = \\"vr-3f9a1c2e4b\\" ORDER BY id ASC",
                 "maxResults":100,"fields":%s,"nextPageToken":"CAEaAggD"}""".formatted(FIELDS))));
    }

    @Test
    void cloudStopsAtAnEmptyPageEvenIfItCarriesAToken() {
        jira.stubFor(post("/rest/api/3/search/jql")
                .willReturn(okJson("{\"issues\":[],\"nextPageToken\":\"again\",\"isLast\":false}")));

        assertThat(tracker(cloud(jira.baseUrl())).findByLabel("SEC", "vr-none")).isEmpty();
        jira.verify(1, postRequestedFor(urlEqualTo("/rest/api/3/search/jql")));
    }

    @Test
    void dataCenterPagesByStartAtUntilTheTotalEvenWhenJiraCapsThePageSize() {
        jira.stubFor(post("/rest/api/2/search").withRequestBody(matchingJsonPath("$.startAt", equalTo("0")))
                .willReturn(okJson(fixture("dc-search-page-1.json"))));
        jira.stubFor(post("/rest/api/2/search").withRequestBody(matchingJsonPath("$.startAt", equalTo("2")))
                .willReturn(okJson(fixture("dc-search-page-2.json"))));

        List<RemoteTicket> found = tracker(dataCenter(jira.baseUrl())).findByLabel("SEC", "vuln-remediation");

        assertThat(found).extracting(RemoteTicket::key).containsExactly("SEC-101", "SEC-102", "SEC-117");
        assertThat(found.get(0).assignee()).isEqualTo("jsmith");
        assertThat(found.get(0).assigneeEmail()).isEqualTo("jsmith@example.com");
        assertThat(found.get(0).statusCategory()).isEqualTo("new");
        assertThat(found.get(2).resolution()).isEqualTo("Won't Do");
        assertThat(found.get(2).updatedAt()).isEqualTo(Instant.parse("2025-07-19T14:40:02.113Z"));
        jira.verify(2, postRequestedFor(urlEqualTo("/rest/api/2/search"))
                .withHeader("Authorization", equalTo("Bearer " + DC_TOKEN))
                .withRequestBody(matchingJsonPath("$.jql",
                        equalTo("project = \"SEC\" AND labels = \"vuln-remediation\" ORDER BY id ASC")))
                .withRequestBody(matchingJsonPath("$.maxResults", equalTo("100")))
                .withRequestBody(matchingJsonPath("$.fields[5]", equalTo("summary"))));
    }

    @Test
    void quotesInValuesCannotChangeTheQuery() {
        jira.stubFor(post("/rest/api/2/search").willReturn(okJson("{\"startAt\":0,\"maxResults\":100,\"total\":0,\"issues\":[]}")));

        tracker(dataCenter(jira.baseUrl())).findByLabel("SEC", "x\" OR project = \"HR");

        jira.verify(postRequestedFor(urlEqualTo("/rest/api/2/search")).withRequestBody(matchingJsonPath("$.jql",
                equalTo("project = \"SEC\" AND labels = \"x\\\" OR project = \\\"HR\" ORDER BY id ASC"))));
    }

    @Test
    void updatedSinceAsksForARelativeWindowWhateverTheAccountsTimeZone() {
        jira.stubFor(post("/rest/api/3/search/jql").willReturn(okJson(fixture("cloud-search-page-2.json"))));
        JiraProperties properties = cloud(jira.baseUrl());
        java.time.Clock clock = java.time.Clock.fixed(Instant.parse("2025-07-20T09:35:00Z"), java.time.ZoneOffset.UTC);
        JiraTracker tracker = new JiraTracker(properties, new JiraClient(properties,
                org.springframework.web.client.RestClient.builder()), clock);

        List<RemoteTicket> found = tracker.updatedSince("vuln-remediation", Instant.parse("2025-07-20T08:05:59Z"));

        assertThat(found).extracting(RemoteTicket::key).containsExactly("SEC-31");
        // 89 minutes and a second ago, rounded up: nothing changed since then is missed.
        jira.verify(postRequestedFor(urlEqualTo("/rest/api/3/search/jql")).withRequestBody(matchingJsonPath("$.jql",
                equalTo("labels = \"vuln-remediation\" AND updated >= \"-90m\" ORDER BY updated ASC"))));
    }
}
