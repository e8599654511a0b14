package dev.fixline.finding.version;

import static dev.fixline.finding.version.Ascii.allDigits;
import static dev.fixline.finding.version.Ascii.compareNumbers;
import static dev.fixline.finding.version.Ascii.isDigit;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * PEP 440 ordering as pypa/packaging implements it in {@code src/packaging/version.py}.
 *
 * <p>Parsing accepts exactly what {@code Version} accepts: {@code VERSION_PATTERN} matched in full,
 * case-insensitively, with surrounding whitespace ignored. The pattern is walked by hand, taking
 * at each optional part the first alternative that matches, as the regex's possessive groups do:
 * {@code v? (N!)? N(.N)* pre? post? dev? (+local)?} where
 *
 * <ul>
 *   <li>pre is {@code [._-]? (alpha|a|beta|b|preview|pre|c|rc) [._-]? N?}, implicit number 0;
 *   <li>post is {@code -N} or {@code [._-]? (post|rev|r) [._-]? N?};
 *   <li>dev is {@code [._-]? dev [._-]? N?};
 *   <li>local is ASCII alphanumeric parts separated by {@code [._-]}.
 * </ul>
 *
 * <p>Comparison follows {@code _cmpkey}: epoch; release without trailing zeros; then
 * (pre rank, pre number, post rank, post number, dev rank, dev number) where a dev-only release
 * sorts before a/b/rc and a final release after them; then the local segment, absent before
 * present, compared part by part with strings before numbers and a shorter prefix first. Numbers
 * of any length are compared as digit strings, never parsed.
 *
 * <p>Longer than most classes here: PEP 440's grammar walked by hand in one place, so that it can be read
 * side by side with packaging's {@code version.py}; {@code Pep440OrderingTest} checks it against
 * packaging's own cases.
 */
final class Pep440Ordering implements VersionOrdering {

    // Labels in the regex's alternation order: the first that matches wins.
    private static final String[] PRE_LABELS = {"alpha", "a", "beta", "b", "preview", "pre", "c", "rc"};
    private static final String[] POST_LABELS = {"post", "rev", "r"};
    private static final String[] DEV_LABELS = {"dev"};

    // _cmpkey's ranks.
    private static final int PRE_RANK_DEV_ONLY = -1;
    private static final int PRE_RANK_STABLE = 3;

    @Override
    public OptionalInt compare(String left, String right) {
        Version a = parse(left);
        Version b = parse(right);
        if (a == null || b == null) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(Integer.signum(a.compareTo(b)));
    }

    /**
     * The comparison key of one version. Numbers are digit strings without leading zeros ("0" for
     * zero); local is null when there is no local segment, else its parts lower-cased.
     */
    private record Version(
            String epoch,
            List<String> release,
            int preRank,
            String pre,
            int postRank,
            String post,
            int devRank,
            String dev,
            List<String> local) implements Comparable<Version> {

        @Override
        public int compareTo(Version o) {
            int c = compareNumbers(epoch, o.epoch);
            if (c == 0) {
                c = compareRelease(release, o.release);
            }
            if (c == 0) {
                c = Integer.compare(preRank, o.preRank);
            }
            if (c == 0) {
                c = compareNumbers(pre, o.pre);
            }
            if (c == 0) {
                c = Integer.compare(postRank, o.postRank);
            }
            if (c == 0) {
                c = compareNumbers(post, o.post);
            }
            if (c == 0) {
                c = Integer.compare(devRank, o.devRank);
            }
            if (c == 0) {
                c = compareNumbers(dev, o.dev);
            }
            if (c == 0) {
                c = compareLocal(local, o.local);
            }
            return c;
        }
    }

