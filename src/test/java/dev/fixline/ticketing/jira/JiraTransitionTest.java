package dev.fixline.ticketing.jira;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.fixline.ticketing.jira.JiraTestSupport.ISSUE_FIELDS;
import static dev.fixline.ticketing.jira.JiraTestSupport.cloud;
import static dev.fixline.ticketing.jira.JiraTestSupport.dataCenter;
import static dev.fixline.ticketing.jira.JiraTestSupport.fixture;
import static dev.fixline.ticketing.jira.JiraTestSupport.tracker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.fixline.ticketing.TicketTarget;
import dev.fixline.ticketing.TicketText;
import dev.fixline.ticketing.TrackerRejectedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Closing and reopening: which transition is chosen, what is posted, and when nothing is. */
class JiraTransitionTest {

    private static final TicketText FIXED = TicketText.of("Fixed: rescan 2025-07-20 no longer reports CVE-2024-1234");

    @RegisterExtension
    static WireMockExtension jira = JiraTestSupport.wireMock();

    private void cloudIssueInProgress() {
        jira.stubFor(get(urlPathEqualTo("/rest/api/3/issue/SEC-24")).withQueryParam("fields", equalTo(ISSUE_FIELDS))
                .willReturn(okJson(fixture("cloud-issue-in-progress.json"))));
        jira.stubFor(get("/rest/api/3/issue/SEC-24/transitions")
                .willReturn(okJson(fixture("transitions-from-in-progress.json"))));
        jira.stubFor(post("/rest/api/3/issue/SEC-24/transitions").willReturn(aResponse().withStatus(204)));
    }

    @Test
    void takesTheTransitionWithTheConfiguredNameAndAddsTheCommentInAdf() {
        cloudIssueInProgress();

        boolean moved = tracker(cloud(jira.baseUrl())).transition("SEC-24", TicketTarget.DONE, FIXED);

        assertThat(moved).isTrue();
        // "Resolve Issue" (21) also leads to done and comes first; the configured name "Done" (31) wins.
        jira.verify(1, postRequestedFor(urlEqualTo("/rest/api/3/issue/SEC-24/transitions")).withRequestBody(equalToJson("""
                {"transition":{"id":"31"},
                 "update":{"comment":[{"add":{"body":{"type":"doc","version":1,"content":[
                   {"type":"paragraph","content":[{"type":"text",
                    "text":"Fixed: rescan 2025-07-20 no longer reports CVE-2024-1234"}]}]}}}]}}""")));
    }

    @Test
    void withoutATransitionOfThatNameTakesTheFirstIntoTheDoneCategory() {
        cloudIssueInProgress();
        JiraProperties base = cloud(jira.baseUrl());
        JiraProperties closeByName = new JiraProperties(base.baseUrl(), base.flavor(), base.email(), base.apiToken(),
                null, null, "Close", null, null, null, null);

        assertThat(tracker(closeByName).transition("SEC-24", TicketTarget.DONE, FIXED)).isTrue();

        jira.verify(1, postRequestedFor(urlEqualTo("/rest/api/3/issue/SEC-24/transitions"))
                .withRequestBody(equalToJson("{\"transition\":{\"id\":\"21\"}}", false, true)));
    }

    @Test
    void anIssueAlreadyDoneIsLeftAlone() {
        jira.stubFor(get(urlPathEqualTo("/rest/api/3/issue/SEC-24")).willReturn(okJson(fixture("cloud-issue-done.json"))));

        boolean moved = tracker(cloud(jira.baseUrl())).transition("SEC-24", TicketTarget.DONE, FIXED);

        assertThat(moved).isFalse();
        jira.verify(0, getRequestedFor(urlEqualTo("/rest/api/3/issue/SEC-24/transitions")));
        jira.verify(0, postRequestedFor(anyUrl()));
    }

    @Test
    void noUsableTransitionIsARejectionThatListsWhatThereIs() {
        jira.stubFor(get(urlPathEqualTo("/rest/api/3/issue/SEC-24")).willReturn(okJson(fixture("cloud-issue-in-progress.json"))));
        jira.stubFor(get("/rest/api/3/issue/SEC-24/transitions").willReturn(okJson("""
                {"transitions":[
                  {"id":"41","name":"Send to Review","to":{"name":"In Review","statusCategory":{"key":"indeterminate"}}},
                  {"id":"11","name":"Stop Progress","to":{"name":"To Do","statusCategory":{"key":"new"}}}]}""")));

        Throwable thrown = catchThrowable(() -> tracker(cloud(jira.baseUrl())).transition("SEC-24", TicketTarget.DONE, FIXED));

        assertThat(thrown).isInstanceOf(TrackerRejectedException.class).isInstanceOf(NoMatchingTransitionException.class)
                .hasMessageContaining("SEC-24").hasMessageContaining("'Done'").hasMessageContaining("'done'")
                .hasMessageContaining("from status 'In Progress'")
                .hasMessageContaining("Send to Review (→ In Review, indeterminate)")
                .hasMessageContaining("Stop Progress (→ To Do, new)");
        assertThat(((TrackerRejectedException) thrown).errorMessages()).singleElement().asString()
                .contains("Send to Review");
        jira.verify(0, postRequestedFor(anyUrl()));
    }

    @Test
    void dataCenterReopensByNameIgnoringCaseWithAWikiComment() {
        jira.stubFor(get(urlPathEqualTo("/rest/api/2/issue/SEC-117")).willReturn(okJson(fixture("dc-issue-done.json"))));
        jira.stubFor(get("/rest/api/2/issue/SEC-117/transitions").willReturn(okJson("""
                {"expand":"transitions","transitions":[
                  {"id":"711","name":"Back to Backlog","to":{"name":"Backlog","statusCategory":{"id":2,"key":"new","name":"To Do"}}},
                  {"id":"3","name":"reopen","to":{"name":"Reopened","statusCategory":{"id":2,"key":"new","name":"To Do"}}}]}""")));
        jira.stubFor(post("/rest/api/2/issue/SEC-117/transitions").willReturn(aResponse().withStatus(204)));

        boolean moved = tracker(dataCenter(jira.baseUrl()))
                .transition("SEC-117", TicketTarget.REOPENED, TicketText.of("[vr] found again in scan 2025-08-02"));

        assertThat(moved).isTrue();
        jira.verify(postRequestedFor(urlEqualTo("/rest/api/2/issue/SEC-117/transitions")).withRequestBody(equalToJson("""
                {"transition":{"id":"3"},"update":{"comment":[{"add":{"body":"\\\\[vr\\\\] found again in scan 2025-08-02"}}]}}""")));
    }

    @Test
    void reopeningAnIssueThatIsNotDoneChangesNothing() {
        jira.stubFor(get(urlPathEqualTo("/rest/api/2/issue/SEC-101")).willReturn(okJson("""
                {"id":"20101","key":"SEC-101","fields":{"status":{"name":"Open","statusCategory":{"key":"new"}},"labels":[]}}""")));

        assertThat(tracker(dataCenter(jira.baseUrl())).transition("SEC-101", TicketTarget.REOPENED, null)).isFalse();
        jira.verify(0, postRequestedFor(anyUrl()));
    }
}
