package dev.fixline.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fixline.remediation.RemediationProcess;
import dev.fixline.remediation.RemediationProcess.Activity;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fixline.ApplicationTest;
import dev.fixline.DefenderRows;
import dev.fixline.HeadlessChromium;
import dev.fixline.audit.AuditEvent;
import dev.fixline.ingest.SweepImporter;
import dev.fixline.remediation.CaseDispatcher;
import dev.fixline.remediation.CaseQuery;
import dev.fixline.remediation.CaseState;
import dev.fixline.remediation.CaseView;
import dev.fixline.remediation.CaseException;
import dev.fixline.remediation.CaseExceptions;
import dev.fixline.remediation.CaseReassignments;
import dev.fixline.remediation.RemediationCases;
import dev.fixline.ticketing.Tickets;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The manager's SLA dashboard in a real browser (Debian's headless Chromium) against the whole
 * application, with cases arranged through the real paths: a sweep, the dispatcher, the engine's jobs
 * and timers. Cases live in a registry of this test's own, which no ownership rule matches, so they
 * land in the unowned queue. Other test classes share the database, so figures are compared before and
 * after the arrangement.
 */
@ApplicationTest
class ManagerDashboardUiTest {

    static final List<String> TILES = List.of("open", "overdue", "breached", "due-soon", "awaiting-verification",
            "unowned");

    static WebDriver browser;

    @LocalServerPort int port;
    @Autowired SweepImporter importer;
    @Autowired CaseDispatcher dispatcher;
    @Autowired RemediationCases cases;
    @Autowired ManagementService management;
    @Autowired RuntimeService runtime;
    @Autowired TaskService taskService;
    @Autowired ObjectMapper json;
    @Autowired Tickets tickets;

    DefenderRows rows;

    /** One browser for the class. */
    @BeforeAll
    static void startBrowser() {
        browser = HeadlessChromium.start(1280, 800);
    }

    @AfterAll
    static void quitBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void signedOutWithFreshRegistry() {
        browser.manage().deleteAllCookies();
        rows = new DefenderRows(json, "ui");
    }

