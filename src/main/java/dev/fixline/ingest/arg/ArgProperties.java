package dev.fixline.ingest.arg;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Azure Resource Graph source.
 *
 * @param endpoint the resource manager endpoint; default the cloud's. Required with {@code auth: none}.
 * @param subscriptions subscription ids to query; with management groups empty too, the whole tenant
 * @param schedule when scheduled sweeps run (Quartz-style cron, seconds first, in UTC)
 * @param quotaReserve slow down when fewer queries than this remain in the quota window
 * @param maxRetryAfterWait the longest {@code Retry-After} (of a 429 or 503) a sweep waits out itself; a longer
 *        one fails the sweep, which is tried again after that time
 * @param failedSweepRetry when a sweep that could not read Resource Graph at all is tried again
 */
@ConfigurationProperties("fixline.arg")
public record ArgProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("AzureCloud") Cloud cloud,
        URI endpoint,
        @DefaultValue("default") Auth auth,
        String tenantId,
        String clientId,
        String clientSecret,
        Path certificatePath,
        String certificatePassword,
        @DefaultValue List<String> subscriptions,
        @DefaultValue List<String> managementGroups,
        String query,
        @DefaultValue("1000") int pageSize,
        @DefaultValue("0 0 6 * * ?") String schedule,
        @DefaultValue("1") int quotaReserve,
        @DefaultValue("5") int maxRetries,
        @DefaultValue("PT1S") Duration retryDelay,
        @DefaultValue("PT60S") Duration timeout,
        @DefaultValue("PT60S") Duration maxRetryAfterWait,
        @DefaultValue FailedSweepRetry failedSweepRetry) {

    public ArgProperties {
        maxRetryAfterWait = maxRetryAfterWait == null ? Duration.ofSeconds(60) : maxRetryAfterWait;
        failedSweepRetry = failedSweepRetry == null
                ? new FailedSweepRetry(Duration.ofMinutes(15), Duration.ofHours(4), Duration.ofMinutes(1))
                : failedSweepRetry;
    }

    /**
     * A FAILED sweep (Resource Graph unreachable, throttling, no access) is tried again {@code first} after it
     * failed, each wait twice the one before up to {@code max}, until one reads; the scheduled sweeps go on
     * besides. Each node looks every {@code check} whether a retry is due.
     */
    public record FailedSweepRetry(@DefaultValue("PT15M") Duration first, @DefaultValue("PT4H") Duration max,
                                   @DefaultValue("PT1M") Duration check) {

        public FailedSweepRetry {
            if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
                throw new IllegalArgumentException("fixline.arg.failed-sweep-retry: first must be positive and max "
                        + "at least as long, were " + first + " and " + max);
            }
        }

        /** The wait after the n-th failed sweep in a row (1-based). */
        public Duration after(int failures) {
            Duration wait = first;
            for (int i = 1; i < failures && wait.compareTo(max) < 0; i++) {
                wait = wait.multipliedBy(2);
            }
            return wait.compareTo(max) > 0 ? max : wait;
        }
    }

    /**
     * The default query: Defender's registry-image findings (MDVM for Azure, AWS and GCP registries, and
     * the retired Qualys ones while a tenant still has them), one row per CVE and package. Rows of every status come back: an exempt
     * (NotApplicable) row keeps its finding present, so an exemption never looks like a fix.
     */
    public static final String DEFAULT_QUERY = """
            securityresources
            | where type =~ "microsoft.security/assessments/subassessments"
            | extend assessmentKey = tolower(extract(@"(?i)providers/Microsoft.Security/assessments/([^/]*)", 1, id))
            | where assessmentKey in ("c0b7cfc6-3172-465a-b378-53c7ff2cc0d5", "33422d8f-ab1e-42be-bc9a-38685bb567b9",
                "dbd0cb49-b563-45e7-9724-889e799fa648", "c27441ae-775c-45be-8ffa-655de37362ce",
                "5cc3a2c1-8397-456f-8792-fe9d0d4c9145")
            | project id, subscriptionId, resourceGroup, properties
            | order by id asc""";

    /** Secrets stay out of logs and error messages. */
    @Override
    public String toString() {
        return "ArgProperties[enabled=" + enabled + ", cloud=" + cloud + ", endpoint=" + endpoint + ", auth=" + auth
                + ", tenantId=" + tenantId + ", clientId=" + clientId + ", clientSecret="
                + (clientSecret == null ? null : "***") + ", certificatePath=" + certificatePath
                + ", subscriptions=" + subscriptions + ", managementGroups=" + managementGroups + ", schedule="
                + schedule + "]";
    }

    public String effectiveQuery() {
        return query == null || query.isBlank() ? DEFAULT_QUERY : query;
    }

    /** How Fixline signs in to Azure. */
    public enum Auth {
        /** DefaultAzureCredential: environment, workload identity, managed identity, Azure CLI… */
        DEFAULT,
        CLIENT_SECRET,
        CLIENT_CERTIFICATE,
        MANAGED_IDENTITY,
        WORKLOAD_IDENTITY,
        /** No token at all: only for a local stub at an explicit, non-Azure endpoint. */
        NONE
    }

    public enum Cloud {
        AzureCloud("https://management.azure.com/", "https://login.microsoftonline.com/"),
        AzureChinaCloud("https://management.chinacloudapi.cn/", "https://login.chinacloudapi.cn/"),
        AzureUSGovernment("https://management.usgovcloudapi.net/", "https://login.microsoftonline.us/");

        private final String resourceManager;
        private final String authority;

        Cloud(String resourceManager, String authority) {
            this.resourceManager = resourceManager;
            this.authority = authority;
        }

        public String resourceManager() {
            return resourceManager;
        }

        public String authority() {
            return authority;
        }
    }
}
