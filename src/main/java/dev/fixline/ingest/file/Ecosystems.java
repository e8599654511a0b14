package dev.fixline.ingest.file;

import java.util.Locale;

/**
 * The package ecosystem of a row, from what Defender reports: the language of language packages,
 * the package manager named by the evidence (the command or file the scanner read), else the OS.
 * Unknown stays null, so versions are then not compared. Names are those of
 * {@code dev.fixline.finding.version.Versions}.
 */
final class Ecosystems {

    private static final String SOFTWARE = "properties.additionalData.softwareDetails.";

    private Ecosystems() {
    }

    static String infer(SubAssessmentMapper.Fields f) {
        String category = lower(f.text(SOFTWARE + "category"));
        String evidence = lower(f.joinedTexts(SOFTWARE + "evidence"));
        if ("language".equals(category)) {
            String language = language(lower(f.text(SOFTWARE + "language")));
            return language != null ? language : fromLanguageEvidence(evidence);
        }
        String manager = fromPackageManagerEvidence(evidence);
        if (manager != null) {
            return manager;
        }
        if (category.isEmpty()) {
            String language = fromLanguageEvidence(evidence);
            if (language != null) {
                return language;
            }
        }
        return fromOperatingSystem(lower(f.text(SOFTWARE + "osDetails.osVersion")) + " "
                + lower(f.text(SOFTWARE + "osDetails.osName")) + " " + lower(f.text(SOFTWARE + "vendor")));
    }

    private static String language(String language) {
        return switch (language) {
            case "javascript", "nodejs", "node", "node.js", "npm", "typescript" -> "npm";
            case "python", "pypi", "pip" -> "pypi";
            case "java", "maven", "kotlin", "scala" -> "maven";
            case "go", "golang" -> "go";
            case "dotnet", ".net", "csharp", "c#", "nuget" -> "nuget";
            default -> null;
        };
    }

    /** Files a language scanner read: {@code node_modules/x/package.json}, {@code x.jar}, {@code site-packages}. */
    private static String fromLanguageEvidence(String evidence) {
        if (evidence.contains("node_modules") || evidence.contains("package-lock.json")) {
            return "npm";
        }
        if (evidence.contains("site-packages") || evidence.contains(".dist-info") || evidence.contains(".egg-info")) {
            return "pypi";
        }
        if (evidence.contains(".jar") || evidence.contains("pom.properties")) {
            return "maven";
        }
        if (evidence.contains(".deps.json") || evidence.contains(".nupkg")) {
            return "nuget";
        }
        if (evidence.contains("go.mod") || evidence.contains("go.sum")) {
            return "go";
        }
        return null;
    }

    /** Commands and databases of OS package managers: {@code dpkg-query}, {@code rpm -q}, {@code /lib/apk/db}. */
    private static String fromPackageManagerEvidence(String evidence) {
        if (evidence.contains("dpkg-query") || evidence.contains("/var/lib/dpkg")) {
            return "dpkg";
        }
        if (evidence.contains("/lib/apk/db") || evidence.contains("apk info") || evidence.contains("apk list")) {
            return "apk";
        }
        if (evidence.contains("rpm -q") || evidence.contains("/var/lib/rpm") || evidence.contains("rpmdb")) {
            return "rpm";
        }
        return null;
    }

    private static String fromOperatingSystem(String os) {
        if (os.contains("ubuntu") || os.contains("debian")) {
            return "dpkg";
        }
        if (os.contains("alpine") || os.contains("wolfi")) {
            return "apk";
        }
        if (os.contains("rhel") || os.contains("red hat") || os.contains("redhat") || os.contains("centos")
                || os.contains("fedora") || os.contains("mariner") || os.contains("azurelinux")
                || os.contains("azure_linux") || os.contains("amazon") || os.contains("rocky") || os.contains("alma")
                || os.contains("oracle") || os.contains("suse")) {
            return "rpm";
        }
        return null;
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
