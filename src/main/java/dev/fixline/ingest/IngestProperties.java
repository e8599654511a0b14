package dev.fixline.ingest;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

@ConfigurationProperties("fixline")
public record IngestProperties(@DefaultValue Ingest ingest, @DefaultValue Samples samples) {

    public record Ingest(@DefaultValue Inbox inbox) {
    }

    /** A folder watched for exports: imported files move to processed/, refused ones to rejected/. */
    public record Inbox(@DefaultValue("false") boolean enabled, @DefaultValue("./data/inbox") Path path,
                        @DefaultValue("PT10S") Duration pollInterval) {
    }

    /**
     * Sample exports imported on first start (when no sweep exists yet), with their times shifted so
     * that {@code referenceTime} becomes the moment of the import.
     */
    public record Samples(@DefaultValue("false") boolean importOnFirstStart, @DefaultValue List<Path> files,
                          Instant referenceTime) {
    }
}
