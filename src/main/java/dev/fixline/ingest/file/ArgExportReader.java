package dev.fixline.ingest.file;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fixline.finding.Observation;
import dev.fixline.ingest.SweepRejectedException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * Streams the rows of a Resource Graph export: a JSON array of rows ({@code objectArray}), or a
 * Resource Graph response body whose {@code data} holds that array. One row is in memory at a time.
 */
@Component
public class ArgExportReader {

    private final ObjectMapper json;

    ArgExportReader(ObjectMapper json) {
        this.json = json;
    }

    /**
     * @return false when the body says {@code "resultTruncated": "true"}, carries a {@code $skipToken}, or
     *         holds fewer rows than its {@code totalRecords}
     */
    public boolean read(InputStream in, Duration shift, Consumer<Observation> sink) {
        ExportRows rows = new ExportRows(shift);
        Cursor row = new Cursor();
        boolean truncated = false;
        long totalRecords = -1;
        try (JsonParser parser = json.getFactory().createParser(in)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new SweepRejectedException(0, null, "the file is empty");
            }
            if (first == JsonToken.START_ARRAY) {
                readRows(parser, rows, sink, row);
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
                        readRows(parser, rows, sink, row);
                    } else if ("totalRecords".equals(field) && value.isNumeric()) {
                        totalRecords = parser.getLongValue();
                    } else if ("resultTruncated".equals(field)) {
                        truncated |= "true".equalsIgnoreCase(parser.getValueAsString());
                    } else if (("$skipToken".equals(field) || "skipToken".equals(field))
                            && value != JsonToken.VALUE_NULL) {
                        truncated = true; // one page of a paged result: more rows exist than the file holds
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
        // A body that says it has more records than it holds is one part of a larger result.
        return !truncated && (totalRecords < 0 || row.number >= totalRecords);
    }

    private void readRows(JsonParser parser, ExportRows rows, Consumer<Observation> sink, Cursor row)
            throws IOException {
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
            rows.read(row.number, node, sink);
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
