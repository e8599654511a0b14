package dev.fixline.finding.version;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

final class OrderingProperties {

    private OrderingProperties() {
    }

    /**
     * The properties every ordering must have on valid versions, shared by every ordering's test: every pair
     * compares, antisymmetrically; every version equals itself; and on a seeded sample of triples, a ≤ b and
     * b ≤ c imply a ≤ c. Finally the versions are sorted and every pair checked against the sorted order, which
     * only succeeds if the ordering is transitive on the whole set.
     */
    static void assertIsATotalOrder(VersionOrdering ordering, List<String> versions, long seed) {
        for (String a : versions) {
            assertThat(ordering.compare(a, a)).as("%s vs itself", a).hasValue(0);
            for (String b : versions) {
                assertThat(ordering.compare(a, b)).as("%s vs %s", a, b).isPresent();
                assertThat(ordering.compare(a, b).getAsInt()).as("%s vs %s, reversed", a, b)
                        .isEqualTo(-ordering.compare(b, a).getAsInt());
            }
        }
        Random random = new Random(seed);
        for (int i = 0; i < 20_000; i++) {
            String a = versions.get(random.nextInt(versions.size()));
            String b = versions.get(random.nextInt(versions.size()));
            String c = versions.get(random.nextInt(versions.size()));
            if (ordering.compare(a, b).getAsInt() <= 0 && ordering.compare(b, c).getAsInt() <= 0) {
                assertThat(ordering.compare(a, c).getAsInt()).as("%s <= %s <= %s", a, b, c).isNotPositive();
            }
        }
        List<String> sorted = new ArrayList<>(versions);
        sorted.sort((a, b) -> ordering.compare(a, b).getAsInt());
        for (int i = 0; i < sorted.size(); i++) {
            for (int j = i + 1; j < sorted.size(); j++) {
                assertThat(ordering.compare(sorted.get(i), sorted.get(j)).getAsInt())
                        .as("%s before %s once sorted", sorted.get(i), sorted.get(j)).isNotPositive();
            }
        }
    }

    /** Random strings over {@code alphabet}: every answer is given both ways round, consistently, without throwing. */
    static void assertConsistentOnArbitraryInput(VersionOrdering ordering, String alphabet, long seed) {
        Random random = new Random(seed);
        for (int n = 0; n < 5_000; n++) {
            String a = randomString(random, alphabet);
            String b = randomString(random, alphabet);
            java.util.OptionalInt ab = ordering.compare(a, b);
            java.util.OptionalInt ba = ordering.compare(b, a);
            assertThat(ab.isPresent()).as("%s vs %s", a, b).isEqualTo(ba.isPresent());
            if (ab.isPresent()) {
                assertThat(ba.getAsInt()).as("%s vs %s", b, a).isEqualTo(-ab.getAsInt());
            }
        }
    }

    private static String randomString(Random random, String alphabet) {
        StringBuilder s = new StringBuilder();
        int length = 1 + random.nextInt(12);
        for (int i = 0; i < length; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }
}
