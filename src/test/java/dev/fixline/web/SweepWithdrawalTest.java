package dev.fixline.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fixline.ApplicationTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An administrator withdraws a wrongly applied sweep: the export it superseded by mistake can be imported,
 * the sweep stays listed and marked, and the audit log says who and why.
 */
@ApplicationTest
class SweepWithdrawalTest {

    @Autowired TestRestTemplate http;
    @Autowired ObjectMapper json;
    @Autowired JdbcTemplate jdbc;

    private String day1;
    private String day2;

    @BeforeEach
    void exportsOfTheirOwnRegistries() throws IOException {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        day1 = relabelled("day-1.json", suffix);
        day2 = relabelled("day-2.json", suffix);
    }

    @Test
    void aWithdrawnSweepNoLongerBlocksTheExportsItWronglySuperseded() throws IOException {
        JsonNode newer = accepted(post(day2));
        ResponseEntity<String> older = post(day1);
        assertThat(older.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);

        ResponseEntity<String> answer = withdraw("admin", newer.path("id").asText(),
                "{\"reason\": \"day 2 was exported from the staging tenant by mistake\"}");
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode withdrawn = json.readTree(answer.getBody());
        assertThat(withdrawn.at("/withdrawal/by").asText()).isEqualTo("admin");
        assertThat(withdrawn.at("/withdrawal/reason").asText()).contains("staging tenant");
        assertThat(withdrawn.path("state").asText()).isEqualTo("COMPLETE");

        JsonNode listed = json.readTree(http.withBasicAuth("auditor", "demo")
                .getForEntity("/api/sweeps/" + newer.path("id").asText(), String.class).getBody());
        assertThat(listed.at("/withdrawal/at").asText()).isNotEmpty();

        assertThat(accepted(post(day1)).path("state").asText()).isEqualTo("COMPLETE");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_event WHERE event_type = 'SWEEP_WITHDRAWN' "
                + "AND actor = 'admin' AND summary LIKE ?", Integer.class, "%" + newer.path("id").asText() + "%"))
                .isEqualTo(1);
    }

    @Test
    void onlyAnAdministratorMayWithdrawAndOnlyOnceWithAReason() throws IOException {
        String id = accepted(post(day1)).path("id").asText();
        assertThat(withdraw("manager", id, "{\"reason\": \"mine\"}").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);

        ResponseEntity<String> noReason = withdraw("admin", id, "{\"reason\": \"  \"}");
        assertThat(noReason.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(json.readTree(noReason.getBody()).path("parameter").asText()).isEqualTo("reason");

        assertThat(withdraw("admin", id, "{\"reason\": \"wrong file\"}").getStatusCode()).isEqualTo(HttpStatus.OK);
        ResponseEntity<String> again = withdraw("admin", id, "{\"reason\": \"wrong file\"}");
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(json.readTree(again.getBody()).path("detail").asText()).contains("withdrawn already, by admin");

        ResponseEntity<String> unknown = withdraw("admin", "no-such-sweep", "{\"reason\": \"x\"}");
        assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_event WHERE event_type = 'SWEEP_WITHDRAWN' "
                + "AND summary LIKE ?", Integer.class, "%" + id + "%")).isEqualTo(1);
    }

    private String relabelled(String sample, String suffix) throws IOException {
        return Files.readString(Path.of("samples", sample), StandardCharsets.UTF_8)
                .replace("contosoprod", "wdprod" + suffix).replace("contosodev", "wddev" + suffix);
    }

    private ResponseEntity<String> post(String export) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.withBasicAuth("manager", "demo").postForEntity("/api/sweeps",
                new HttpEntity<>(export, headers), String.class);
    }

    private JsonNode accepted(ResponseEntity<String> answer) throws IOException {
        assertThat(answer.getStatusCode().is2xxSuccessful()).as(answer.getBody()).isTrue();
        return json.readTree(answer.getBody());
    }

    private ResponseEntity<String> withdraw(String user, String sweepId, String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.withBasicAuth(user, "demo").postForEntity("/api/sweeps/" + sweepId + "/withdrawal",
                new HttpEntity<>(body, headers), String.class);
    }
}
