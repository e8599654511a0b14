package dev.fixline.ticketing.jira;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.fixline.ticketing.jira.JiraTestSupport.cloud;
import static dev.fixline.ticketing.jira.JiraTestSupport.dataCenter;
import static dev.fixline.ticketing.jira.JiraTestSupport.tracker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.fixline.ticketing.TrackerRejectedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Users by mail address, mail addresses by user, and the account Fixline acts as. */
class JiraUserTest {

    @RegisterExtension
    static WireMockExtension jira = JiraTestSupport.wireMock();

    @Test
    void cloudFindsTheOneActiveAccountAndEncodesThePlusSign() {
        jira.stubFor(get(urlPathEqualTo("/rest/api/3/user/search")).withQueryParam("query", equalTo("alice+sec@example.com"))
                .willReturn(okJson("""
                        [{"self":"https://acme.atlassian.net/rest/api/3/user?accountId=5b10ac8d82e05b22cc7d4ef5",
                          "accountId":"5b10ac8d82e05b22cc7d4ef5","accountType":"atlassian","emailAddress":"alice+sec@example.com",
                          "displayName":"Alice Example","active":true,"timeZone":"Europe/Berlin","locale":"en_US"},
                         {"accountId":"557058:0f1e2d3c","accountType":"atlassian","displayName":"Alice Example (old)","active":false}]""")));

        assertThat(tracker(cloud(jira.baseUrl())).findUser("alice+sec@example.com")).contains("5b10ac8d82e05b22cc7d4ef5");
        jira.verify(getRequestedFor(urlEqualTo("/rest/api/3/user/search?query=alice%2Bsec%40example.com")));
    }

    @Test
    void anOwnerWithManyTicketsIsLookedUpOnceAnHour() {
        jira.stubFor(get(urlPathEqualTo("/rest/api/3/user/search")).willReturn(okJson(
                "[{\"accountId\":\"5b10ac8d82e05b22cc7d4ef5\",\"emailAddress\":\"bo@example.com\",\"active\":true}]")));
        java.util.concurrent.atomic.AtomicReference<java.time.Instant> now =
                new java.util.concurrent.atomic.AtomicReference<>(java.time.Instant.parse("2026-11-27T00:00:00Z"));
        java.time.Clock clock = new java.time.Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public java.time.Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public java.time.Instant instant() {
                return now.get();
            }
        };
        JiraProperties properties = cloud(jira.baseUrl());
        JiraTracker tracker = new JiraTracker(properties, new JiraClient(properties,
                org.springframework.web.client.RestClient.builder()), clock);

