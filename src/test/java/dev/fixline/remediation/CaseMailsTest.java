package dev.fixline.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fixline.finding.ClosureEvidence;
import dev.fixline.finding.ClosureRule;
import dev.fixline.finding.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The mails as a recipient reads them, from the templates in {@code templates/mail/}. */
class CaseMailsTest {

    static final CaseView CASE = new CaseView("4f1c2d7e-0b9a-4e47-9d7e-5a1f3c9b2e10", CaseState.OPEN, null,
            Severity.CRITICAL, "contosoprod.azurecr.io", "shop/checkout", "CVE-2024-6387", "openssh-server",
            Instant.parse("2026-11-02T06:20:00Z"), "alice", "payments", "carol", "payments-images",
            Instant.parse("2026-11-07T06:20:00Z"), Instant.parse("2026-11-09T06:20:00Z"), false, false,
            Instant.parse("2026-11-02T07:00:00Z"), null, null, "pi-1", List.of("f-1"), null, null, null, null,
            java.time.Duration.ZERO);

    static final String DETAILS = """
            Vulnerability: CVE-2024-6387 (Critical)
            Package: openssh-server
            Image repository: contosoprod.azurecr.io/shop/checkout
            First detected: Mon 2 Nov 2026, 06:20 UTC
            Due: Mon 9 Nov 2026, 06:20 UTC
            Owner: alice (team payments)
            The case closes by itself once a rescan shows the fixed version.""";

    static final String CASE_URL = "https://fixline.contoso.example/cases/4f1c2d7e-0b9a-4e47-9d7e-5a1f3c9b2e10";

    /** Links as a Fixline with a Jira site gives them; the ticket of the case is open. */
    final CaseMails mails = new CaseMails(id -> "https://fixline.contoso.example/cases/" + id,
            id -> java.util.Optional.of(new dev.fixline.ticketing.TicketLink(id, "fixline-" + id, "jira", "SEC",
                    "LINKED", "10042", "SEC-42", "https://contoso.atlassian.net/browse/SEC-42", "To Do", "new", null,
                    "alice@contoso.example", "Highest", null, null, 0, null, null)));

    static final String LINKS = "\n\nCase in Fixline: " + CASE_URL
            + "\nTicket: SEC-42 https://contoso.atlassian.net/browse/SEC-42";

    @Test
    void theOwnerLearnsTheCaseIsTheirsWithItsDueDateAndDetails() {
        CaseMails.Mail mail = mails.render("assigned", CASE);

        assertThat(mail.subject()).isEqualTo("[Fixline] [Critical] CVE-2024-6387 in openssh-server — "
                + "contosoprod.azurecr.io/shop/checkout is yours to fix by Mon 9 Nov 2026, 06:20 UTC");
        assertThat(mail.body()).isEqualTo("You own remediation case 4f1c2d7e-0b9a-4e47-9d7e-5a1f3c9b2e10.\n\n"
                + DETAILS + LINKS);
    }

    @Test
    void theManagerIsToldOfTheBreachAndTheChainOfTheEscalation() {
        assertThat(mails.render("breach", CASE).subject()).endsWith("checkout (owner alice)")
                .startsWith("[Fixline] SLA breached: [Critical] CVE-2024-6387");
        assertThat(mails.render("breach", CASE).body()).startsWith("Remediation case 4f1c2d7e-0b9a-4e47-9d7e-5a1f3c9b2e10, "
                + "owned by alice (team payments), passed its due date Mon 9 Nov 2026, 06:20 UTC without a verified fix.\n\n");
        assertThat(mails.render("escalation", CASE, Map.of("level2After", Duration.ofDays(7))).body())
                .startsWith("Remediation case 4f1c2d7e-0b9a-4e47-9d7e-5a1f3c9b2e10, owned by alice (team payments, "
                        + "manager carol), is still not fixed PT168H after its due date Mon 9 Nov 2026, 06:20 UTC.");
        assertThat(mails.render("breach-repeated", CASE, Map.of("repeatEvery", Duration.ofDays(7))).body())
                .contains("You will hear about it every PT168H until a rescan shows the fix.");
    }

    @Test
    void aClosureCarriesItsEvidence() {
        CaseView closed = new CaseView(CASE.id(), CaseState.CLOSED, "FIXED", CASE.severity(), CASE.registryHost(),
                CASE.repository(), CASE.vulnerabilityId(), CASE.packageName(), CASE.firstDetectedAt(), CASE.owner(),
                CASE.team(), CASE.manager(), CASE.ownershipRule(), CASE.remindAt(), CASE.dueAt(), false, false,
                CASE.openedAt(), Instant.parse("2026-11-05T06:00:00Z"), null, "pi-1", CASE.findingIds(),
                new ClosureEvidence(ClosureRule.FIXED_VERSION_OBSERVED, List.of("s-2"), "sha256:bb22", null, null,
                        "1:9.2p1-2+deb12u3", "1:9.2p1-2+deb12u3", "newer image sha256:bb22 shows openssh-server …"),
                null, null, null, java.time.Duration.ZERO);

        CaseMails.Mail mail = mails.render("closed", closed, Map.of("resolution", "FIXED",
                "evidence", closed.closureEvidence().explanation()));

        assertThat(mail.subject()).startsWith("[Fixline] Closed (FIXED): [Critical] CVE-2024-6387");
        assertThat(mail.body()).isEqualTo("Remediation case " + CASE.id() + " is closed as FIXED.\n\n"
                + "Evidence: newer image sha256:bb22 shows openssh-server …\n\n" + DETAILS + LINKS);
    }

