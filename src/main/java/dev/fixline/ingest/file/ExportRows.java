package dev.fixline.ingest.file;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fixline.finding.Observation;
import dev.fixline.ingest.SweepRejectedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads one row of a JSON export by its shape: a sub-assessment (an object with {@code properties}),
 * or a flat row of projected columns (such as the query in Microsoft's blog post on container-registry
 * scanning), which is read by the same column mapping as a portal CSV.
 */
public final class ExportRows {

    private final SubAssessmentMapper subAssessments;
    private final PortalCsvRowMapper projections;

    public ExportRows(Duration shift) {
        this.subAssessments = new SubAssessmentMapper(shift);
        this.projections = new PortalCsvRowMapper(shift);
    }

    /**
     * @return how many observations the row gave
     * @throws SweepRejectedException naming the row and field when the row cannot be read
     */
    public int read(int row, JsonNode node, Consumer<Observation> sink) {
        JsonProjectionRow projection = JsonProjectionRow.of(row, node);
        if (projection != null) {
            sink.accept(ObservationLimits.checked(projections.map(projection)));
            return 1;
        }
        if (!node.has("properties")) {
            throw new SweepRejectedException(row, null, "expected a sub-assessment (an object with id and "
                    + "properties) or a row of projected columns (such as repositoryName, imageDigest, vulnName, "
                    + "packageName, scanFindingSeverity); found " + describe(node));
        }
        sink.accept(ObservationLimits.checked(subAssessments.map(row, node)));
        return 1;
    }

    /** What an object looks like in a message: its first field names. */
    static String describe(JsonNode object) {
        if (object.isEmpty()) {
            return "an empty object";
        }
        List<String> names = new ArrayList<>();
        Iterator<String> fields = object.fieldNames();
        while (fields.hasNext() && names.size() < 10) {
            names.add(SubAssessmentMapper.abbreviate(fields.next()));
        }
        return "an object with fields " + String.join(", ", names) + (fields.hasNext() ? ", …" : "");
    }
}