    @Test
    void aManagerSignsInAndSeesTheFiguresTheBreachesAndTheUnownedQueue() throws Exception {
        browser.get(url("/manager"));
        assertThat(path()).as("sent to sign in first").isEqualTo("/login");
        signIn("manager");
        assertThat(path()).as("back where the manager was going").isEqualTo("/manager");
        // Other test classes of this shared context may leave cases for the dispatcher: settle them first,
        // so that the figures below move by this test's cases alone.
        dispatcher.dispatch();
        browser.navigate().refresh();
        Map<String, Long> before = tiles();
        Map<String, Long> securityBefore = teamRow("security");
        Map<String, Long> ownerBefore = ownerRow("secops-triage");

        Instant now = Instant.now();
        sweep(row("CVE-2031-0001", "libbreached", now.minus(Duration.ofDays(40))),
                row("CVE-2031-0002", "libsoon", now.minus(Duration.ofDays(25))),
                row("CVE-2031-0003", "libfixed", now.minus(Duration.ofDays(1))));
        dispatcher.dispatch();
        CaseView breached = caseOf("CVE-2031-0001");
        CaseView dueSoon = caseOf("CVE-2031-0002");
        CaseView reportedFixed = caseOf("CVE-2031-0003");
        for (CaseView c : List.of(breached, dueSoon, reportedFixed)) {
            runJobs(c);
        }
        fireTimer(breached, Activity.SLA_DUE.id());
        runJobs(breached);
        // The owner says it is fixed: the case waits for a rescan to confirm it.
        taskService.complete(taskService.createTaskQuery().processInstanceId(reportedFixed.processInstanceId())
                .taskDefinitionKey(Activity.REMEDIATE.id()).singleResult().getId());
        assertThat(cases.find(reportedFixed.id()).orElseThrow().state()).isEqualTo(CaseState.AWAITING_VERIFICATION);

        severeBrowserLogs(); // read now, so that only what this page logs is checked below
        browser.navigate().refresh();
        Map<String, Long> after = tiles();
        assertThat(difference(before, after)).isEqualTo(Map.of("open", 3L, "overdue", 1L,
                "breached", 1L, "due-soon", 1L, "awaiting-verification", 1L, "unowned", 3L));

        // The breach: most overdue first, with the registry, the queue's owner and team, and the ticket.
        WebElement breach = browser.findElement(By.id("breach-" + breached.id()));
        assertThat(cells(breach)).containsExactly(breached.id(), "High", "CVE-2031-0001",
                rows.registryHost() + "/app/api", "secops-triage", "security", day(breached.dueAt()), "10",
                tickets.linkOf(breached.id()).orElseThrow().key());
        assertThat(browser.findElements(By.id("breach-" + dueSoon.id()))).as("not due yet").isEmpty();
        List<String> overdueDays = browser.findElements(By.cssSelector("#breaches tbody td.num"))
                .stream().map(WebElement::getText).toList();
        assertThat(overdueDays.stream().map(d -> d.equals("under 1") ? 0 : Integer.parseInt(d)).toList())
                .as("most overdue first").isSortedAccordingTo(java.util.Comparator.reverseOrder());

        // Breaches due within 7 days: the case due in five days, and not the overdue one.
        assertThat(cells(browser.findElement(By.id("due-" + dueSoon.id())))).containsExactly(dueSoon.id(), "High",
                "CVE-2031-0002", rows.registryHost() + "/app/api", "secops-triage", "security", minute(dueSoon.dueAt()));
        assertThat(browser.findElements(By.id("due-" + breached.id()))).isEmpty();
        List<String> dueTimes = browser.findElements(By.cssSelector("#due-soon tbody time")).stream()
                .map(t -> t.getDomAttribute("datetime")).toList();
        assertThat(dueTimes).as("soonest first").isSorted();
        // The load per owner: the queue's owner has this test's three more, one of them overdue.
        assertThat(difference(ownerBefore, ownerRow("secops-triage"))).isEqualTo(Map.of("open", 3L, "overdue", 1L));

        // The unowned queue: who triages it, and its cases.
        assertThat(browser.findElement(By.id("unowned-queue")).getText())
                .contains("secops-triage", "team security", "manager manager");
        for (CaseView c : List.of(breached, dueSoon, reportedFixed)) {
            List<String> unowned = cells(browser.findElement(By.id("unowned-" + c.id())));
            assertThat(unowned).containsExactly(c.id(), "High", c.vulnerabilityId(), rows.registryHost() + "/app/api",
                    "secops-triage", day(c.dueAt()));
        }

        // The chart draws what the table beside it says: the unowned queue's team got two on time, one overdue.
        Map<String, Long> securityAfter = teamRow("security");
        assertThat(difference(securityBefore, securityAfter)).isEqualTo(Map.of("onTime", 2L,
                "overdue", 1L));
        assertThat(chartOf("security")).isEqualTo(securityAfter);
        assertThat(severeBrowserLogs()).as("no script error, nothing blocked by the content security policy")
                .isEmpty();

        screenshot("manager-dashboard");

        // The case link opens the case page.
        clickAndWait(browser.findElement(By.cssSelector("#breach-" + breached.id() + " a")));
        assertThat(path()).isEqualTo("/cases/" + breached.id());
        assertThat(browser.findElement(By.id("sla-facts")).getText()).contains("recorded, the manager was told");
    }

