package dev.fixline.sla;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Small KEV catalogs in the cisagov/kev-data shape, for this package's tests. */
final class KevFiles {

    private KevFiles() {
    }

    /** An entry; {@code fields} is "cveID,dateAdded,dueDate". */
    static String entry(String fields) {
        String[] f = fields.split(",");
        return """
                {"cveID": "%s", "vendorProject": "Vendor", "product": "Product", "vulnerabilityName": "Name",
                 "dateAdded": "%s", "shortDescription": "…", "requiredAction": "Apply updates.", "dueDate": "%s",
                 "knownRansomwareCampaignUse": "Known", "notes": "", "cwes": ["CWE-20"]}"""
                .formatted(f[0], f[1], f[2]);
    }

    static String catalog(String... entries) {
        return """
                {"title": "CISA Catalog of Known Exploited Vulnerabilities", "catalogVersion": "2026.01.01",
                 "dateReleased": "2026-01-01T12:00:00.000Z", "count": %d, "vulnerabilities": [%s]}"""
                .formatted(entries.length, Arrays.stream(entries).map(KevFiles::entry).collect(Collectors.joining(",")));
    }

    static Path write(Path file, String json) throws IOException {
        return Files.writeString(file, json, StandardCharsets.UTF_8);
    }
}
