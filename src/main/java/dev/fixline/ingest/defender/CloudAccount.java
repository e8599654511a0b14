package dev.fixline.ingest.defender;

import dev.fixline.limits.AsciiCase;
import dev.fixline.finding.Cloud;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cloud a registry is in and the account that owns it: the Azure subscription, the AWS account id
 * or the GCP project id. Read from what Defender says about the assessed resource, else from the
 * registry host and repository, whose forms name the account in AWS and the project in GCP.
 *
 * @param account null when nothing in the row names it
 */
record CloudAccount(Cloud cloud, String account) {

    /**
     * {@code <account>.dkr.ecr.<region>.amazonaws.com}, with {@code .com.cn} in China, {@code ecr-fips}
     * endpoints and the dual-stack {@code <account>.dkr-ecr.<region>.on.aws}.
     */
    private static final Pattern ECR_HOST = Pattern.compile(
            "(?i)^(\\d{12})\\.dkr[.-]ecr(?:-fips)?\\.[a-z0-9-]+\\.(?:amazonaws\\.com(?:\\.cn)?|on\\.aws)$");
    /** Artifact Registry ({@code <region>-docker.pkg.dev}) and Container Registry ({@code [us.|eu.|asia.]gcr.io}). */
    private static final Pattern GCP_HOST = Pattern.compile(
            "(?i)^(?:[a-z0-9-]+-docker\\.pkg\\.dev|(?:[a-z]+\\.)?gcr\\.io)$");
    /** An ECR ARN: {@code arn:aws:ecr:<region>:<account>:repository/…} (also {@code aws-cn}, {@code aws-us-gov}). */
    private static final Pattern ECR_ARN = Pattern.compile("(?i)^arn:[a-z-]+:ecr:[^:]*:(\\d{12}):");
    /** A GCP resource name: {@code projects/<project>/locations/…}. */
    private static final Pattern GCP_RESOURCE = Pattern.compile("(?i)(?:^|/)projects/([^/]+)/");

    /** The cloud that a registry host's form belongs to: AWS for ECR, GCP for GAR and GCR, else null. */
    static Cloud cloudOfHost(String host) {
        if (host == null) {
            return null;
        }
        if (ECR_HOST.matcher(host).matches()) {
            return Cloud.AWS;
        }
        return GCP_HOST.matcher(host).matches() ? Cloud.GCP : null;
    }

    /**
     * A registry reached through a security connector.
     *
     * @param hierarchyId      {@code resourceDetails.hierarchyId}: the AWS account id; for GCP Microsoft's
     *                         example shows the project <em>number</em>, so it is the last resort there
     * @param nativeIdentifier {@code resourceDetails.nativeCloudUniqueIdentifier}: an ARN, or a GCP resource name
     */
    static CloudAccount connector(Cloud cloud, String hierarchyId, String nativeIdentifier, String host,
                                  String repository) {
        String account = switch (cloud) {
            case AWS -> firstNonNull(hierarchyId, group(ECR_ARN, nativeIdentifier), group(ECR_HOST, host));
            case GCP -> firstNonNull(group(GCP_RESOURCE, nativeIdentifier), projectInPath(host, repository),
                    hierarchyId);
            case AZURE -> null;
        };
        return new CloudAccount(cloud, account);
    }

    /**
     * A row that says no more than its registry host and repository (a CSV export): an ECR, GAR or GCR
     * host is AWS's or GCP's, any other host Azure's, whose account is the subscription.
     */
    static CloudAccount ofRegistry(String host, String repository, String subscriptionId) {
        Cloud cloud = cloudOfHost(host);
        return cloud == null ? new CloudAccount(Cloud.AZURE, subscriptionId)
                : connector(cloud, null, null, host, repository);
    }

    /** GAR and GCR repositories start with the project: {@code <project>/<repository>/<image>}. */
    private static String projectInPath(String host, String repository) {
        if (host == null || repository == null || !GCP_HOST.matcher(host).matches()) {
            return null;
        }
        int slash = repository.indexOf('/');
        return slash > 0 ? repository.substring(0, slash) : null;
    }

    private static String group(Pattern pattern, String text) {
        if (text == null) {
            return null;
        }
        Matcher m = pattern.matcher(text.trim());
        return m.find() ? AsciiCase.lower(m.group(1)) : null;
    }

    private static String firstNonNull(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return null;
    }
}
