package dev.fixline.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.web.util.HtmlUtils;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templateresolver.StringTemplateResolver;

/**
 * The dashboard hands its chart's data to the page script as JSON in an attribute (manager.html). Inlined into a
 * script element, a team name holding {@code <!--<script>} would have swallowed the rest of the page: Thymeleaf's
 * JavaScript inlining escapes {@code </} but not {@code <!--}. In an attribute, every {@code <}, {@code &} and quote
 * is escaped, and the page script reads back the very JSON.
 */
class ChartDataEscapingTest {

    private static final String MARKUP = "<div id=\"team-chart-data\" hidden th:attr=\"data-chart=${chartJson}\"></div>";

    @Test
    void aTeamNameCannotEndAnElementOrOpenOne() throws Exception {
        assertThat(Files.readString(Path.of("src/main/resources/templates/manager.html"))).contains(MARKUP);
        SpringTemplateEngine engine = new SpringTemplateEngine();
        engine.setTemplateResolver(new StringTemplateResolver());
        String team = "<!--<script>alert(1)</script>\"' onmouseover=\"alert(2)&amp;";
        ObjectMapper json = new ObjectMapper();
        Context context = new Context();
        context.setVariable("chartJson", json.writeValueAsString(new TeamChart(List.of(team, "payments"),
                List.of(1L, 2L), List.of(0L, 3L))));

        String html = engine.process(MARKUP, context);

        Matcher attribute = Pattern.compile("<div id=\"team-chart-data\" hidden data-chart=\"([^\"<>]*)\"></div>")
                .matcher(html);
        assertThat(attribute.matches()).as(html).isTrue();
        JsonNode chart = json.readTree(HtmlUtils.htmlUnescape(attribute.group(1)));
        assertThat(chart.path("teams").get(0).asText()).isEqualTo(team);
        assertThat(chart.path("overdue").get(1).asLong()).isEqualTo(3);
    }

    /** Every chart of the dashboard takes its data the same way, and the page has no inline script at all. */
    @Test
    void everyChartReadsItsDataFromAnAttributeAndNoScriptIsInline() throws Exception {
        String page = Files.readString(Path.of("src/main/resources/templates/manager.html"));
        for (String chart : List.of("compliance", "remediation", "aging")) {
            assertThat(page).contains("<div id=\"" + chart + "-chart-data\" hidden th:attr=\"data-chart=${" + chart
                    + "Json}\"></div>");
        }
        assertThat(Pattern.compile("<script(?![^>]*\\bth:src=)[^>]*>").matcher(page).results().toList())
                .as("scripts only from files: the content security policy forbids inline ones").isEmpty();
    }
}