    @Test
    void aManagerApprovesOneExceptionRequestAndRefusesAnotherWithAReason() throws Exception {
        Instant now = Instant.now();
        sweep(row("CVE-2031-0101", "libapprove", now.minus(Duration.ofDays(2))),
                row("CVE-2031-0102", "librefuse", now.minus(Duration.ofDays(2))), affectedImage("CVE-2031-0100", now));
        dispatcher.dispatch();
        CaseView fixed = fixedByANewerImage("CVE-2031-0100", now);
        CaseView toApprove = caseOf("CVE-2031-0101");
        CaseView toRefuse = caseOf("CVE-2031-0102");
        Instant until = now.plus(Duration.ofDays(30)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        Map<String, CaseException> asked = new java.util.HashMap<>();
        for (CaseView c : List.of(toApprove, toRefuse)) {
            runJobs(c);
            asked.put(c.id(), requestException(c, until));
            runJobs(c);
        }

        browser.get(url("/login"));
        signIn("manager");
        assertThat(path()).isEqualTo("/manager");
        assertThat(cells(browser.findElement(By.id("exception-" + toApprove.id()))).subList(0, 9)).containsExactly(
                toApprove.id(), "High", "CVE-2031-0101", rows.registryHost() + "/app/api", "secops-triage",
                "secops-triage", minute(asked.get(toApprove.id()).requestedAt()), minute(until),
                "Build tool image, retired next quarter Compensating control: Not reachable from outside the cluster");
        WebElement form = browser.findElement(By.cssSelector("#exception-" + toApprove.id() + " form"));
        assertThat(form.findElement(By.name("_csrf")).getDomAttribute("type")).as("the form carries the CSRF token")
                .isEqualTo("hidden");

        // Without a reason (the browser's own check bypassed), the server refuses and names the field.
        WebElement reason = browser.findElement(By.id("reason-" + toApprove.id()));
        ((JavascriptExecutor) browser).executeScript("arguments[0].removeAttribute('required')", reason);
        clickAndWait(approveButton(toApprove));
        assertThat(browser.findElement(By.id("decision-problem")).getText())
                .contains("case " + toApprove.id() + " was not saved", "Reason is required");
        reason = browser.findElement(By.id("reason-" + toApprove.id()));
        assertThat(reason.getDomAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.findElement(By.id(reason.getDomAttribute("aria-describedby"))).getText())
                .startsWith("Reason is required");
        assertThat(pendingDecision(toApprove)).as("nothing decided").isTrue();
        screenshot("manager-dashboard-reason-missing");

        reason.sendKeys("Internal build tool, not reachable from outside; replaced in Q1");
        clickAndWait(approveButton(toApprove));
        assertThat(path()).as("redirected after the post").isEqualTo("/manager");
        assertThat(browser.findElement(By.id("notice")).getText())
                .isEqualTo("Exception for case " + toApprove.id() + " approved.");
        assertThat(browser.findElements(By.id("exception-" + toApprove.id()))).as("no longer waiting").isEmpty();

        browser.findElement(By.id("reason-" + toRefuse.id())).sendKeys("Internet-facing; upgrade librefuse");
        clickAndWait(browser.findElement(By.cssSelector("#exception-" + toRefuse.id() + " button[value=refuse]")));
        assertThat(browser.findElement(By.id("notice")).getText())
                .isEqualTo("Exception for case " + toRefuse.id() + " refused.");
        assertThat(browser.findElements(By.id("exception-" + toRefuse.id()))).isEmpty();

        severeBrowserLogs(); // read now, so that only what this page logs is checked below
        browser.navigate().refresh();
        assertThat(browser.findElements(By.id("notice"))).as("a flash message shows once").isEmpty();

        // The charts drew what their tables say; this month has the case a newer image fixed.
        String month = java.time.YearMonth.now(ZoneOffset.UTC).toString();
        Map<String, List<String>> compliance = hiddenTable("compliance");
        assertThat(compliance).hasSize(12);
        assertThat(compliance.keySet()).last().isEqualTo(month);
        assertThat(Long.parseLong(compliance.get(month).get(0)) + Long.parseLong(compliance.get(month).get(1)))
                .as("fixed this month").isPositive();
        Map<String, Object> complianceChart = chart("compliance-chart");
        assertThat(complianceChart.get("type")).isEqualTo("line");
        assertThat(complianceChart.get("labels")).isEqualTo(List.copyOf(compliance.keySet()));
        assertThat(numbers(complianceChart)).isEqualTo(compliance.values().stream()
                .map(r -> r.get(2).equals("none fixed") ? null : Double.valueOf(r.get(2).replace(" %", ""))).toList());

        Map<String, List<String>> remediation = hiddenTable("remediation");
        assertThat(Long.parseLong(remediation.get("High").get(0))).as("High cases fixed").isPositive();
        Map<String, Object> remediationChart = chart("remediation-chart");
        assertThat(remediationChart.get("type")).isEqualTo("bar");
        assertThat(remediationChart.get("labels")).isEqualTo(List.of("Critical", "High", "Medium", "Low"));
        assertThat(numbers(remediationChart)).isEqualTo(remediation.values().stream()
                .map(r -> r.get(1).equals("none fixed") ? null : Double.valueOf(r.get(1))).toList());

        Map<String, List<String>> aging = hiddenTable("aging");
        Map<String, Object> agingChart = chart("aging-chart");
        assertThat(agingChart.get("labels")).isEqualTo(List.of("0–7 days", "8–30 days", "31–90 days", "91–180 days",
                "over 180 days"));
        assertThat(numbers(agingChart)).isEqualTo(aging.values().stream().map(r -> Double.valueOf(r.get(0))).toList());
        assertThat(chart("team-chart").get("type")).isEqualTo("bar");
        assertThat(severeBrowserLogs()).as("no script error, nothing blocked by the content security policy")
                .isEmpty();
        publishScreenshot("manager-dashboard");
        stacksItsChartsOnATablet();
        assertThat(cases.find(fixed.id()).orElseThrow().resolution()).isEqualTo("FIXED");

        runJobs(toApprove);
        runJobs(toRefuse);
        assertThat(cases.timeline(toApprove.id()).orElseThrow()).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo("EXCEPTION_APPROVED");
            assertThat(e.actor()).isEqualTo("manager");
            assertThat(e.summary()).contains("Internal build tool");
        });
        assertThat(cases.timeline(toRefuse.id()).orElseThrow()).extracting(AuditEvent::type)
                .contains("EXCEPTION_REFUSED");
    }

    /**
     * A manager of one team (web-manager: web) sees that team's figures, breaches and exception requests, and
     * not the unowned queue's (team security); the manager of all four sees both. Both cases start in the
     * unowned queue (this test's registry); one is then handed to team web.
     */
    @Test
    void aManagerOfOneTeamSeesThatTeamsCasesAndNoOthers() throws Exception {
        dispatcher.dispatch();
        Map<String, Long> webBefore = tilesOf("web-manager");
        Map<String, Long> allBefore = tilesOf("manager");
        Map<String, Long> everyBefore = tilesOf("admin");

        Instant now = Instant.now();
        sweep(row("CVE-2031-0201", "libweb", now.minus(Duration.ofDays(40))),
                row("CVE-2031-0203", "libunowned", now.minus(Duration.ofDays(40))));
        dispatcher.dispatch();
        CaseView webCase = caseOf("CVE-2031-0201");
        CaseView unownedCase = caseOf("CVE-2031-0203");
        runJobs(webCase);
        runJobs(unownedCase);
        cases.reassign(webCase.id(), "admin", new CaseReassignments.Target(null, "web"), "The web team builds it");
        runJobs(webCase);
        for (CaseView c : List.of(webCase, unownedCase)) {
            cases.requestException(c.id(), cases.find(c.id()).orElseThrow().owner(), new CaseExceptions.Request(
                    "Retired next quarter", null, now.plus(Duration.ofDays(30))));
            runJobs(c);
        }

        Map<String, Long> webAfter = tilesOf("web-manager");
        assertThat(browser.findElement(By.id("sight")).getText())
                .isEqualTo("Your teams: web, and the cases you own or manage.");
        Map<String, Long> webDifference = difference(webBefore, webAfter);
        // A reassigned case keeps the rule that first assigned it, so it still counts as unowned.
        webDifference.remove("unowned");
        assertThat(webDifference).isEqualTo(Map.of("open", 1L, "overdue", 1L, "breached", 0L, "due-soon", 0L,
                "awaiting-verification", 0L));
        assertThat(browser.findElements(By.cssSelector("#teams tbody tr")).stream().map(r -> cells(r).get(0))
                .toList()).as("the teams table").containsOnly("web");
        assertThat(browser.findElements(By.id("breach-" + webCase.id()))).hasSize(1);
        assertThat(browser.findElements(By.id("exception-" + webCase.id()))).hasSize(1);
        for (String other : List.of("breach-", "unowned-", "exception-")) {
            assertThat(browser.findElements(By.id(other + unownedCase.id()))).as(other).isEmpty();
        }
        screenshot("manager-dashboard-one-team");

        Map<String, Long> allAfter = tilesOf("manager");
        assertThat(browser.findElement(By.id("sight")).getText()).startsWith("Your teams: payments, platform, "
                + "security, web");
        assertThat(difference(allBefore, allAfter)).isEqualTo(Map.of("open", 2L, "overdue", 2L, "breached", 0L,
                "due-soon", 0L, "awaiting-verification", 0L, "unowned", 2L));
        for (String row : List.of("breach-", "exception-")) {
            assertThat(browser.findElements(By.id(row + webCase.id()))).as(row).hasSize(1);
            assertThat(browser.findElements(By.id(row + unownedCase.id()))).as(row).hasSize(1);
        }
        Map<String, Long> everyAfter = tilesOf("admin");
        assertThat(difference(everyBefore, everyAfter)).as("administrators see every team")
                .isEqualTo(difference(allBefore, allAfter));
        assertThat(tilesOf("auditor")).as("auditors too").isEqualTo(everyAfter);
        assertThat(browser.findElement(By.id("sight")).getText()).isEqualTo("Every team.");
        assertThat(cells(browser.findElement(By.id("exception-" + webCase.id())))).as("auditors only read")
                .endsWith("Decided by manager");
        assertThat(browser.findElements(By.cssSelector("form.decision"))).isEmpty();
    }

    @Test
    void ownersAreRefusedAndOnlyBrowsersAreSentToTheLoginForm() throws Exception {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> api = http.send(HttpRequest.newBuilder(URI.create(url("/api/cases"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(api.statusCode()).isEqualTo(401);
        assertThat(api.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));

        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(url("/manager")))
                .header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(URI.create(location).getPath()).isEqualTo("/login"));

        HttpResponse<String> owner = http.send(HttpRequest.newBuilder(URI.create(url("/manager")))
                .header("Accept", "text/html").header("Authorization", basic("owner")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(owner.statusCode()).isEqualTo(403);
        HttpResponse<String> tasklist = http.send(HttpRequest.newBuilder(URI.create(url("/camunda/app/tasklist/")))
                .header("Accept", "text/html").header("Authorization", basic("owner")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(tasklist.statusCode()).as("Camunda's apps are for administrators").isEqualTo(403);
        HttpResponse<String> manager = http.send(HttpRequest.newBuilder(URI.create(url("/manager")))
                .header("Authorization", basic("manager")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(manager.statusCode()).isEqualTo(200);
        assertThat(manager.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                csp -> assertThat(csp).contains("script-src 'self'"));

        browser.get(url("/login"));
        browser.findElement(By.id("username")).sendKeys("owner");
        browser.findElement(By.id("password")).sendKeys("wrong");
        clickAndWait(browser.findElement(By.cssSelector("form.login-form button")));
        assertThat(browser.findElement(By.id("login-error")).getText()).isEqualTo("Wrong user name or password.");

        signIn("owner");
        assertThat(path()).as("an owner starts on their cases").isEqualTo("/cases");
        assertThat(browser.manage().getCookieNamed("JSESSIONID").getSameSite()).as("the session is never sent "
                + "cross-site, so /api needs no CSRF token").isEqualTo("Lax");
        browser.get(url("/manager"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("403 Forbidden");

        clickAndWait(browser.findElement(By.cssSelector(".sign-out button")));
        assertThat(browser.getCurrentUrl()).isEqualTo(url("/login?logout"));
        browser.get(url("/manager"));
        assertThat(path()).as("signed out").isEqualTo("/login");
    }

    /**
     * A false-positive claim waits in its queue: a manager who is not a security approver reads who decides it,
     * an administrator confirms it with a reason from the dashboard, and the case closes.
     */
    @Test
    void anAdministratorConfirmsAFalsePositiveFromTheQueue() throws Exception {
        sweep(row("CVE-2031-0301", "libclaimed", Instant.now().minus(Duration.ofDays(2))));
        dispatcher.dispatch();
        CaseView claimed = caseOf("CVE-2031-0301");
        runJobs(claimed);
        cases.claimFalsePositive(claimed.id(), "secops-triage", "Only in the build stage, not in the runtime image");
        runJobs(claimed);

        tilesOf("manager");
        List<String> row = cells(browser.findElement(By.id("false-positive-" + claimed.id())));
        assertThat(row.subList(0, 6)).containsExactly(claimed.id(), "High", "CVE-2031-0301",
                rows.registryHost() + "/app/api", "secops-triage", "secops-triage");
        assertThat(row.get(7)).isEqualTo("Only in the build stage, not in the runtime image");
        assertThat(row.get(8)).as("only security approvers and administrators decide").isEqualTo(
                "Decided by security-lead");

        tilesOf("admin");
        WebElement reason = browser.findElement(By.id("fp-reason-" + claimed.id()));
        ((JavascriptExecutor) browser).executeScript("arguments[0].removeAttribute('required')", reason);
        clickAndWait(browser.findElement(By.cssSelector("#false-positive-" + claimed.id() + " button[value=confirm]")));
        assertThat(browser.findElement(By.id("fp-error-" + claimed.id())).getText()).startsWith("Reason is required");
        browser.findElement(By.id("fp-reason-" + claimed.id())).sendKeys("The runtime image has no libclaimed");
        clickAndWait(browser.findElement(By.cssSelector("#false-positive-" + claimed.id() + " button[value=confirm]")));
        assertThat(browser.findElement(By.id("notice")).getText()).isEqualTo("False positive on case " + claimed.id()
                + " confirmed: the finding is suppressed and the case closed.");
        assertThat(browser.findElements(By.id("false-positive-" + claimed.id()))).isEmpty();
        runJobs(claimed);
        CaseView closed = cases.find(claimed.id()).orElseThrow();
        assertThat(closed.state()).isEqualTo(CaseState.CLOSED);
        assertThat(closed.resolution()).isEqualTo("FALSE_POSITIVE");
    }

    /** The dashboard at a tablet's width, for a person to look at; the charts stack one above the other. */
    private static void stacksItsChartsOnATablet() throws Exception {
        Dimension laptop = browser.manage().window().getSize();
        try {
            browser.manage().window().setSize(new Dimension(800, 1000));
            browser.navigate().refresh();
            WebElement first = browser.findElement(By.cssSelector(".chart-grid > section:nth-of-type(1)"));
            WebElement second = browser.findElement(By.cssSelector(".chart-grid > section:nth-of-type(2)"));
            assertThat(second.getRect().getY()).as("one under the other").isGreaterThan(first.getRect().getY());
            // Chart.js fits its canvases to their boxes once the browser has laid the page out: wait for it.
            boolean fits = new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> (Long) ((JavascriptExecutor) d)
                    .executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
                    <= 0);
            assertThat(fits).as("no sideways scrolling of the page").isTrue();
            screenshot("manager-dashboard-tablet");
        } finally {
            browser.manage().window().setSize(laptop);
        }
    }

    // --- the browser ---

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private String path() {
        return URI.create(browser.getCurrentUrl()).getPath();
    }

    /** Clicks a link or submit button and waits until the browser has left the page. */
    private static void clickAndWait(WebElement element) {
        UiBrowser.clickAndWait(browser, element);
    }

    private void signIn(String user) {
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys("demo");
        clickAndWait(browser.findElement(By.cssSelector("form.login-form button")));
    }

    private static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8));
    }

    /** The tiles as the user sees them, signed in afresh. */
    private Map<String, Long> tilesOf(String user) {
        browser.manage().deleteAllCookies();
        browser.get(url("/manager"));
        signIn(user);
        assertThat(path()).as(user).isEqualTo("/manager");
        return tiles();
    }

    private Map<String, Long> tiles() {
        Map<String, Long> figures = new LinkedHashMap<>();
        for (String tile : TILES) {
            figures.put(tile, Long.parseLong(browser.findElement(By.cssSelector("#tile-" + tile + " .tile-value"))
                    .getText()));
        }
        return figures;
    }

    /** The team's row of the table beside the chart; zeros when the team has no open case. */
    private Map<String, Long> teamRow(String team) {
        for (WebElement row : browser.findElements(By.cssSelector("#teams tbody tr"))) {
            List<String> cells = cells(row);
            if (cells.get(0).equals(team)) {
                return Map.of("onTime", Long.parseLong(cells.get(1)), "overdue", Long.parseLong(cells.get(2)));
            }
        }
        return Map.of("onTime", 0L, "overdue", 0L);
    }

    /** The open and overdue cases of the owner in the load table; zeros when the owner has none. */
    private Map<String, Long> ownerRow(String owner) {
        List<WebElement> row = browser.findElements(By.id("owner-" + owner));
        if (row.isEmpty()) {
            return Map.of("open", 0L, "overdue", 0L);
        }
        List<String> cells = cells(row.get(0));
        return Map.of("open", Long.parseLong(cells.get(1)), "overdue", Long.parseLong(cells.get(2)));
    }

    /**
     * A table inside a closed {@code <details>}, as a screen reader reads it: the row heading, then the cells.
     * WebDriver's text of an element not shown is empty, so the text content is read.
     */
    private static Map<String, List<String>> hiddenTable(String id) {
        Map<String, List<String>> table = new LinkedHashMap<>();
        for (WebElement row : browser.findElements(By.cssSelector("#" + id + " tbody tr"))) {
            List<String> cells = row.findElements(By.cssSelector("th, td")).stream()
                    .map(c -> c.getDomProperty("textContent").strip()).toList();
            table.put(cells.get(0), cells.subList(1, cells.size()));
        }
        return table;
    }

    /** The Chart.js chart drawn on the canvas: its type, labels and first data set. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> chart(String canvas) {
        Map<String, Object> chart = (Map<String, Object>) ((JavascriptExecutor) browser).executeScript("""
                const chart = Chart.getChart(arguments[0]);
                return chart ? {type: chart.config.type, labels: chart.data.labels,
                                data: chart.data.datasets[0].data} : null;""", canvas);
        assertThat(chart).as("Chart.js drew " + canvas).isNotNull();
        return chart;
    }

    /** The chart's first data set, as numbers (null where it has no value). */
    @SuppressWarnings("unchecked")
    private static List<Double> numbers(Map<String, Object> chart) {
        return ((List<Object>) chart.get("data")).stream()
                .map(n -> n == null ? null : ((Number) n).doubleValue()).toList();
    }

    /** What Chart.js drew for the team. */
    @SuppressWarnings("unchecked")
    private Map<String, Long> chartOf(String team) {
        Map<String, Object> chart = (Map<String, Object>) ((JavascriptExecutor) browser).executeScript("""
                const chart = Chart.getChart('team-chart');
                const i = chart.data.labels.indexOf(arguments[0]);
                return {type: chart.config.type, onTime: chart.data.datasets[0].data[i],
                        overdue: chart.data.datasets[1].data[i]};""", team);
        assertThat(chart.get("type")).isEqualTo("bar");
        return Map.of("onTime", ((Number) chart.get("onTime")).longValue(), "overdue",
                ((Number) chart.get("overdue")).longValue());
    }

    /** The whole page as the browser drew it, under target/screenshots, for people reviewing a change. */
    private static void screenshot(String name) throws java.io.IOException {
        UiBrowser.screenshot(browser, name, 16_000, false);
    }

    /**
     * The screenshot for the user guide, under docs/img: the top of the page (figures and charts); in a full
     * test run the lists below hold every other test's cases too.
     */
    private static void publishScreenshot(String name) throws java.io.IOException {
        UiBrowser.screenshot(browser, name, 2600, true);
    }

    private List<String> severeBrowserLogs() {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage).toList();
    }

    private static List<String> cells(WebElement row) {
        return row.findElements(By.cssSelector("th, td")).stream().map(WebElement::getText).toList();
    }

    private WebElement approveButton(CaseView c) {
        return browser.findElement(By.cssSelector("#exception-" + c.id() + " button[value=approve]"));
    }

    private static String minute(Instant instant) {
        return new DisplayFormat().minute(instant);
    }

    private static String day(Instant instant) {
        return instant.atZone(ZoneOffset.UTC).toLocalDate().toString();
    }

    private static Map<String, Long> difference(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> difference = new LinkedHashMap<>();
        after.forEach((k, v) -> difference.put(k, v - before.getOrDefault(k, 0L)));
        return difference;
    }

    // --- the cases, through the real paths ---

    private ObjectNode row(String cve, String pkg, Instant scanned) {
        return rows.row("app/api", "sha256:" + "a".repeat(64), scanned.minus(Duration.ofDays(1)), scanned, cve,
                "High", rows.os(null), pkg, "1.0.0", "1.0.1");
    }

    /** An image of another repository, pushed five days ago, with the vulnerability. */
    private ObjectNode affectedImage(String cve, Instant now) {
        return rows.row("app/fixed", "sha256:" + "c".repeat(64), now.minus(Duration.ofDays(5)),
                now.minus(Duration.ofDays(4)), cve, "High", rows.os(null), "libfixed", "1.0.0", "1.0.1");
    }

    /**
     * The case of {@link #affectedImage}, fixed by a newer image pushed two days ago (well over the scan grace
     * period before the sweep) without the finding, which only a Low finding of another package makes known.
     */
    private CaseView fixedByANewerImage(String cve, Instant now) throws Exception {
        CaseView c = caseOf(cve);
        runJobs(c);
        sweep(rows.row("app/fixed", "sha256:" + "d".repeat(64), now.minus(Duration.ofDays(2)),
                now.minus(Duration.ofHours(1)), "CVE-2031-0999", "Low", rows.os(null), "libother", "1.0.0", "1.0.1"));
        dispatcher.dispatch();
        runJobs(c);
        assertThat(cases.find(c.id()).orElseThrow().state()).as("closed by the newer image").isEqualTo(CaseState.CLOSED);
        return c;
    }

    private void sweep(ObjectNode... found) throws Exception {
        ObjectNode body = json.createObjectNode();
        var data = body.putArray("data");
        for (ObjectNode row : found) {
            data.add(row);
        }
        body.put("resultTruncated", "false");
        importer.importArgExport("ui-test", new ByteArrayInputStream(json.writeValueAsBytes(body)));
    }

    private CaseView caseOf(String cve) {
        List<CaseView> found = cases.list(new CaseQuery(null, null, null, null, null, cve), 0, 10).items().stream()
                .filter(c -> c.registryHost().equals(rows.registryHost())).toList();
        assertThat(found).as(cve).hasSize(1);
        return found.get(0);
    }

    /** The owner asks in Fixline, as POST /api/cases/{id}/exception-requests does. */
    private CaseException requestException(CaseView c, Instant until) {
        return cases.requestException(c.id(), "secops-triage", new CaseExceptions.Request(
                "Build tool image, retired next quarter", "Not reachable from outside the cluster", until));
    }

    private boolean pendingDecision(CaseView c) {
        return taskService.createTaskQuery().processInstanceId(c.processInstanceId())
                .taskDefinitionKey(Activity.DECIDE_EXCEPTION.id()).count() == 1;
    }

    /** What the job executor does: the case's asynchronous steps that are due, until none is left. */
    private void runJobs(CaseView c) {
        UiCases.runJobs(management, c);
    }

    private void fireTimer(CaseView c, String timer) {
        Job job = management.createJobQuery().processInstanceId(c.processInstanceId()).timers().activityId(timer)
                .singleResult();
        assertThat(job).as(timer).isNotNull();
        management.executeJob(job.getId());
    }
}
