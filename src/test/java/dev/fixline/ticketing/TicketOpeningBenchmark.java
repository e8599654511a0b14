package dev.fixline.ticketing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fixline.remediation.RemediationProcess.Activity;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.extension.responsetemplating.ResponseTemplateTransformer;
import dev.fixline.remediation.CaseQuery;
import dev.fixline.remediation.CaseView;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.List;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What Fixline adds to each Jira create: {@code -Dbenchmark.tickets} cases (default 300) open their
 * tickets against WireMock Jira Cloud answering after {@code -Dbenchmark.jira-latency-ms} (default 0),
 * one job after another as a single job-executor thread would. Reports tickets per second and the
 * Jira calls per ticket. Run with {@code ./mvnw verify -Pbenchmark -Dbenchmark.test=TicketOpeningBenchmark}.
 */
@Tag("benchmark")
class TicketOpeningBenchmark extends JiraCloudTestBase {

    @Test
    void openTicketsForManyCases() throws Exception {
        int count = Integer.getInteger("benchmark.tickets", 300);
        int latency = Integer.getInteger("benchmark.jira-latency-ms", 0);
        JIRA.stubFor(post(urlPathEqualTo("/rest/api/3/issue")).willReturn(aResponse().withStatus(201)
                .withFixedDelay(latency).withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"{{randomValue length=8 type='NUMERIC'}}\",\"key\":\"SEC-{{randomValue length=8 "
                        + "type='NUMERIC'}}\"}").withTransformers(ResponseTemplateTransformer.NAME)));

        Instant now = Instant.now();
        ObjectNode body = json.createObjectNode();
        ArrayNode data = body.putArray("data");
        for (int i = 0; i < count; i++) {
            data.add(rows.row("bench/app-" + i, "sha256:" + String.format("%064d", i), now.minusSeconds(86_400),
                    now.minusSeconds(3600), "CVE-2025-" + (10_000 + i), "High", rows.os(null), "libbench", "1.0.0",
                    "1.0.1"));
        }
        body.put("resultTruncated", "false");
        importer.importArgExport("ticket-benchmark", new ByteArrayInputStream(json.writeValueAsBytes(body)));
        dispatcher.dispatch();
        List<CaseView> opened = cases.list(new CaseQuery(null, null, null, null, null, null), 0, 1000).items()
                .stream().filter(c -> c.registryHost().equals(rows.registryHost())).toList();
        // Owners are notified first; then only the ticket steps are timed.
        for (CaseView c : opened) {
            runJob(job(c, Activity.NOTIFY_OWNER.id()));
        }
        List<Job> jobs = opened.stream().map(c -> job(c, Activity.OPEN_TICKET.id())).toList();
        JIRA.resetRequests();

        long begin = System.nanoTime();
        jobs.forEach(this::runJob);
        double seconds = (System.nanoTime() - begin) / 1e9;

        long linked = opened.stream().filter(c -> tickets.linkOf(c.id()).map(TicketLink::linked).orElse(false))
                .count();
        int creates = JIRA.findAll(postRequestedFor(urlPathEqualTo("/rest/api/3/issue"))).size();
        int calls = JIRA.getAllServeEvents().size();
        System.out.printf("%nTICKET BENCHMARK: %d tickets opened in %.2f s = %.1f tickets/s (Jira latency %d ms); "
                + "%d creates, %.2f Jira calls per ticket%n%n", linked, seconds, linked / seconds, latency, creates,
                calls / (double) linked);
        assertThat(linked).isEqualTo(count);
        assertThat(creates).isEqualTo(count);
    }
}
