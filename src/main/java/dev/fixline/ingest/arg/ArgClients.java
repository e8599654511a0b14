package dev.fixline.ingest.arg;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.core.util.HttpClientOptions;
import com.azure.identity.ClientCertificateCredentialBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.azure.identity.WorkloadIdentityCredentialBuilder;
import com.azure.resourcemanager.resourcegraph.ResourceGraphManager;
import java.net.URI;
import java.time.Clock;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Builds the Resource Graph client from {@link ArgProperties}: endpoint, credential, retries, quota. */
final class ArgClients {

    private ArgClients() {
    }

    record Client(ResourceGraphManager manager, QuotaPolicy quota) {
    }

    static Client build(ArgProperties p, Clock clock) {
        QuotaPolicy quota = new QuotaPolicy(p.quotaReserve(), clock);
        RetryPolicy retry = new RetryPolicy(new PatientRetry(new ExponentialBackoffOptions()
                .setMaxRetries(p.maxRetries()).setBaseDelay(p.retryDelay())
                .setMaxDelay(p.retryDelay().multipliedBy(30)), p.maxRetryAfterWait()));
        HttpClient http = HttpClient.createDefault(new HttpClientOptions().setResponseTimeout(p.timeout())
                .setReadTimeout(p.timeout()));
        AzureProfile profile = new AzureProfile(p.tenantId(), null, environment(p));
        if (p.auth() == ArgProperties.Auth.NONE) {
            requireStubEndpoint(p);
            HttpPipeline pipeline = new HttpPipelineBuilder().httpClient(http).policies(retry, quota).build();
            return new Client(ResourceGraphManager.authenticate(pipeline, profile), quota);
        }
        ResourceGraphManager manager = ResourceGraphManager.configure().withHttpClient(http)
                .withRetryPolicy(retry).withPolicy(quota).authenticate(credential(p), profile);
        return new Client(manager, quota);
    }

    private static AzureEnvironment environment(ArgProperties p) {
        AzureEnvironment cloud = switch (p.cloud()) {
            case AzureCloud -> AzureEnvironment.AZURE;
            case AzureChinaCloud -> AzureEnvironment.AZURE_CHINA;
            case AzureUSGovernment -> AzureEnvironment.AZURE_US_GOVERNMENT;
        };
        if (p.endpoint() == null) {
            return cloud;
        }
        Map<String, String> endpoints = new HashMap<>(cloud.getEndpoints());
        String url = p.endpoint().toString();
        endpoints.put("resourceManagerEndpointUrl", url.endsWith("/") ? url : url + "/");
        return new AzureEnvironment(endpoints);
    }

    /** {@code auth: none} sends no token, so it may only talk to an explicit endpoint that is not Azure's. */
    private static void requireStubEndpoint(ArgProperties p) {
        URI endpoint = p.endpoint();
        if (endpoint == null || endpoint.getHost() == null) {
            throw new IllegalStateException("fixline.arg.auth=none needs an explicit fixline.arg.endpoint "
                    + "(a local stub of Resource Graph)");
        }
        String host = endpoint.getHost().toLowerCase(Locale.ROOT);
        for (ArgProperties.Cloud cloud : ArgProperties.Cloud.values()) {
            if (host.equals(URI.create(cloud.resourceManager()).getHost())) {
                throw new IllegalStateException("fixline.arg.auth=none is refused for " + endpoint
                        + ": Azure needs a credential (auth default, client-secret, client-certificate, "
                        + "managed-identity or workload-identity)");
            }
        }
    }

    private static TokenCredential credential(ArgProperties p) {
        String authority = p.cloud().authority();
        return switch (p.auth()) {
            case DEFAULT -> {
                DefaultAzureCredentialBuilder b = new DefaultAzureCredentialBuilder().authorityHost(authority);
                if (p.tenantId() != null) {
                    b.tenantId(p.tenantId());
                }
                if (p.clientId() != null) {
                    b.managedIdentityClientId(p.clientId());
                }
                yield b.build();
            }
            case CLIENT_SECRET -> new ClientSecretCredentialBuilder().authorityHost(authority)
                    .tenantId(required(p.tenantId(), "tenant-id")).clientId(required(p.clientId(), "client-id"))
                    .clientSecret(required(p.clientSecret(), "client-secret")).build();
            case CLIENT_CERTIFICATE -> {
                ClientCertificateCredentialBuilder b = new ClientCertificateCredentialBuilder()
                        .authorityHost(authority).tenantId(required(p.tenantId(), "tenant-id"))
                        .clientId(required(p.clientId(), "client-id"));
                String path = required(p.certificatePath() == null ? null : p.certificatePath().toString(),
                        "certificate-path");
                yield path.toLowerCase(Locale.ROOT).endsWith(".pem") ? b.pemCertificate(path).build()
                        : b.pfxCertificate(path).clientCertificatePassword(p.certificatePassword()).build();
            }
            case MANAGED_IDENTITY -> {
                ManagedIdentityCredentialBuilder b = new ManagedIdentityCredentialBuilder();
                if (p.clientId() != null) {
                    b.clientId(p.clientId()); // a user-assigned identity
                }
                yield b.build();
            }
            case WORKLOAD_IDENTITY -> {
                WorkloadIdentityCredentialBuilder b = new WorkloadIdentityCredentialBuilder().authorityHost(authority);
                if (p.tenantId() != null) {
                    b.tenantId(p.tenantId());
                }
                if (p.clientId() != null) {
                    b.clientId(p.clientId());
                }
                yield b.build();
            }
            case NONE -> throw new IllegalStateException("no credential for auth none");
        };
    }

    private static String required(String value, String property) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("fixline.arg." + property + " is required for this fixline.arg.auth");
        }
        return value;
    }
}
