package dev.fixline.finding.version;

import java.util.OptionalInt;

/**
 * Alpine package versions, ordered as the apk of the image would order them. Two generations of apk-tools are in
 * the images being scanned: 2.x (2.14, Alpine up to 3.22) and 3.x (3.0, Alpine 3.23 and later). Neither is named
 * in a finding, so the answer is one both would give:
 * <ul>
 *   <li>apk-tools 3's order ({@link ApkTools3Ordering}, with apk-tools 2's number after the letter, as in
 *       {@code sudo 1.9.5p2-r0}) gives the answer;</li>
 *   <li>where apk-tools 2 ({@link ApkTools2Ordering}) also orders the pair and orders it the other way, the answer
 *       is empty. That happens only around runs of zeros after a dot: apk-tools 2 has {@code 8.2.0 > 8.2.001} and
 *       {@code 6.0_pre1 > 6.0}, apk-tools 3 the reverse.</li>
 * </ul>
 * Every answer is apk-tools 3's, so the answers are transitive; a disagreement only takes one away.
 */
final class ApkOrdering implements VersionOrdering {

    private final ApkTools3Ordering current = new ApkTools3Ordering();
    private final ApkTools2Ordering legacy = new ApkTools2Ordering();

    @Override
    public OptionalInt compare(String left, String right) {
        OptionalInt answer = current.compare(left, right);
        if (answer.isEmpty()) {
            return answer;
        }
        OptionalInt older = legacy.compare(left, right);
        return older.isPresent() && older.getAsInt() != answer.getAsInt() ? OptionalInt.empty() : answer;
    }

    @Override
    public String whyNoAnswer(String left, String right) {
        OptionalInt answer = current.compare(left, right);
        OptionalInt older = legacy.compare(left, right);
        if (answer.isEmpty() || older.isEmpty() || answer.getAsInt() == older.getAsInt()) {
            return null;
        }
        return "apk-tools 2 orders them " + relation(older.getAsInt()) + ", apk-tools 3 "
                + relation(answer.getAsInt());
    }

    private static String relation(int sign) {
        return sign < 0 ? "<" : sign > 0 ? ">" : "=";
    }
}
