package dev.fixline.finding.version;

import static dev.fixline.finding.version.Ascii.compareNumbers;
import static dev.fixline.finding.version.Ascii.isDigit;

import java.util.List;
import java.util.OptionalInt;

/**
 * The order of apk-tools 3 (the apk of Alpine 3.23 and later),
 * {@code digit{.digit}...{letter}{_suffix{#}}...{~hash}{-r#}}: a transcription of its {@code src/version.c}
 * (repository alpinelinux/apk-tools, the tokenizer {@code token_first}/{@code token_next}, {@code token_cmp},
 * {@code apk_version_validate} and {@code apk_version_compare}), with one form of apk-tools 2 added, which apk-tools 3 refuses: a number after the
 * letter ({@code 1.9.5p2-r0}, {@code 3.3.3p1-r3}). Alpine shipped such versions while its apk was 2.x; apk-tools 2
 * reads the number as a plain number token after the letter, so {@code 1.9.5p1 < 1.9.5p2 < 1.9.5p2_p1 < 1.9.5p10}
 * and {@code 1.0a01 == 1.0a1}, and nothing but a suffix, a hash or a revision may follow it.
 *
 * <p>Like apk-tools, it answers as soon as a token decides, even when an invalid token follows on either side
 * ({@code 23_foo > 4_beta}, {@code 1.0 < 1.0bc}); when the comparison reaches an invalid token before a decision,
 * the answer is empty (apk-tools would return an artefact there: {@code 1.0_foo = 1.0_bar}). apk reads numbers
 * into a 64-bit integer that silently wraps; here numbers compare by their digits, so a run of any length orders
 * correctly and nothing can overflow. A commit hash is ASCII lower-case hex, as apk-tools' {@code ctype.c} says.
 */
final class ApkTools3Ordering implements VersionOrdering {

    // Token kinds in apk's order. The order is part of the semantics: it says which token may
    // follow which, and when one version runs out of tokens first it decides which one is newer.
    private static final int INITIAL_DIGIT = 0;
    private static final int DIGIT = 1;
    private static final int LETTER = 2;
    private static final int SUFFIX = 3;
    private static final int SUFFIX_NO = 4;
    private static final int COMMIT_HASH = 5;
    private static final int REVISION_NO = 6;
    private static final int END = 7;
    private static final int INVALID = 8;

    /**
     * Suffixes in order; a suffix's value is its position counted from 1, so 0 is invalid and "no
     * suffix" (the empty entry, value 5) sits between the pre-releases and the post-releases.
     */
    private static final List<String> SUFFIXES =
            List.of("alpha", "beta", "pre", "rc", "", "cvs", "svn", "git", "hg", "p");
    private static final int SUFFIX_INVALID = 0;
    private static final int SUFFIX_NONE = 5;

    @Override
    public OptionalInt compare(String left, String right) {
        Tokens a = new Tokens(left);
        Tokens b = new Tokens(right);
        while (a.kind == b.kind && a.kind < END) {
            int result = compareSameKind(a, b);
            if (result != 0) {
                return OptionalInt.of(result);
            }
            a.next();
            b.next();
        }
        if (a.kind == INVALID || b.kind == INVALID) {
            return OptionalInt.empty();
        }
        if (a.kind == b.kind) {
            return OptionalInt.of(0);
        }
        // Equal so far and one side has more: that side is newer, unless what it has more of is a
        // pre-release suffix (1.0_rc1 < 1.0). Otherwise the earlier kind of token wins, so
        // 1.0 < 1.0-r1 < 1.0_p1 < 1.0a < 1.0.1.
        if (a.kind == SUFFIX && a.suffix < SUFFIX_NONE) {
            return OptionalInt.of(-1);
        }
        if (b.kind == SUFFIX && b.suffix < SUFFIX_NONE) {
            return OptionalInt.of(1);
        }
        return OptionalInt.of(a.kind > b.kind ? -1 : 1);
    }

    /** {@code apk_version_validate}: the tokens run to the end without an invalid one. */
    static boolean valid(String version) {
        Tokens t = new Tokens(version);
        while (t.kind < END) {
            t.next();
        }
        return t.kind == END;
    }

