package dev.fixline.ticketing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.fixline.ingest.SweepImporter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.runtime.Job;

/** What the Jira tests of both flavours share: a WireMock Jira, a sweep of given rows, the due jobs of a case. */
final class JiraTestDriver {

    private JiraTestDriver() {
    }

    /**
     * A WireMock server for the whole test run, stopped with the JVM. Served one request first: a cold
     * server can take longer over its first answer than the Cloud tests' read timeout of one second.
     */
    static WireMockServer startedJira() {
        WireMockServer jira = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        jira.start();
        Runtime.getRuntime().addShutdownHook(new Thread(jira::stop));
        try {
            HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(jira.baseUrl() + "/warm-up")).build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        jira.resetRequests();
        return jira;
    }

    /** A complete Resource Graph export of exactly these rows. */
    static void sweep(SweepImporter importer, ObjectMapper json, String source, ObjectNode... rows)
            throws IOException {
        ObjectNode body = json.createObjectNode();
        ArrayNode data = body.putArray("data");
        for (ObjectNode row : rows) {
            data.add(row);
        }
        body.put("resultTruncated", "false");
        importer.importArgExport(source, new ByteArrayInputStream(json.writeValueAsBytes(body)));
    }

    /** The asynchronous steps of a process instance that the job executor would run now. */
    static List<Job> dueJobs(ManagementService management, String processInstanceId) {
        Date now = new Date();
        return management.createJobQuery().processInstanceId(processInstanceId).messages().withRetriesLeft().list()
                .stream().filter(j -> j.getDuedate() == null || !j.getDuedate().after(now)).toList();
    }
}
