package dev.fixline.ingest.file;

import dev.fixline.ingest.defender.ExportRows;
import dev.fixline.ingest.defender.SubAssessmentMapper;
import dev.fixline.ingest.defender.JsonProjectionRow;
import dev.fixline.ingest.defender.BlankKeyColumns;
import dev.fixline.limits.AsciiCase;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fixline.finding.SweepFeed;
import dev.fixline.ingest.SweepRejectedException;
import dev.fixline.limits.BoundedInputStream;
import dev.fixline.limits.InputLimits;
import dev.fixline.limits.LimitExceededException;
import dev.fixline.limits.StrictUtf8InputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Streams the rows of a JSON export: a JSON array of rows (Resource Graph's {@code objectArray}), a
 * Resource Graph response body whose {@code data} holds that array, a list body of Defender's
 * sub-assessments REST API ({@code value}, {@code nextLink}), or one sub-assessment object. One row is
 * in memory at a time, and what a file or a row may cost is bounded while it is read ({@link InputLimits}).
 * Rows are read by {@link ExportRows}: container-image sub-assessments and rows of projected columns
 * become observations, sub-assessments of other kinds are counted as ignored.
 */
@Component
public class ArgExportReader {

    /** The shapes a JSON export may have, for refusals. */
    static final String ACCEPTED = "expected a JSON array of rows, a Resource Graph response body with data, a "
            + "REST list body with value, or one sub-assessment";

    private final ObjectMapper json;
    private final InputLimits limits;

    ArgExportReader(ObjectMapper json) {
        this(json, InputLimits.defaults());
    }

    @Autowired
    ArgExportReader(ObjectMapper json, InputLimits limits) {
        // A copy: the limits apply to exports whatever the mapper it was given allows.
        this.json = json.copy();
        this.json.getFactory().setStreamReadConstraints(limits.json());
        this.limits = limits;
    }

    /**
     * Feeds every row to {@code feed}, or rejects the whole file with a {@link SweepRejectedException}.
     *
     * @return empty when the file holds the whole result; otherwise why it does not (the body says
     *         {@code "resultTruncated": "true"}, carries a {@code $skipToken} or a {@code nextLink}, or holds
     *         fewer rows than its {@code totalRecords}), so that the sweep closes nothing
     */
    public Optional<String> read(InputStream in, Duration shift, SweepFeed feed) {
        Part part = readPart(in, shift, feed);
        if (part.observations() == 0 && part.ignoredKinds() != null) {
            throw noContainerRows(part.ignoredKinds());
        }
        return part.incompleteAlone();
    }

    /** A file (or an upload of several) that holds only sub-assessments of other kinds: not a container export. */
    public static SweepRejectedException noContainerRows(String ignoredKinds) {
        return new SweepRejectedException(0, null, "no container-image findings: every row is a sub-assessment "
                + "of another kind (" + ignoredKinds + "). Fixline reads Defender's findings on "
                + "registry images (assessedResourceType AzureContainerRegistryVulnerability, "
                + "AwsContainerRegistryVulnerability, GcpContainerRegistryVulnerability, or the Qualys-era "
                + "ContainerRegistryVulnerability); export them with the query in docs/queries.md");
    }

    /**
     * What one JSON export says about itself: the rows it held (of every kind), and, for a Resource Graph
     * or REST body, its {@code totalRecords}, whether it says its result was truncated, and whether it is
     * one page of several ({@code $skipToken}, {@code nextLink}).
     *
     * @param totalRecords -1 when the file does not say
     * @param truncated    why the result is cut short ({@code resultTruncated: true}), or null
     * @param continuation why more pages follow ({@code $skipToken}, {@code nextLink}), or null
     * @param observations the container-image observations it gave
     * @param ignoredKinds the rows of other kinds it held, by kind ({@code SQL server vulnerability: 2 rows}),
     *                     or null when none
     */
    public record Part(long rows, long totalRecords, String truncated, String continuation, int observations,
                       String ignoredKinds) {

        /** Why this file on its own is not the whole result; empty when it is. */
        public Optional<String> incompleteAlone() {
            if (truncated != null) {
                return Optional.of(truncated);
            }
            if (continuation != null) {
                return Optional.of(continuation);
            }
            if (totalRecords >= 0 && rows < totalRecords) {
                // A body that says it has more records than it holds is one part of a larger result.
                return Optional.of("the export holds " + rows + " of the " + totalRecords + " rows its totalRecords "
                        + "announces");
            }
            return Optional.empty();
        }
    }

    /**
     * As {@link #read}, telling what the file says about itself, so that pages can be put together. A
     * file of only other kinds is not refused here: another page of the same upload may hold container rows.
     */
    public Part readPart(InputStream in, Duration shift, SweepFeed feed) {
        ExportRows rows = new ExportRows(shift);
        BlankKeyColumns blanks = new BlankKeyColumns();
        Cursor row = new Cursor(new BoundedInputStream(new StrictUtf8InputStream(in), limits));
        Part part = null;
        try (JsonParser parser = json.getFactory().createParser(row.input)) {
            // A row that says "Low" and then "Critical" must not silently be the last one it says.
            parser.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            JsonToken first = parser.nextToken();
            row.started = true;
            if (first == null) {
                throw new SweepRejectedException(0, null, "the file is empty");
            }
            if (first == JsonToken.START_ARRAY) {
                readRows(parser, rows, feed, row, blanks);
                part = new Part(row.number, -1, null, null, 0, null);
            } else if (first == JsonToken.START_OBJECT) {
                part = readObject(parser, rows, feed, row, blanks);
            } else {
                throw new SweepRejectedException(0, null, ACCEPTED + "; found " + describe(first));
            }
            if (parser.nextToken() != null) {
                throw new SweepRejectedException(0, null, "unexpected content after the end of the JSON document");
            }
        } catch (LimitExceededException e) {
            throw new SweepRejectedException(row.failing(), e);
        } catch (StreamConstraintsException e) {
            throw new SweepRejectedException(row.failing(), LimitExceededException.of(e, limits));
        } catch (JsonProcessingException e) {
            String reason = String.valueOf(e.getOriginalMessage()).replaceAll("\\s*\\(start marker at .*", "");
            // The parser's own limits (nesting, number and string length) come without a location.
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw new SweepRejectedException(row.failing(), null, "malformed or truncated JSON" + where + ": " + reason
                    + (row.started ? "" : "; the file does not start like JSON (a portal CSV is posted with "
                    + "Content-Type: text/csv)"), e);
        } catch (StrictUtf8InputStream.NotUtf8Exception e) {
            throw new SweepRejectedException(row.failing(), null, e.getMessage(), e);
        } catch (IOException e) {
            throw new SweepRejectedException(row.failing(), null, "the file could not be read: " + e.getMessage(), e);
        }
        blanks.finish();
        return new Part(part.rows(), part.totalRecords(), part.truncated(), part.continuation(), rows.observations(),
                rows.ignoredAny() ? rows.ignoredSummary() : null);
    }

    /**
     * A top-level object: a Resource Graph body ({@code data}), a REST list body ({@code value}), or one
     * row. Rows stream from the array; the other fields are small and kept until the object ends, so that
     * a single sub-assessment can be read as row 1.
     *
     * @return what the body says about itself
     */
    private Part readObject(JsonParser parser, ExportRows rows, SweepFeed feed, Cursor row, BlankKeyColumns blanks)
            throws IOException {
        ObjectNode rest = json.createObjectNode();
        List<String> fields = new ArrayList<>();
        boolean sawRows = false;
        String truncated = null;
        String continuation = null;
        long totalRecords = -1;
        row.input.startRow(); // the fields kept until the object ends are bounded as one row
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (fields.size() < 10) {
                fields.add(SubAssessmentMapper.abbreviate(field));
            }
            if ("data".equals(field) || "value".equals(field)) {
                if (value != JsonToken.START_ARRAY) {
                    throw new SweepRejectedException(0, field, "expected an array of rows"
                            + ("data".equals(field) ? " (result format objectArray); the table format with columns "
                            + "and rows is not supported" : "") + "; found " + describe(value));
                }
                sawRows = true;
                readRows(parser, rows, feed, row, blanks);
                row.input.endRow();
            } else if (("totalRecords".equals(field) || "total_records".equals(field)) && value.isNumeric()) {
                totalRecords = parser.getLongValue();
            } else if ("resultTruncated".equals(field)) {
                if (AsciiCase.equalsIgnoreCase("true", parser.getValueAsString())) {
                    truncated = "the export says its result was truncated (resultTruncated: true)";
                }
            } else if (("$skipToken".equals(field) || "skipToken".equals(field) || "skip_token".equals(field))
                    && value != JsonToken.VALUE_NULL) {
                continuation = "the export is one page of a paged result (it carries a $skipToken)";
                parser.skipChildren();
            } else if ("nextLink".equals(field) && value != JsonToken.VALUE_NULL) {
                continuation = "the export is one page of a REST list (it carries a nextLink to more rows)";
                parser.skipChildren();
            } else if (sawRows) {
                parser.skipChildren(); // facets and the like, after the rows
            } else {
                rest.set(field, parser.readValueAsTree());
            }
        }
        if (!sawRows) {
            if (rest.has("properties") || JsonProjectionRow.of(1, rest) != null) {
                row.number = 1; // one sub-assessment, as GET …/subAssessments/{name} returns it
                rows.read(1, rest, feed);
                return new Part(1, -1, null, null, 0, null);
            }
            throw new SweepRejectedException(0, null, ACCEPTED + "; found " + whatObjectIs(rest, fields));
        }
        return new Part(row.number, totalRecords, truncated, continuation, 0, null);
    }

    /** An Azure error body says what went wrong; anything else is described by its fields. */
    private static String whatObjectIs(ObjectNode object, List<String> fields) {
        JsonNode error = object.get("error");
        if (error != null && error.isObject()) {
            return "an Azure error response (" + SubAssessmentMapper.abbreviate(error.path("code").asText() + ": "
                    + error.path("message").asText()) + ")";
        }
        return fields.isEmpty() ? "an empty object" : "an object with fields " + String.join(", ", fields);
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.toString();
        };
    }

    private void readRows(JsonParser parser, ExportRows rows, SweepFeed feed, Cursor row, BlankKeyColumns blanks)
            throws IOException {
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token == null) {
                throw new SweepRejectedException(row.failing(), null, "the file ends inside the array of rows");
            }
            row.number++;
            if (row.number > limits.maxRowsPerFile()) {
                throw new SweepRejectedException(row.number, LimitExceededException.rows(limits.maxRowsPerFile()));
            }
            if (token != JsonToken.START_OBJECT) {
                throw new SweepRejectedException(row.number, null, "expected a JSON object (a sub-assessment, or a "
                        + "row of projected columns), found " + describe(token));
            }
            row.inside = true;
            row.input.startRow();
            JsonNode node = parser.readValueAsTree();
            row.input.endRow();
            row.inside = false;
            try {
                rows.read(row.number, node, feed);
            } catch (SweepRejectedException e) {
                if (!blanks.setAside(JsonProjectionRow.of(row.number, node), e)) {
                    throw e;
                }
                continue;
            }
            blanks.rowRead();
        }
    }

    /** Where parsing is, so that an error names the row it happened in. */
    private static final class Cursor {
        final BoundedInputStream input;
        int number;
        boolean inside;
        /** Whether the first token was read, so that a file that is not JSON at all can be told apart. */
        boolean started;

        Cursor(BoundedInputStream input) {
            this.input = input;
        }

        int failing() {
            return inside ? number : number + 1;
        }
    }
}
