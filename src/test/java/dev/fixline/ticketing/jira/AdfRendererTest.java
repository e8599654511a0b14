package dev.fixline.ticketing.jira;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fixline.ticketing.TicketText;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fixline's text blocks as Atlassian Document Format. */
class AdfRendererTest {

    private final AdfRenderer adf = new AdfRenderer();

    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    @Test
    void rendersEveryKindOfBlock() throws Exception {
        TicketText text = TicketText.builder()
                .heading("Finding")
                .paragraph("openssl 3.0.2 in payments-api")
                .field("Severity", "High")
                .link("Scan", "https://scanner.example/findings/x")
                .bullets(List.of("a:1", "b:2"))
                .build();

        assertThat(adf.render(text)).isEqualTo(json("""
                {"type":"doc","version":1,"content":[
                  {"type":"heading","attrs":{"level":3},"content":[{"type":"text","text":"Finding"}]},
                  {"type":"paragraph","content":[{"type":"text","text":"openssl 3.0.2 in payments-api"}]},
                  {"type":"paragraph","content":[{"type":"text","text":"Severity: ","marks":[{"type":"strong"}]},
                                                 {"type":"text","text":"High"}]},
                  {"type":"paragraph","content":[{"type":"text","text":"Scan",
                     "marks":[{"type":"link","attrs":{"href":"https://scanner.example/findings/x"}}]}]},
                  {"type":"bulletList","content":[
                     {"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"a:1"}]}]},
                     {"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"b:2"}]}]}]}]}"""));
    }

    @Test
    void markupInUserTextStaysText() throws Exception {
        TicketText text = TicketText.of("[click|https://evil.example] {code}*x*{code}");

        assertThat(adf.render(text)).isEqualTo(json("""
                {"type":"doc","version":1,"content":[{"type":"paragraph","content":[
                  {"type":"text","text":"[click|https://evil.example] {code}*x*{code}"}]}]}"""));
    }

    @Test
    void lineBreaksBecomeHardBreaksAndEmptyTextIsLeftOut() throws Exception {
        TicketText text = TicketText.builder().paragraph("line 1\nline 2").field("Fixed in", "").paragraph("").build();

        assertThat(adf.render(text)).isEqualTo(json("""
                {"type":"doc","version":1,"content":[
                  {"type":"paragraph","content":[{"type":"text","text":"line 1"},{"type":"hardBreak"},
                                                 {"type":"text","text":"line 2"}]},
                  {"type":"paragraph","content":[{"type":"text","text":"Fixed in: ","marks":[{"type":"strong"}]}]},
                  {"type":"paragraph","content":[]}]}"""));
    }

    @Test
    void aLinkThatIsNotHttpIsPlainText() throws Exception {
        TicketText text = TicketText.builder().link("Run", "javascript:alert(1)").build();

        assertThat(adf.render(text)).isEqualTo(json("""
                {"type":"doc","version":1,"content":[{"type":"paragraph","content":[
                  {"type":"text","text":"Run: javascript:alert(1)"}]}]}"""));
    }
}
