package dev.fixline.finding.version;

import static dev.fixline.finding.version.Ascii.compareNumbers;
import static dev.fixline.finding.version.Ascii.isDigit;

import java.util.OptionalInt;

/**
 * The order of apk-tools 2.x, the apk of every Alpine release up to 3.22 (2.14-stable): a transcription of its
 * {@code src/version.c} ({@code get_token}, {@code next_token}, {@code apk_version_compare_blob}), which
 * {@link ApkOrdering} holds apk-tools 3 against. It differs from apk-tools 3 in three ways that matter here:
 * <ul>
 *   <li>a number may follow the letter ({@code 1.9.5p2}, {@code 3.3.3p1});</li>
 *   <li>after a dot, a run of zeros is a token of its own worth minus its length, so {@code 8.2.0 > 8.2.001}
 *       (apk-tools issue 10882) and {@code 6.0_pre1 > 6.0}, which apk-tools 3 orders the other way;</li>
 *   <li>a number may be empty ({@code 1.-r1}).</li>
 * </ul>
 *
 * <p>Like apk-tools, it answers as soon as a token decides, even if something invalid follows; it answers empty
 * when the decision would rest on an invalid token (where apk-tools returns an artefact, {@code 1.0_foo = 1.0_bar}).
 * Numbers compare by their digits; apk-tools reads them into a 64-bit integer, which gives the same answer below
 * 2^63.
 */
final class ApkTools2Ordering implements VersionOrdering {

    // Token types in apk-tools 2's order; the order decides which version is newer when one has more.
    private static final int INVALID = -1;
    private static final int DIGIT_OR_ZERO = 0;
    private static final int DIGIT = 1;
    private static final int LETTER = 2;
    private static final int SUFFIX = 3;
    private static final int SUFFIX_NO = 4;
    private static final int REVISION_NO = 5;
    private static final int END = 6;

    private static final String[] PRE_SUFFIXES = {"alpha", "beta", "pre", "rc"};
    private static final String[] POST_SUFFIXES = {"cvs", "svn", "git", "hg", "p"};

    @Override
    public OptionalInt compare(String left, String right) {
        Tokens a = new Tokens(left);
        Tokens b = new Tokens(right);
        Value av = Value.ZERO;
        Value bv = Value.ZERO;
        while (a.type == b.type && a.type != END && a.type != INVALID && av.compareTo(bv) == 0) {
            av = a.get();
            bv = b.get();
            if (av == null || bv == null) {
                return OptionalInt.empty(); // the token to compare is itself invalid
            }
        }
        int values = av.compareTo(bv);
        if (values != 0) {
            return OptionalInt.of(values);
        }
        if (a.type == INVALID || b.type == INVALID) {
            return OptionalInt.empty();
        }
        if (a.type == b.type) {
            return OptionalInt.of(0);
        }
        // Equal so far: the one with more is newer, unless what it has more of is a pre-release suffix.
        // (Reading the suffix moves a tokenizer on; the types to compare are the ones before.)
        int at = a.type;
        int bt = b.type;
        if (at == SUFFIX) {
            Value suffix = a.get();
            if (suffix == null) {
                return OptionalInt.empty();
            }
            if (suffix.small < 0) {
                return OptionalInt.of(-1);
            }
        }
        if (bt == SUFFIX) {
            Value suffix = b.get();
            if (suffix == null) {
                return OptionalInt.empty();
            }
            if (suffix.small < 0) {
                return OptionalInt.of(1);
            }
        }
        return OptionalInt.of(at > bt ? -1 : 1);
    }

    /**
     * A token's value: a number (its digits, "" for an empty run, which apk-tools reads as 0) or a small integer
     * (minus the length of a run of zeros, a letter's code, a suffix's rank: -4..-1 for pre-releases).
     */
    private record Value(String digits, int small) implements Comparable<Value> {

        static final Value ZERO = new Value("", 0);

        @Override
        public int compareTo(Value other) {
            if (digits == null && other.digits == null) {
                return Integer.signum(Integer.compare(small, other.small));
            }
            if (digits == null) {
                return -other.compareTo(this);
            }
            if (other.digits != null) {
                return compareNumbers(digits, other.digits);
            }
            // Only after a dot does a number meet a run of zeros, which is worth less than any number.
            return other.small < 0 ? 1 : compareNumbers(digits, String.valueOf(other.small));
        }
    }

    /** apk-tools 2's blob and current token type over one version. */
    private static final class Tokens {

        private final String text;
        private int pos;
        int type = DIGIT;

        Tokens(String text) {
            this.text = text;
        }

        /** {@code get_token}: the value of the token of the current type, or null when that token is invalid. */
        Value get() {
            if (pos >= text.length()) {
                type = END;
                return Value.ZERO;
            }
            int start = pos;
            int next = INVALID;
            Value value;
            switch (type) {
                case DIGIT_OR_ZERO, DIGIT, SUFFIX_NO, REVISION_NO -> {
                    if (type == DIGIT_OR_ZERO && text.charAt(pos) == '0') {
                        // Leading zeros after a dot are a token of their own.
                        while (pos < text.length() && text.charAt(pos) == '0') {
                            pos++;
                        }
                        next = DIGIT;
                        value = new Value(null, -(pos - start));
                    } else {
                        while (pos < text.length() && isDigit(text.charAt(pos))) {
                            pos++;
                        }
                        value = new Value(text.substring(start, pos), 0);
                    }
                }
                case LETTER -> {
                    value = new Value(null, text.charAt(pos));
                    pos++;
                }
                case SUFFIX -> {
                    value = suffix();
                    if (value == null) {
                        type = INVALID;
                        return null;
                    }
                }
                default -> {
                    type = INVALID;
                    return null;
                }
            }
            if (pos >= text.length()) {
                type = END;
            } else if (next != INVALID) {
                type = next;
            } else {
                next();
            }
            return value;
        }

        /** Suffix names match as prefixes, pre-releases first, as in apk-tools 2 ({@code _pre} before {@code _p}). */
        private Value suffix() {
            for (int i = 0; i < PRE_SUFFIXES.length; i++) {
                if (text.startsWith(PRE_SUFFIXES[i], pos)) {
                    pos += PRE_SUFFIXES[i].length();
                    return new Value(null, i - PRE_SUFFIXES.length);
                }
            }
            for (int i = 0; i < POST_SUFFIXES.length; i++) {
                if (text.startsWith(POST_SUFFIXES[i], pos)) {
                    pos += POST_SUFFIXES[i].length();
                    return new Value(null, i);
                }
            }
            return null;
        }

        /** {@code next_token}: the type of the next token, from its first character and the type before it. */
        private void next() {
            int n = INVALID;
            char c = text.charAt(pos);
            if ((type == DIGIT || type == DIGIT_OR_ZERO) && c >= 'a' && c <= 'z') {
                n = LETTER;
            } else if (type == LETTER && isDigit(c)) {
                n = DIGIT;
            } else if (type == SUFFIX && isDigit(c)) {
                n = SUFFIX_NO;
            } else {
                if (c == '.') {
                    n = DIGIT_OR_ZERO;
                } else if (c == '_') {
                    n = SUFFIX;
                } else if (c == '-' && pos + 1 < text.length() && text.charAt(pos + 1) == 'r') {
                    n = REVISION_NO;
                    pos++;
                }
                pos++;
            }
            if (n < type && !((n == DIGIT_OR_ZERO && type == DIGIT) || (n == SUFFIX && type == SUFFIX_NO)
                    || (n == DIGIT && type == LETTER))) {
                n = INVALID;
            }
            type = n;
        }
    }
}
