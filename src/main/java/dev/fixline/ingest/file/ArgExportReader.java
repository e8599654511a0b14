package dev.fixline.ingest.file;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fixline.finding.SweepFeed;
import dev.fixline.ingest.SweepRejectedException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Streams the rows of a Resource Graph export: a JSON array of rows ({@code objectArray}), or a
 * Resource Graph response body whose {@code data} holds that array. One row is in memory at a time.
 * Rows are read by {@link ExportRows}: container-image sub-assessments and rows of projected columns
 * become observations, sub-assessments of other kinds are counted as ignored.
 */
@Component
public class ArgExportReader {

    private final ObjectMapper json;

    ArgExportReader(ObjectMapper json) {
        this.json = json;
    }

    /**
     * Feeds every row to {@code feed}, or rejects the whole file with a {@link SweepRejectedException}.
     *
     * @return empty when the file holds the whole result; otherwise why it does not (the body says
     *         {@code "resultTruncated": "true"}, carries a {@code $skipToken}, or holds fewer rows than
     *         its {@code totalRecords}), so that the sweep closes nothing
     */
    public Optional<String> read(InputStream in, Duration shift, SweepFeed feed) {
        ExportRows rows = new ExportRows(shift);
        Cursor row = new Cursor();
        String incomplete = null;
        long totalRecords = -1;
        try (JsonParser parser = json.getFactory().createParser(in)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new SweepRejectedException(0, null, "the file is empty");
            }
            if (first == JsonToken.START_ARRAY) {
                readRows(parser, rows, feed, row);
            } else if (first == JsonToken.START_OBJECT) {
                boolean sawData = false;
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if ("data".equals(field)) {
                        if (value != JsonToken.START_ARRAY) {
                            throw new SweepRejectedException(0, "data", "expected an array of rows (result format "
                                    + "objectArray); the table format with columns and rows is not supported");
                        }
                        sawData = true;
                        readRows(parser, rows, feed, row);
                    } else if ("totalRecords".equals(field) && value.isNumeric()) {
                        totalRecords = parser.getLongValue();
                    } else if ("resultTruncated".equals(field)) {
                        if ("true".equalsIgnoreCase(parser.getValueAsString())) {
                            incomplete = "the export says its result was truncated (resultTruncated: true)";
                        }
                    } else if (("$skipToken".equals(field) || "skipToken".equals(field))
                            && value != JsonToken.VALUE_NULL) {
                        // one page of a paged result: more rows exist than the file holds
                        incomplete = "the export is one page of a paged result (it carries a $skipToken)";
                        parser.skipChildren();
                    } else {
                        parser.skipChildren();
                    }
                }
                if (!sawData) {
                    throw new SweepRejectedException(0, "data",
                            "a Resource Graph response body must have a data array of rows");
                }
            } else {
                throw new SweepRejectedException(0, null,
                        "expected a JSON array of rows or a Resource Graph response body with data, found " + first);
            }
            if (parser.nextToken() != null) {
                throw new SweepRejectedException(0, null, "unexpected content after the end of the JSON document");
            }
        } catch (JsonProcessingException e) {
            String reason = e.getOriginalMessage().replaceAll("\\s*\\(start marker at .*", "");
            throw new SweepRejectedException(row.failing(), null, "malformed or truncated JSON at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": " + reason, e);
        } catch (IOException e) {
            throw new SweepRejectedException(row.failing(), null, "the file could not be read: " + e.getMessage(), e);
        }
        if (rows.observations() == 0 && rows.ignoredAny()) {
            throw new SweepRejectedException(0, null, "no container-image findings: every row is a sub-assessment "
                    + "of another kind (" + rows.ignoredSummary() + "). Fixline reads Defender's findings on "
                    + "registry images (assessedResourceType AzureContainerRegistryVulnerability, "
                    + "AwsContainerRegistryVulnerability, GcpContainerRegistryVulnerability, or the Qualys-era "
                    + "ContainerRegistryVulnerability); export them with the query in docs/queries.md");
        }
        if (incomplete == null && totalRecords >= 0 && row.number < totalRecords) {
            // A body that says it has more records than it holds is one part of a larger result.
            incomplete = "the export holds " + row.number + " of the " + totalRecords + " rows its totalRecords "
                    + "announces";
        }
        return Optional.ofNullable(incomplete);
    }

    private void readRows(JsonParser parser, ExportRows rows, SweepFeed feed, Cursor row) throws IOException {
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token == null) {
                throw new SweepRejectedException(row.failing(), null, "the file ends inside the array of rows");
            }
            row.number++;
            if (token != JsonToken.START_OBJECT) {
                throw new SweepRejectedException(row.number, null, "expected a JSON object, found " + token);
            }
            row.inside = true;
            JsonNode node = parser.readValueAsTree();
            row.inside = false;
            rows.read(row.number, node, feed);
        }
    }

    /** Where parsing is, so that an error names the row it happened in. */
    private static final class Cursor {
        int number;
        boolean inside;

        int failing() {
            return inside ? number : number + 1;
        }
    }
}
