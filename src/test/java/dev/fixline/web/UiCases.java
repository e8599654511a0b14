package dev.fixline.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fixline.DefenderRows;
import dev.fixline.ingest.SweepImporter;
import dev.fixline.remediation.CaseDispatcher;
import dev.fixline.remediation.CaseQuery;
import dev.fixline.remediation.CaseView;
import dev.fixline.remediation.RemediationCases;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.runtime.Job;

/**
 * Cases for the UI tests, arranged through the real paths: a Resource Graph export of a registry of the
 * test's own (no ownership rule matches it, so its cases go to the unowned queue: secops-triage, team
 * security, manager manager), the dispatcher, and the engine's jobs run as the job executor would.
 */
final class UiCases {

    final DefenderRows rows;
    private final ObjectMapper json;
    private final SweepImporter importer;
    private final CaseDispatcher dispatcher;
    private final RemediationCases cases;
    private final ManagementService management;

    UiCases(String prefix, ObjectMapper json, SweepImporter importer, CaseDispatcher dispatcher,
            RemediationCases cases, ManagementService management) {
        this.rows = new DefenderRows(json, prefix);
        this.json = json;
        this.importer = importer;
        this.dispatcher = dispatcher;
        this.cases = cases;
        this.management = management;
    }

    /** A High finding of an OS package in {@code app/api}, scanned at {@code scanned}. */
    ObjectNode row(String cve, String pkg, Instant scanned) {
        return rows.row("app/api", "sha256:" + "a".repeat(64), scanned.minus(Duration.ofDays(1)), scanned, cve,
                "High", rows.os("12"), pkg, "1.0.0", "1.0.1");
    }

    /** The export's body as Resource Graph answers it. */
    byte[] export(ObjectNode... found) throws IOException {
        ObjectNode body = json.createObjectNode();
        var data = body.putArray("data");
        for (ObjectNode row : found) {
            data.add(row);
        }
        body.put("totalRecords", found.length).put("count", found.length).put("resultTruncated", "false");
        return json.writeValueAsBytes(body);
    }

    /** Imports the rows as one sweep and starts the cases they open, each up to the owner's task. */
    List<CaseView> open(ObjectNode... found) throws IOException {
        importer.importArgExport("ui-test", new ByteArrayInputStream(export(found)));
        dispatcher.dispatch();
        List<CaseView> opened = new java.util.ArrayList<>();
        for (ObjectNode row : found) {
            CaseView c = caseOf(row.at("/properties/additionalData/vulnerabilityDetails/cveId").asText());
            runJobs(c);
            opened.add(cases.find(c.id()).orElseThrow());
        }
        return opened;
    }

    CaseView caseOf(String cve) {
        List<CaseView> found = cases.list(new CaseQuery(null, null, null, null, null, cve), 0, 10).items().stream()
                .filter(c -> c.registryHost().equals(rows.registryHost())).toList();
        assertThat(found).as(cve).hasSize(1);
        return found.get(0);
    }

    CaseView now(CaseView c) {
        return cases.find(c.id()).orElseThrow();
    }

    /** What the job executor does: the case's asynchronous steps that are due, until none is left. */
    void runJobs(CaseView c) {
        runJobs(management, c);
    }

    static void runJobs(ManagementService management, CaseView c) {
        for (int round = 0; round < 20; round++) {
            List<Job> jobs = management.createJobQuery().processInstanceId(c.processInstanceId()).messages()
                    .withRetriesLeft().list().stream()
                    .filter(j -> j.getDuedate() == null || !j.getDuedate().after(new Date())).toList();
            if (jobs.isEmpty()) {
                return;
            }
            for (Job job : jobs) {
                try {
                    management.executeJob(job.getId());
                } catch (ProcessEngineException failed) {
                    // recorded on the job, as the job executor would leave it
                }
            }
        }
    }
}
