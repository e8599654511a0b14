package dev.fixline.ticketing.jira;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fixline.ticketing.TicketText;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fixline's text blocks as Jira wiki markup, with finding data unable to inject markup. */
class WikiRendererTest {

    private final WikiRenderer wiki = new WikiRenderer();

    @Test
    void rendersEveryKindOfBlock() {
        TicketText text = TicketText.builder()
                .heading("Finding")
                .field("Severity", "High")
                .link("Scan", "https://scanner.example/findings/x")
                .bullets(List.of("payments-api:1.4.2", "payments-worker:1.4.2"))
                .paragraph("Owner: platform team")
                .heading("Fix")
                .paragraph("Upgrade to 3.0.13")
                .build();

        assertThat(wiki.render(text).asText()).isEqualTo("""
                h3. Finding
                *Severity:* High
                [Scan|https://scanner.example/findings/x]
                * payments-api:1.4.2
                * payments-worker:1.4.2

                Owner: platform team

                h3. Fix
                Upgrade to 3.0.13""");
    }

    @Test
    void escapesLinksMacrosTablesAndImagesInUserText() {
        TicketText text = TicketText.of("[click|https://evil.example] {color:red}x{color} !https://evil.example/p.png!");

        assertThat(wiki.wiki(text)).isEqualTo(
                "\\[click\\|https://evil.example\\] \\{color:red\\}x\\{color\\} \\!https://evil.example/p.png\\!");
    }

    @Test
    void escapesListAndBoldMarkersAtTheStartOfEachLine() {
        TicketText text = TicketText.builder()
                .paragraph("*bold start\n_italic start\n  # numbered\n- dash\nmid *star* stays")
                .bullets(List.of("* nested"))
                .build();

        assertThat(wiki.wiki(text)).isEqualTo("""
                \\*bold start
                \\_italic start
                  \\# numbered
                \\- dash
                mid *star* stays
                * \\* nested""");
    }

    @Test
    void lineBreaksCannotStartNewMarkupInsideAFieldOrAHeading() {
        TicketText text = TicketText.builder().heading("CVE\nh1. Pwned").field("Package", "x\n* injected").build();

        // One line each: "h1." and "*" no longer stand at the start of a line, so they are plain text.
        assertThat(wiki.wiki(text)).isEqualTo("h3. CVE h1. Pwned\n*Package:* x * injected");
    }

    @Test
    void aBackslashCannotUndoAnEscape() {
        TicketText text = TicketText.builder().link("C:\\temp\\", "https://scanner.example/a b|c").build();

        assertThat(wiki.wiki(text)).isEqualTo("[C:⧵temp⧵|https://scanner.example/a%20b%7Cc]");
    }

    @Test
    void aLinkThatIsNotHttpIsEscapedText() {
        TicketText text = TicketText.builder().link("Run", "javascript:alert(1)|x").build();

        assertThat(wiki.wiki(text)).isEqualTo("Run: javascript:alert(1)\\|x");
    }
}
