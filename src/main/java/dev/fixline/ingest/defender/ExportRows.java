package dev.fixline.ingest.defender;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fixline.finding.Observation;
import dev.fixline.finding.SweepFeed;
import dev.fixline.ingest.SweepRejectedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads one row of a JSON export or a Resource Graph page by its shape: a sub-assessment of a
 * registry's images (an object with {@code properties}; MDVM, or Qualys-era by {@link QualysRowMapper}),
 * a sub-assessment of another kind (SQL,
 * server, running containers: counted as ignored), or a flat row of projected columns (such as the
 * query in Microsoft's blog post on container-registry scanning), read by the same column mapping as
 * a portal CSV.
 */
public final class ExportRows {

    /** Kinds kept by name for messages; a strange file cannot make a message of every row. */
    private static final int MAX_KINDS = 20;
    /** The sweep report keeps a kind in 256 characters; Defender's are under 100. */
    private static final int MAX_KIND_LENGTH = 200;

    private final SubAssessmentMapper subAssessments;
    private final PortalCsvRowMapper projections;
    private final QualysRowMapper qualys;
    private final Map<String, Integer> ignored = new TreeMap<>();
    private int observations;

    public ExportRows(Duration shift) {
        this.subAssessments = new SubAssessmentMapper(shift);
        this.projections = new PortalCsvRowMapper(shift);
        this.qualys = new QualysRowMapper(shift);
    }

    /**
     * @return how many observations the row gave the feed: 0 for a row of another kind
     * @throws SweepRejectedException naming the row and field when the row cannot be read
     */
    public int read(int row, JsonNode node, SweepFeed feed) {
        JsonProjectionRow projection = JsonProjectionRow.of(row, node);
        if (projection != null) {
            feed.accept(ObservationLimits.checked(projections.map(projection)));
            observations++;
            return 1;
        }
        if (!node.has("properties")) {
            throw new SweepRejectedException(row, null, "expected a sub-assessment (an object with id and "
                    + "properties) or a row of projected columns (such as repositoryName, imageDigest, vulnName, "
                    + "packageName, scanFindingSeverity); found " + describe(node));
        }
        String otherKind = SubAssessmentKinds.otherKind(node);
        if (otherKind != null) {
            ObservationLimits.text(row, "kind (properties.additionalData.assessedResourceType, or the type in id)",
                    otherKind, MAX_KIND_LENGTH);
            feed.ignore(row, otherKind, node.path("id").asText(null));
            ignored.merge(ignored.size() < MAX_KINDS || ignored.containsKey(otherKind) ? otherKind : "(other kinds)",
                    1, Integer::sum);
            return 0;
        }
        if (QualysRowMapper.isQualys(node)) {
            List<Observation> perCve = qualys.map(row, node);
            perCve.forEach(o -> feed.accept(ObservationLimits.checked(o)));
            observations += perCve.size();
            return perCve.size();
        }
        feed.accept(ObservationLimits.checked(subAssessments.map(row, node)));
        observations++;
        return 1;
    }

    /** Observations read so far. */
    public int observations() {
        return observations;
    }

    /** The rows of other kinds so far, for a message: {@code SqlServerVulnerability (SQL …): 2 rows, …}. */
    public String ignoredSummary() {
        List<String> kinds = new ArrayList<>();
        ignored.forEach((kind, rows) -> kinds.add(SubAssessmentKinds.described(kind) + ": " + rows
                + (rows == 1 ? " row" : " rows")));
        return String.join(", ", kinds);
    }

    public boolean ignoredAny() {
        return !ignored.isEmpty();
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
