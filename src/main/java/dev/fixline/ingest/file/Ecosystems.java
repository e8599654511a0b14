package dev.fixline.ingest.file;

import java.util.Locale;

/**
 * A first guess of a package's ecosystem from what Defender reports: the OS of OS packages, the
 * language of language packages. Unknown stays null, so versions are then not compared.
 */
final class Ecosystems {

    private Ecosystems() {
    }

    static String infer(SubAssessmentMapper.Fields f) {
        String software = "properties.additionalData.softwareDetails.";
        String category = lower(f.text(software + "category"));
        if ("language".equals(category)) {
            return language(lower(f.text(software + "language")));
        }
        String os = lower(f.text(software + "osDetails.osVersion")) + " " + lower(f.text(software + "osDetails.osName"))
                + " " + lower(f.text(software + "vendor"));
        if (os.contains("ubuntu") || os.contains("debian")) {
            return "dpkg";
        }
        if (os.contains("alpine")) {
            return "apk";
        }
        if (os.contains("rhel") || os.contains("red hat") || os.contains("centos") || os.contains("fedora")
                || os.contains("mariner") || os.contains("azurelinux") || os.contains("amazon")
                || os.contains("rocky") || os.contains("alma") || os.contains("oracle") || os.contains("suse")) {
            return "rpm";
        }
        return null;
    }

    private static String language(String language) {
        return switch (language) {
            case "javascript", "nodejs", "node", "npm", "typescript" -> "npm";
            case "python", "pypi" -> "pypi";
            case "java", "maven" -> "maven";
            case "go", "golang" -> "go";
            case "dotnet", ".net", "csharp", "nuget" -> "nuget";
            default -> null;
        };
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