    @Test
    void aRefusedExceptionSaysTheFixIsStillDueAndAnApprovedOneDoesNot() {
        Map<String, Object> refused = Map.of("title", CaseTicketSteps.title(CASE), "decidedBy", "carol",
                "decision", "refused", "approved", false, "paused", false,
                "reason", "Patch is available; no compensating control.");
        Map<String, Object> approved = Map.of("title", CaseTicketSteps.title(CASE), "decidedBy", "carol",
                "decision", "approved", "approved", true, "paused", true,
                "reason", "WAF rule in place until the vendor ships 9.8.",
                "expiresAt", "2026-12-09T00:00:00Z");

        assertThat(mails.render("exception-decided", CASE, refused).body()).isEqualTo("carol refused the exception "
                + "for case " + CASE.id() + ": Patch is available; no compensating control.\n\n"
                + "The fix is still due Mon 9 Nov 2026, 06:20 UTC." + LINKS);
        assertThat(mails.render("exception-decided", CASE, approved).body()).isEqualTo("carol approved the exception "
                + "for case " + CASE.id() + ": WAF rule in place until the vendor ships 9.8.\n\n"
                + "The SLA clock is paused until 2026-12-09T00:00:00Z; then the case is yours again with the time "
                + "that was left." + LINKS);
        assertThat(mails.render("exception-decided", CASE, approved).subject())
                .isEqualTo("[Fixline] Exception approved: [Critical] CVE-2024-6387 in openssh-server — "
                        + "contosoprod/shop/checkout");
    }

    @Test
    void valuesAreKeptAsTheyAreInPlainText() {
        CaseMails.Mail mail = mails.render("reassigned", CASE, Map.of("title", CaseTicketSteps.title(CASE),
                "assignedBy", "Dana <dana@contoso.example> & \"ops\"", "where", "in its ticket"));

        assertThat(mail.body()).startsWith("Dana <dana@contoso.example> & \"ops\" assigned remediation case ");
        assertThat(mail.html()).as("escaped in the HTML part")
                .contains("Dana &lt;dana@contoso.example&gt; &amp; &quot;ops&quot; assigned remediation case")
                .doesNotContain("<dana@");
    }

    @Test
    void theHtmlPartShowsTheTextItsFactsAsATableAndTheLinksAsButtons() {
        CaseMails.Mail mail = mails.render("assigned", CASE);

        assertThat(mail.html()).contains("<title>[Fixline] [Critical] CVE-2024-6387 in openssh-server")
                .contains("You own remediation case 4f1c2d7e-0b9a-4e47-9d7e-5a1f3c9b2e10.")
                .containsPattern("<td[^>]*>Package</td>\\s*<td[^>]*>openssh-server</td>")
                .containsPattern("<td[^>]*>Due</td>\\s*<td[^>]*>Mon 9 Nov 2026, 06:20 UTC</td>")
                .contains("href=\"" + CASE_URL + "\"").contains("Open the case")
                .contains("href=\"https://contoso.atlassian.net/browse/SEC-42\"").contains("Open ticket SEC-42");
        assertThat(mail.caseUrl()).isEqualTo(CASE_URL);
        assertThat(mail.ticketUrl()).isEqualTo("https://contoso.atlassian.net/browse/SEC-42");
    }

    @Test
    void aCaseWhoseTicketIsNotOpenYetLinksTheCaseOnlyAndABuiltInTicketByItsKey() {
        CaseMails noTicket = new CaseMails(id -> "http://localhost:8080/cases/" + id,
                id -> java.util.Optional.empty());
        assertThat(noTicket.render("assigned", CASE).body()).endsWith("Case in Fixline: http://localhost:8080/cases/"
                + CASE.id()).doesNotContain("Ticket:");

        CaseMails builtIn = new CaseMails(id -> "http://localhost:8080/cases/" + id,
                id -> java.util.Optional.of(new dev.fixline.ticketing.TicketLink(id, "fixline-" + id, "builtin",
                        "FIX", "LINKED", "7", "FIX-7", null, "Open", "new", null, null, null, null, null, 0, null,
                        null)));
        CaseMails.Mail mail = builtIn.render("assigned", CASE);
        assertThat(mail.body()).endsWith("Ticket: FIX-7 (in Fixline's built-in ticket log)");
        assertThat(mail.html()).contains("Ticket FIX-7 (Fixline&#39;s built-in ticket log)");
    }

    @Test
    void aFindingBackAfterItsCaseClosedSaysSo() {
        CaseMails.Mail mail = mails.render("reopened", CASE, Map.of("previousCaseId", "0aa1b2c3-old"));

        assertThat(mail.subject()).startsWith("[Fixline] Back again: [Critical] CVE-2024-6387");
        assertThat(mail.body()).startsWith("A rescan shows this vulnerability again after case 0aa1b2c3-old was closed,"
                + " so remediation case " + CASE.id() + " is open and yours.");
    }
}