    /** {@code token_cmp}: both tokens are of the same kind. */
    private static int compareSameKind(Tokens a, Tokens b) {
        return switch (a.kind) {
            // A later number with a leading zero on either side compares as text, as in Gentoo:
            // 1.05 < 1.5 and 8.2.0015 < 8.2.002.
            // The number after a letter is apk-tools 2's plain number: no text comparison (1.0a01 == 1.0a1).
            case DIGIT -> !a.afterLetter && (a.value().startsWith("0") || b.value().startsWith("0"))
                    ? Integer.signum(a.value().compareTo(b.value()))
                    : compareNumbers(a.value(), b.value());
            case INITIAL_DIGIT, SUFFIX_NO, REVISION_NO -> compareNumbers(a.value(), b.value());
            case LETTER -> Integer.signum(a.value().compareTo(b.value()));
            case SUFFIX -> Integer.compare(a.suffix, b.suffix);
            // The commit hash, and anything else, compares as text.
            default -> Integer.signum(a.value().compareTo(b.value()));
        };
    }

    /** apk's {@code token_state} and tokenizer over one version, one token at a time. */
    private static final class Tokens {

        private final String text;
        private int pos;
        int kind;
        int suffix;
        /** The current token is the number right after the letter (apk-tools 2's form). */
        boolean afterLetter;
        private int start;
        private int end;

        /** {@code token_first}: every version starts with a number. */
        Tokens(String text) {
            this.text = text;
            this.kind = INITIAL_DIGIT;
            parseDigits();
        }

        /** The text of the current token. */
        String value() {
            return text.substring(start, end);
        }

        /** {@code token_next}: the kind of the next token follows from its first character. */
        void next() {
            if (pos == text.length()) {
                kind = END;
                return;
            }
            char c = text.charAt(pos);
            boolean letterBefore = kind == LETTER;
            boolean numberAfterLetter = afterLetter;
            afterLetter = false;
            if (c >= 'a' && c <= 'z') {
                // One letter right after the numbers.
                if (kind > DIGIT || numberAfterLetter) {
                    kind = INVALID;
                    return;
                }
                start = pos;
                end = ++pos;
                kind = LETTER;
            } else if (c == '.' || isDigit(c)) {
                if (c == '.') {
                    if (kind > DIGIT || numberAfterLetter) {
                        kind = INVALID;
                        return;
                    }
                    pos++;
                }
                if (kind == INITIAL_DIGIT || kind == DIGIT || letterBefore) {
                    kind = DIGIT;
                } else if (kind == SUFFIX) {
                    kind = SUFFIX_NO;
                } else {
                    kind = INVALID;
                    return;
                }
                afterLetter = letterBefore;
                parseDigits();
            } else if (c == '_') {
                if (kind > SUFFIX_NO) {
                    kind = INVALID;
                    return;
                }
                pos++;
                start = pos;
                while (pos < text.length() && text.charAt(pos) >= 'a' && text.charAt(pos) <= 'z') {
                    pos++;
                }
                end = pos;
                suffix = suffixValue(value());
                kind = suffix == SUFFIX_INVALID ? INVALID : SUFFIX;
            } else if (c == '~') {
                if (kind >= COMMIT_HASH) {
                    kind = INVALID;
                    return;
                }
                pos++;
                start = pos;
                while (pos < text.length() && isLowerHex(text.charAt(pos))) {
                    pos++;
                }
                end = pos;
                kind = start == end ? INVALID : COMMIT_HASH;
            } else if (c == '-') {
                if (kind >= REVISION_NO || !text.startsWith("-r", pos)) {
                    kind = INVALID;
                    return;
                }
                pos += 2;
                kind = REVISION_NO;
                parseDigits();
            } else {
                kind = INVALID;
            }
        }

        /** {@code token_parse_digits}: a number must have at least one digit. */
        private void parseDigits() {
            start = pos;
            while (pos < text.length() && isDigit(text.charAt(pos))) {
                pos++;
            }
            end = pos;
            if (start == end) {
                kind = INVALID;
            }
        }
    }

    /** {@code suffix_value}: an exact, known name; an empty one ({@code 1.0_}) is invalid. */
    private static int suffixValue(String name) {
        int index = name.isEmpty() ? -1 : SUFFIXES.indexOf(name);
        return index < 0 ? SUFFIX_INVALID : index + 1;
    }

    /** apk's commit hash is lower-case hex only. */
    private static boolean isLowerHex(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f');
    }
}
