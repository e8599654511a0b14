package dev.fixline.limits;

import com.fasterxml.jackson.core.StreamReadConstraints;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * What one input may cost before it is refused, checked while it is read, so that no upload, inbox file or
 * webhook can take more memory than these allow (issue 11: a 50 MB row of nested {@code {}} once ended in an
 * {@code OutOfMemoryError}). The defaults are far above anything Defender, the portal or Jira produce.
 *
 * @param maxBodySize         one export: a raw {@code POST /api/sweeps} body, one part of a multipart upload, one
 *                            inbox file (413 beyond it)
 * @param maxRowsPerFile      rows of one export file (413 beyond it)
 * @param maxRowSize          one row of a JSON export (one element of its array of rows) or one CSV record, as
 *                            bytes of the file; what a row costs in memory grows with it (413 beyond it)
 * @param maxNestingDepth     JSON objects and arrays open at once, counted from the top of the document (400)
 * @param maxStringLength     characters of one JSON string value (400)
 * @param maxNameLength       characters of one JSON field name (400)
 * @param maxNumberLength     characters of one JSON number (400)
 * @param maxWebhookBodySize  one Jira webhook delivery, read before its signature is checked (413)
 * @param maxWebhookTokens    JSON tokens of one webhook delivery: what its parsed form costs grows with them (400)
 */
@ConfigurationProperties("fixline.limits")
public record InputLimits(@DefaultValue("512MB") DataSize maxBodySize,
                          @DefaultValue("1000000") int maxRowsPerFile,
                          @DefaultValue("1MB") DataSize maxRowSize,
                          @DefaultValue("100") int maxNestingDepth,
                          @DefaultValue("1000000") int maxStringLength,
                          @DefaultValue("1000") int maxNameLength,
                          @DefaultValue("100") int maxNumberLength,
                          @DefaultValue("10MB") DataSize maxWebhookBodySize,
                          @DefaultValue("500000") long maxWebhookTokens) {

    static final String PREFIX = "fixline.limits.";

    public InputLimits {
        positive("max-body-size", maxBodySize.toBytes());
        positive("max-rows-per-file", maxRowsPerFile);
        positive("max-row-size", maxRowSize.toBytes());
        positive("max-nesting-depth", maxNestingDepth);
        positive("max-string-length", maxStringLength);
        positive("max-name-length", maxNameLength);
        positive("max-number-length", maxNumberLength);
        positive("max-webhook-body-size", maxWebhookBodySize.toBytes());
        positive("max-webhook-tokens", maxWebhookTokens);
    }

    /** The defaults, for code that runs without Spring (tests, tools). */
    public static InputLimits defaults() {
        return new InputLimits(DataSize.ofMegabytes(512), 1_000_000, DataSize.ofMegabytes(1), 100, 1_000_000, 1000,
                100, DataSize.ofMegabytes(10), 500_000);
    }

    /** Jackson's limits for any JSON Fixline reads: exports, request bodies. */
    public StreamReadConstraints json() {
        return StreamReadConstraints.builder().maxNestingDepth(maxNestingDepth).maxStringLength(maxStringLength)
                .maxNameLength(maxNameLength).maxNumberLength(maxNumberLength).build();
    }

    /** As {@link #json()}, and a webhook's body is bounded in tokens too: it is parsed whole. */
    public StreamReadConstraints webhookJson() {
        return json().rebuild().maxTokenCount(maxWebhookTokens).build();
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(PREFIX + name + " must be positive, was " + value);
        }
    }
}