    private static Version parse(String text) {
        // Version's regex is wrapped in \s*, so Unicode whitespace at either end is ignored.
        int start = 0;
        int end = text.length();
        while (start < end && isPythonSpace(text.charAt(start))) {
            start++;
        }
        while (end > start && isPythonSpace(text.charAt(end - 1))) {
            end--;
        }
        Cursor in = new Cursor(text, start, end);

        in.acceptLetter('v');
        String first = in.digits();
        if (first == null) {
            return null;
        }
        String epoch = "0";
        if (in.accept('!')) {
            epoch = first;
            first = in.digits();
            if (first == null) {
                return null;
            }
        }
        List<String> release = new ArrayList<>();
        release.add(first);
        // A '.' belongs to the release only when digits follow; otherwise it may start ".post" etc.
        while (in.peek(0) == '.' && isDigit(in.peek(1))) {
            in.skip(1);
            release.add(in.digits());
        }
        // _cmpkey drops trailing zeros: 1.0.0 == 1.
        while (!release.isEmpty() && release.get(release.size() - 1).equals("0")) {
            release.remove(release.size() - 1);
        }

        int mark = in.pos;
        in.acceptSeparator();
        String preLabel = in.acceptLabel(PRE_LABELS);
        String preNumber = "0";
        if (preLabel != null) {
            in.acceptSeparator();
            preNumber = in.digitsOrZero();
        } else {
            in.pos = mark;
        }

        boolean hasPost = false;
        String postNumber = "0";
        if (in.peek(0) == '-' && isDigit(in.peek(1))) {
            in.skip(1);
            postNumber = in.digits();
            hasPost = true;
        } else {
            mark = in.pos;
            in.acceptSeparator();
            if (in.acceptLabel(POST_LABELS) != null) {
                in.acceptSeparator();
                postNumber = in.digitsOrZero();
                hasPost = true;
            } else {
                in.pos = mark;
            }
        }

        boolean hasDev = false;
        String devNumber = "0";
        mark = in.pos;
        in.acceptSeparator();
        if (in.acceptLabel(DEV_LABELS) != null) {
            in.acceptSeparator();
            devNumber = in.digitsOrZero();
            hasDev = true;
        } else {
            in.pos = mark;
        }

        List<String> local = null;
        if (in.accept('+')) {
            local = new ArrayList<>();
            do {
                String part = in.alphanumerics();
                if (part == null) {
                    return null;
                }
                local.add(part);
            } while (in.acceptSeparator());
        }
        if (!in.atEnd()) {
            return null;
        }

        int preRank;
        if (preLabel != null) {
            preRank = preRank(preLabel);
        } else {
            // _cmpkey: 1.0.dev0 must sort before 1.0a0, but 1.0.post0.dev0 after 1.0.
            preRank = !hasPost && hasDev ? PRE_RANK_DEV_ONLY : PRE_RANK_STABLE;
        }
        return new Version(
                epoch, release,
                preRank, preNumber,
                hasPost ? 1 : 0, postNumber,
                hasDev ? 0 : 1, devNumber,
                local);
    }

    /** a < b < rc, after normalising alpha, beta, c, pre and preview. */
    private static int preRank(String label) {
        return switch (label) {
            case "alpha", "a" -> 0;
            case "beta", "b" -> 1;
            default -> 2; // c, pre, preview, rc
        };
    }

    /** Tuple comparison of two trimmed release segments: a shorter prefix sorts first. */
    private static int compareRelease(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = compareNumbers(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    /** No local segment sorts first; parts compare strings before numbers, prefix first. */
    private static int compareLocal(List<String> a, List<String> b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            String x = a.get(i);
            String y = b.get(i);
            boolean xNumber = allDigits(x);
            boolean yNumber = allDigits(y);
            int c;
            if (xNumber && yNumber) {
                c = compareNumbers(stripZeros(x), stripZeros(y));
            } else if (xNumber != yNumber) {
                c = xNumber ? 1 : -1;
            } else {
                c = x.compareTo(y);
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    private static String stripZeros(String digits) {
        int i = 0;
        while (i < digits.length() - 1 && digits.charAt(i) == '0') {
            i++;
        }
        return digits.substring(i);
    }

    private static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    private static boolean isAlphanumeric(char c) {
        char l = lower(c);
        return isDigit(c) || (l >= 'a' && l <= 'z');
    }

    /** Python's {@code \s} on str (str.isspace), which also covers no-break spaces and U+0085. */
    private static boolean isPythonSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085';
    }

    /** A position in the text between the trimmed bounds; peeking past the end yields 0. */
    private static final class Cursor {
        private final String text;
        private final int end;
        private int pos;

        Cursor(String text, int start, int end) {
            this.text = text;
            this.pos = start;
            this.end = end;
        }

        char peek(int ahead) {
            int i = pos + ahead;
            return i < end ? text.charAt(i) : 0;
        }

        void skip(int n) {
            pos += n;
        }

        boolean atEnd() {
            return pos >= end;
        }

        boolean accept(char c) {
            if (peek(0) == c && !atEnd()) {
                pos++;
                return true;
            }
            return false;
        }

        boolean acceptLetter(char lowerCase) {
            if (!atEnd() && lower(peek(0)) == lowerCase) {
                pos++;
                return true;
            }
            return false;
        }

        boolean acceptSeparator() {
            char c = peek(0);
            if (!atEnd() && (c == '.' || c == '_' || c == '-')) {
                pos++;
                return true;
            }
            return false;
        }

        /** The first label, in the given order, that the text continues with; case-insensitive. */
        String acceptLabel(String[] labels) {
            for (String label : labels) {
                if (pos + label.length() <= end && matchesAt(label)) {
                    pos += label.length();
                    return label;
                }
            }
            return null;
        }

        private boolean matchesAt(String label) {
            for (int i = 0; i < label.length(); i++) {
                if (lower(text.charAt(pos + i)) != label.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        /** A run of ASCII digits with leading zeros dropped ("0" for zero), or null if none. */
        String digits() {
            int from = pos;
            while (!atEnd() && isDigit(peek(0))) {
                pos++;
            }
            return from == pos ? null : stripZeros(text.substring(from, pos));
        }

        String digitsOrZero() {
            String d = digits();
            return d == null ? "0" : d;
        }

        /** A run of ASCII letters and digits, lower-cased, or null if none. */
        String alphanumerics() {
            StringBuilder part = new StringBuilder();
            while (!atEnd() && isAlphanumeric(peek(0))) {
                part.append(lower(peek(0)));
                pos++;
            }
            return part.length() == 0 ? null : part.toString();
        }
    }
}
