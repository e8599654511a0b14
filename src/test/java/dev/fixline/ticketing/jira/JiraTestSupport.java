package dev.fixline.ticketing.jira;

import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.fixline.ticketing.TicketDraft;
import dev.fixline.ticketing.TicketText;
import dev.fixline.ticketing.jira.JiraProperties.Flavor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import org.springframework.web.client.RestClient;

/** Trackers pointed at WireMock, the fixtures under {@code src/test/resources/jira/}, and a typical draft. */
final class JiraTestSupport {

    static final String CLOUD_EMAIL = "fixline-bot@example.com";
    static final String CLOUD_TOKEN = "ATATT3xFfGF0-cloud-secret";
    static final String DC_TOKEN = "NjM4MDc2-dc-secret";
    static final String CLOUD_BASIC = "Basic " + Base64.getEncoder()
            .encodeToString((CLOUD_EMAIL + ":" + CLOUD_TOKEN).getBytes(StandardCharsets.UTF_8));
    static final String ISSUE_FIELDS = "status,resolution,assignee,labels,updated,summary";

    private JiraTestSupport() {
    }

    static WireMockExtension wireMock() {
        return WireMockExtension.newInstance().options(WireMockConfiguration.wireMockConfig().dynamicPort()).build();
    }

    static JiraProperties cloud(String baseUrl) {
        return cloud(baseUrl, Duration.ofSeconds(5));
    }

    static JiraProperties cloud(String baseUrl, Duration readTimeout) {
        return new JiraProperties(URI.create(baseUrl), Flavor.CLOUD, CLOUD_EMAIL, CLOUD_TOKEN, null, null, null,
                null, Duration.ofSeconds(2), readTimeout, Duration.ofSeconds(10));
    }

    static JiraProperties dataCenter(String baseUrl) {
        return new JiraProperties(URI.create(baseUrl), Flavor.DATA_CENTER, null, null, DC_TOKEN, "Bug", null, null,
                Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    static JiraTracker tracker(JiraProperties properties) {
        return new JiraTracker(properties, new JiraClient(properties, RestClient.builder()));
    }

    static TicketDraft draft(String assignee) {
        TicketText description = TicketText.builder()
                .heading("Finding")
                .field("Severity", "High")
                .field("Fixed in", "3.0.13")
                .link("Scan", "https://scanner.example/findings/x")
                .bullets(List.of("payments-api:1.4.2", "payments-worker:1.4.2"))
                .build();
        return new TicketDraft("SEC", "CVE-2024-1234 in payments-api (openssl 3.0.2)", description,
                List.of("vuln-remediation", "vr-3f9a1c2e4b"), "High", LocalDate.of(2025, 7, 31), assignee);
    }

    static String fixture(String name) {
        try (InputStream in = JiraTestSupport.class.getResourceAsStream("/jira/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture jira/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
