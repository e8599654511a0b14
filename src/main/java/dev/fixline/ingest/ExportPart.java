package dev.fixline.ingest;

import dev.fixline.limits.AsciiCase;
import java.io.InputStream;

/**
 * One file of several imported as one sweep: the pages of one Resource Graph query, or one file per
 * subscription. Its format comes from its content type, else its file name, else its first character.
 *
 * @param name        the file name as uploaded; may be null
 * @param contentType the part's content type; may be null
 */
public record ExportPart(String name, String contentType, InputStream content) {

    enum Format { JSON, CSV, UNKNOWN }

    /** What the part says it is, before its content is looked at. */
    Format declaredFormat() {
        String type = contentType == null ? "" : AsciiCase.lower(contentType);
        if (type.contains("json")) {
            return Format.JSON;
        }
        if (type.contains("csv")) {
            return Format.CSV;
        }
        String file = name == null ? "" : AsciiCase.lower(name);
        if (file.endsWith(".json")) {
            return Format.JSON;
        }
        if (file.endsWith(".csv")) {
            return Format.CSV;
        }
        return Format.UNKNOWN;
    }
}
