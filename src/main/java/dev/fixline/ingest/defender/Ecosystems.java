package dev.fixline.ingest.defender;

import dev.fixline.limits.AsciiCase;

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
        return infer(f.text(SOFTWARE + "category"), f.text(SOFTWARE + "language"),
                join(f.text(SOFTWARE + "osDetails.osVersion"), f.text(SOFTWARE + "osDetails.osName"),
                        f.text(SOFTWARE + "vendor")),
                f.joinedTexts(SOFTWARE + "evidence"));
    }

    /**
     * The same inference from plain values, for sources that are not JSON rows (the portal CSV).
     *
     * @param osText   whatever names the operating system (version, name, vendor), in any case
     * @param evidence the scanner's evidence, joined; any value may be null
     */
    static String infer(String category, String language, String osText, String evidence) {
        String lowerCategory = lower(category);
        String lowerEvidence = lower(evidence);
        if ("language".equals(lowerCategory)) {
            String named = language(lower(language));
            return named != null ? named : fromLanguageEvidence(lowerEvidence);
        }
        String manager = fromPackageManagerEvidence(lowerEvidence);
        if (manager != null) {
            return manager;
        }
        if (!"os".equals(lowerCategory)) {
            // Without the OS category, the image's OS says nothing about the package: it may be an npm one.
            return fromLanguageEvidence(lowerEvidence);
        }
        return fromOperatingSystem(lower(osText));
    }

    private static String join(String... parts) {
        StringBuilder joined = new StringBuilder();
        for (String part : parts) {
            joined.append(part == null ? "" : part).append(' ');
        }
        return joined.toString();
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
        return s == null ? "" : AsciiCase.lower(s);
    }
}