        for (int ticket = 0; ticket < 5; ticket++) {
            assertThat(tracker.findUser("bo@example.com")).contains("5b10ac8d82e05b22cc7d4ef5");
        }
        jira.verify(1, getRequestedFor(urlPathEqualTo("/rest/api/3/user/search")));
        now.set(now.get().plus(JiraTracker.USER_CACHE_TTL));
        tracker.findUser("bo@example.com");
        jira.verify(2, getRequestedFor(urlPathEqualTo("/rest/api/3/user/search")));
    }

    @Test
    void noMatchIsEmpty() {
        jira.stubFor(get(urlPathEqualTo("/rest/api/3/user/search")).willReturn(okJson("[]")));

        assertThat(tracker(cloud(jira.baseUrl())).findUser("nobody@example.com")).isEmpty();
    }

    @Test
    void twoActiveMatchesAreAmbiguousAndEmpty() {
        // Hidden mail addresses: both could be the person, so neither is picked.
        jira.stubFor(get(urlPathEqualTo("/rest/api/3/user/search")).willReturn(okJson("""
                [{"accountId":"5b10ac8d82e05b22cc7d4ef5","displayName":"Sam Lee","active":true,"accountType":"atlassian"},
                 {"accountId":"61f0aa11bb22cc33dd44ee55","displayName":"Sam Lee","active":true,"accountType":"atlassian"}]""")));

        assertThat(tracker(cloud(jira.baseUrl())).findUser("sam@example.com")).isEmpty();
    }

    @Test
    void dataCenterSearchesByUsernameAndIgnoresUsersWithAnotherAddress() {
        jira.stubFor(get(urlPathEqualTo("/rest/api/2/user/search")).withQueryParam("username", equalTo("jsmith@example.com"))
                .willReturn(okJson("""
                        [{"self":"https://jira.example.com/rest/api/2/user?username=jsmith","key":"JIRAUSER10100","name":"jsmith",
                          "emailAddress":"jsmith@example.com","displayName":"John Smith","active":true,"timeZone":"Europe/Berlin"},
                         {"self":"https://jira.example.com/rest/api/2/user?username=jsmith2","key":"JIRAUSER10777","name":"jsmith2",
                          "emailAddress":"jsmith@example.com.au","displayName":"Jane Smith","active":true}]""")));

        assertThat(tracker(dataCenter(jira.baseUrl())).findUser("jsmith@example.com")).contains("jsmith");
    }

    @Test
    void emailOfAUserIsEmptyWhenTheProfileHidesIt() {
        jira.stubFor(get(urlPathEqualTo("/rest/api/3/user")).withQueryParam("accountId", equalTo("5b10ac8d82e05b22cc7d4ef5"))
                .willReturn(okJson("{\"accountId\":\"5b10ac8d82e05b22cc7d4ef5\",\"emailAddress\":\"alice@example.com\",\"active\":true}")));
        jira.stubFor(get(urlPathEqualTo("/rest/api/3/user")).withQueryParam("accountId", equalTo("61f0aa11bb22cc33dd44ee55"))
                .willReturn(okJson("{\"accountId\":\"61f0aa11bb22cc33dd44ee55\",\"displayName\":\"Sam Lee\",\"active\":true}")));
        JiraTracker tracker = tracker(cloud(jira.baseUrl()));

        assertThat(tracker.emailOf("5b10ac8d82e05b22cc7d4ef5")).contains("alice@example.com");
        assertThat(tracker.emailOf("61f0aa11bb22cc33dd44ee55")).isEmpty();
    }

    @Test
    void dataCenterReadsTheMailAddressByUsername() {
        jira.stubFor(get(urlPathEqualTo("/rest/api/2/user")).withQueryParam("username", equalTo("jsmith"))
                .willReturn(okJson("{\"name\":\"jsmith\",\"key\":\"JIRAUSER10100\",\"emailAddress\":\"jsmith@example.com\",\"active\":true}")));

        assertThat(tracker(dataCenter(jira.baseUrl())).emailOf("jsmith")).contains("jsmith@example.com");
    }

    @Test
    void aUserJiraDoesNotKnowHasNoMailAddressAndIsNotAskedForAgainWithinTheHour() {
        // Cloud's answer for a deleted or anonymised account; Data Center's for a removed user name.
        jira.stubFor(get(urlPathEqualTo("/rest/api/3/user")).withQueryParam("accountId", equalTo("557058:gone"))
                .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/json").withBody(
                        "{\"errorMessages\":[\"Specified user does not exist or you do not have required permissions\"],"
                                + "\"errors\":{}}")));
        jira.stubFor(get(urlPathEqualTo("/rest/api/2/user")).withQueryParam("username", equalTo("mlee"))
                .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/json").withBody(
                        "{\"errorMessages\":[\"The user named 'mlee' does not exist\"],\"errors\":{}}")));
        JiraTracker cloud = tracker(cloud(jira.baseUrl()));

        assertThat(cloud.emailOf("557058:gone")).isEmpty();
        assertThat(cloud.emailOf("557058:gone")).isEmpty();
        assertThat(tracker(dataCenter(jira.baseUrl())).emailOf("mlee")).isEmpty();
        jira.verify(1, getRequestedFor(urlPathEqualTo("/rest/api/3/user")));
    }

    @Test
    void aRefusedUserLookUpOtherThanNotFoundStillSaysWhy() {
        jira.stubFor(get(urlPathEqualTo("/rest/api/3/user")).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/json").withBody(
                        "{\"errorMessages\":[\"You do not have the permission to see the specified user.\"],\"errors\":{}}")));

        assertThatThrownBy(() -> tracker(cloud(jira.baseUrl())).emailOf("5b10ac8d82e05b22cc7d4ef5"))
                .isInstanceOf(TrackerRejectedException.class).hasMessageContaining("HTTP 403")
                .hasMessageContaining("permission to see the specified user");
    }

    @Test
    void selfIsAskedOnceAndRemembered() {
        jira.stubFor(get("/rest/api/3/myself").willReturn(okJson("""
                {"self":"https://acme.atlassian.net/rest/api/3/user?accountId=712020:fixline-bot","accountId":"712020:fixline-bot",
                 "accountType":"atlassian","emailAddress":"fixline-bot@example.com","displayName":"Fixline","active":true}""")));
        jira.stubFor(get("/rest/api/2/myself").willReturn(okJson("""
                {"self":"https://jira.example.com/rest/api/2/user?username=svc-fixline","key":"JIRAUSER10001","name":"svc-fixline",
                 "emailAddress":"fixline@example.com","displayName":"Fixline","active":true}""")));
        JiraTracker cloud = tracker(cloud(jira.baseUrl()));

        assertThat(cloud.self()).isEqualTo("712020:fixline-bot");
        assertThat(cloud.self()).isEqualTo("712020:fixline-bot");
        assertThat(tracker(dataCenter(jira.baseUrl())).self()).isEqualTo("svc-fixline");
        jira.verify(1, getRequestedFor(urlEqualTo("/rest/api/3/myself")));
    }
}
