package dev.fixline.ticketing.jira;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where Fixline's Jira is and how it signs in. Without {@code base-url} Jira is not configured and nothing
 * else is checked.
 *
 * @param baseUrl             the site, e.g. {@code https://acme.atlassian.net} or {@code https://jira.example.com/jira}
 * @param email               Cloud: the service account's mail address (Basic auth user)
 * @param apiToken            Cloud: its API token (Basic auth password)
 * @param personalAccessToken Data Center: the personal access token ({@code Authorization: Bearer})
 * @param doneTransition      the transition name that closes a ticket; else the first into status category {@code done}
 * @param reopenTransition    the transition name that reopens one; else the first into status category {@code new}
 * @param maxRetryAfterWait   the longest {@code Retry-After} of a 429 the client waits out itself before retrying once
 */
@ConfigurationProperties("fixline.ticketing.jira")
public record JiraProperties(URI baseUrl,
                             @DefaultValue("CLOUD") Flavor flavor,
                             String email,
                             String apiToken,
                             String personalAccessToken,
                             @DefaultValue("Task") String issueType,
                             @DefaultValue("Done") String doneTransition,
                             @DefaultValue("Reopen") String reopenTransition,
                             @DefaultValue("PT5S") Duration connectTimeout,
                             @DefaultValue("PT30S") Duration readTimeout,
                             @DefaultValue("PT10S") Duration maxRetryAfterWait) {

    private static final String PREFIX = "fixline.ticketing.jira.";

    /** Which Jira: the REST version, the text format and the user reference differ. */
    public enum Flavor {
        /** Jira Cloud: REST v3, Atlassian Document Format, users by {@code accountId}. */
        CLOUD("/rest/api/3", "jira-cloud"),
        /** Jira Data Center / Server: REST v2, wiki markup, users by {@code name}. */
        DATA_CENTER("/rest/api/2", "jira-data-center");

        private final String apiPath;
        private final String trackerName;

        Flavor(String apiPath, String trackerName) {
            this.apiPath = apiPath;
            this.trackerName = trackerName;
        }

        String apiPath() {
            return apiPath;
        }

        String trackerName() {
            return trackerName;
        }

        /** The property that names a user in request bodies. */
        String userRefField() {
            return this == CLOUD ? "accountId" : "name";
        }

        TextRenderer renderer() {
            return this == CLOUD ? new AdfRenderer() : new WikiRenderer();
        }
    }

    public JiraProperties {
        // Defaults again for code that builds the record itself (tests) rather than binding it.
        flavor = flavor == null ? Flavor.CLOUD : flavor;
        issueType = blank(issueType) ? "Task" : issueType;
        doneTransition = blank(doneTransition) ? "Done" : doneTransition;
        reopenTransition = blank(reopenTransition) ? "Reopen" : reopenTransition;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
        readTimeout = readTimeout == null ? Duration.ofSeconds(30) : readTimeout;
        maxRetryAfterWait = maxRetryAfterWait == null ? Duration.ofSeconds(10) : maxRetryAfterWait;
        if (baseUrl != null) {
            if (flavor == Flavor.CLOUD) {
                require(email, "email", flavor);
                require(apiToken, "api-token", flavor);
            } else {
                require(personalAccessToken, "personal-access-token", flavor);
            }
        }
    }

    private static void require(String value, String property, Flavor flavor) {
        if (blank(value)) {
            throw new IllegalArgumentException(PREFIX + property + " is required when " + PREFIX
                    + "base-url is set and " + PREFIX + "flavor is " + flavor);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    public boolean configured() {
        return baseUrl != null;
    }

    /** The base URL without user info or a trailing slash: safe to log and to append paths to. */
    String site() {
        if (baseUrl == null) {
            return null;
        }
        String s;
        try {
            s = new URI(baseUrl.getScheme(), null, baseUrl.getHost(), baseUrl.getPort(), baseUrl.getPath(), null, null)
                    .toString();
        } catch (URISyntaxException e) {
            s = baseUrl.toString();
        }
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** No secret ever: the tokens are shown only as set or not. */
    @Override
    public String toString() {
        return "JiraProperties[baseUrl=" + site() + ", flavor=" + flavor + ", email=" + email
                + ", apiToken=" + shown(apiToken) + ", personalAccessToken=" + shown(personalAccessToken)
                + ", issueType=" + issueType + ", doneTransition=" + doneTransition
                + ", reopenTransition=" + reopenTransition + ", connectTimeout=" + connectTimeout
                + ", readTimeout=" + readTimeout + ", maxRetryAfterWait=" + maxRetryAfterWait + "]";
    }

    private static String shown(String secret) {
        return blank(secret) ? "(not set)" : "(set)";
    }
}
