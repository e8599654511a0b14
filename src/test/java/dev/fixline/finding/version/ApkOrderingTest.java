package dev.fixline.finding.version;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ApkOrdering} against apk-tools' own version table (repository alpinelinux/apk-tools),
 * transcribed verbatim below in its own format, one check a line:
 * <ul>
 * <li>{@code left op right} with op {@code <}, {@code >} or {@code =}: the comparison;</li>
 * <li>{@code version}: valid; {@code !version}: invalid ({@code apk_version_validate}).</li>
 * </ul>
 * The first 729 lines (up to {@code 1.0.0_pre20191002222144-r0 < 1.0.0_pre20210530193627-r0}) are apk-tools 2's
 * {@code test/version.data}, which {@link ApkTools2Ordering} must pass; the rest (pre-releases of a version
 * ending in zero, leading zeros, commit hashes, fuzzy matches and the validity list) came with apk-tools 3, whose
 * {@code test/unit/version.data} (run by {@code test/unit/version_test.c}) is the whole table, which
 * {@link ApkTools3Ordering} must pass. Fuzzy rows ({@code ~}, {@code <~}, {@code >~}, {@code !~}) test
 * {@code apk_version_match}, not the order, and are skipped.
 *
 * <p>Vectors: 738 comparisons (729 of them apk-tools 2's), 6 valid and 24 invalid versions. {@link ApkOrdering}
 * gives the table's answer on 735 comparisons and none on the 3 where apk-tools 2 orders the other way.
 */
class ApkOrderingTest {

    /** test/unit/version.data (formerly test/version.data), verbatim. */
    private static final String VERSION_DATA = """
            2.34 > 0.1.0_alpha
            23_foo > 4_beta
            1.0 < 1.0bc\t\t# invalid. do string sort
            0.1.0_alpha = 0.1.0_alpha
            0.1.0_alpha < 0.1.3_alpha
            0.1.3_alpha > 0.1.0_alpha
            0.1.0_alpha2 > 0.1.0_alpha
            0.1.0_alpha < 2.2.39-r1
            2.2.39-r1 > 1.0.4-r3
            1.0.4-r3 < 1.0.4-r4
            1.0.4-r4 < 1.6
            1.6 > 1.0.2
            1.0.2 > 0.7-r1
            0.7-r1 < 1.0.0
            1.0.0 < 1.0.1
            1.0.1 < 1.1
            1.1 > 1.1_alpha1
            1.1_alpha1 < 1.2.1
            1.2.1 > 1.2
            1.2 < 1.3_alpha
            1.3_alpha < 1.3_alpha2
            1.3_alpha2 < 1.3_alpha3
            1.3_alpha8 > 0.6.0
            0.6.0 < 0.6.1
            0.6.1 < 0.7.0
            0.7.0 < 0.8_beta1
            0.8_beta1 < 0.8_beta2
            0.8_beta4 < 4.8-r1
            4.8-r1 > 3.10.18-r1
            3.10.18-r1 > 2.3.0b-r1
            2.3.0b-r1 < 2.3.0b-r2
            2.3.0b-r2 < 2.3.0b-r3
            2.3.0b-r3 < 2.3.0b-r4
            2.3.0b-r4 > 0.12.1
            0.12.1 < 0.12.2
            0.12.2 < 0.12.3
            0.12.3 > 0.12
            0.12 < 0.13_beta1
            0.13_beta1 < 0.13_beta2
            0.13_beta2 < 0.13_beta3
            0.13_beta3 < 0.13_beta4
            0.13_beta4 < 0.13_beta5
            0.13_beta5 > 0.9.12
            0.9.12 < 0.9.13
            0.9.13 > 0.9.12
            0.9.12 < 0.9.13
            0.9.13 > 0.0.16
            0.0.16 < 0.6
            0.6 < 2.1.13-r3
            2.1.13-r3 < 2.1.15-r2
            2.1.15-r2 < 2.1.15-r3
            2.1.15-r3 > 1.2.11
            1.2.11 < 1.2.12.1
            1.2.12.1 < 1.2.13
            1.2.13 < 1.2.14-r1
            1.2.14-r1 > 0.7.1
            0.7.1 > 0.5.4
            0.5.4 < 0.7.0
            0.7.0 < 1.2.13
            1.2.13 > 1.0.8
            1.0.8 < 1.2.1
            1.2.1 > 0.7-r1
            0.7-r1 < 2.4.32
            2.4.32 < 2.8-r4
            2.8-r4 > 0.9.6
            0.9.6 > 0.2.0-r1
            0.2.0-r1 = 0.2.0-r1
            0.2.0-r1 < 3.1_p16
            3.1_p16 < 3.1_p17
            3.1_p17 > 1.06-r6
            1.06-r6 < 006
            006 > 1.0.0
            1.0.0 < 1.2.2-r1
            1.2.2-r1 > 1.2.2
            1.2.2 > 0.3-r1
            0.3-r1 < 9.3.2-r4
            9.3.2-r4 < 9.3.4-r2
            9.3.4-r2 > 9.3.4
            9.3.4 > 9.3.2
            9.3.2 < 9.3.4
            9.3.4 > 1.1.3
            1.1.3 < 2.16.1-r3
            2.16.1-r3 = 2.16.1-r3
            2.16.1-r3 > 2.1.0-r2
            2.1.0-r2 < 2.9.3-r1
            2.9.3-r1 > 0.9-r1
            0.9-r1 > 0.8-r1
            0.8-r1 < 1.0.6-r3
            1.0.6-r3 > 0.11
            0.11 < 0.12
            0.12 < 1.2.1-r1
            1.2.1-r1 < 1.2.2.1
            1.2.2.1 < 1.4.1-r1
            1.4.1-r1 < 1.4.1-r2
            1.4.1-r2 > 1.2.2
            1.2.2 < 1.3
            1.3 > 1.0.3-r6
            1.0.3-r6 < 1.0.4
            1.0.4 < 2.59
            2.59 < 20050718-r1
            20050718-r1 < 20050718-r2
            20050718-r2 > 3.9.8-r5
            3.9.8-r5 > 2.01.01_alpha10
            2.01.01_alpha10 > 0.94
            0.94 < 1.0
            1.0 > 0.99.3.20040818
            0.99.3.20040818 > 0.7
            0.7 < 1.21-r1
            1.21-r1 > 0.13
            0.13 < 0.90.1-r1
            0.90.1-r1 > 0.10.2
            0.10.2 < 0.10.3
            0.10.3 < 1.6
            1.6 < 1.39
            1.39 > 1.00_beta2
            1.00_beta2 > 0.9.2
            0.9.2 < 5.94-r1
            5.94-r1 < 6.4
            6.4 > 2.6-r5
            2.6-r5 > 1.4
            1.4 < 2.8.9-r1
            2.8.9-r1 > 2.8.9
            2.8.9 > 1.1
            1.1 > 1.0.3-r2
            1.0.3-r2 < 1.3.4-r3
            1.3.4-r3 < 2.2
            2.2 > 1.2.6
            1.2.6 < 7.15.1-r1
            7.15.1-r1 > 1.02
            1.02 < 1.03-r1
            1.03-r1 < 1.12.12-r2
            1.12.12-r2 < 2.8.0.6-r1
            2.8.0.6-r1 > 0.5.2.7
            0.5.2.7 < 4.2.52_p2-r1
            4.2.52_p2-r1 < 4.2.52_p4-r2
            4.2.52_p4-r2 > 1.02.07
            1.02.07 < 1.02.10-r1
            1.02.10-r1 < 3.0.3-r9
            3.0.3-r9 > 2.0.5-r1
            2.0.5-r1 < 4.5
            4.5 > 2.8.7-r1
            2.8.7-r1 > 1.0.5
            1.0.5 < 8
            8 < 9
            9 > 2.18.3-r10
            2.18.3-r10 > 1.05-r18
            1.05-r18 < 1.05-r19
            1.05-r19 < 2.2.5
            2.2.5 < 2.8
            2.8 < 2.20.1
            2.20.1 < 2.20.3
            2.20.3 < 2.31
            2.31 < 2.34
            2.34 < 2.38
            2.38 < 20050405
            20050405 > 1.8
            1.8 < 2.11-r1
            2.11-r1 > 2.11
            2.11 > 0.1.6-r3
            0.1.6-r3 < 0.47-r1
            0.47-r1 < 0.49
            0.49 < 3.6.8-r2
            3.6.8-r2 > 1.39
            1.39 < 2.43
            2.43 > 2.0.6-r1
            2.0.6-r1 > 0.2-r6
            0.2-r6 < 0.4
            0.4 < 1.0.0
            1.0.0 < 10-r1
            10-r1 > 4
            4 > 0.7.3-r2
            0.7.3-r2 > 0.7.3
            0.7.3 < 1.95.8
            1.95.8 > 1.1.19
            1.1.19 > 1.1.5
            1.1.5 < 6.3.2-r1
            6.3.2-r1 < 6.3.3
            6.3.3 > 4.17-r1
            4.17-r1 < 4.18
            4.18 < 4.19
            4.19 > 4.3.0
            4.3.0 < 4.3.2-r1
            4.3.2-r1 > 4.3.2
            4.3.2 > 0.68-r3
            0.68-r3 < 1.0.0
            1.0.0 < 1.0.1
            1.0.1 > 1.0.0
            1.0.0 = 1.0.0
            1.0.0 < 1.0.1
            1.0.1 < 2.3.2-r1
            2.3.2-r1 < 2.4.2
            2.4.2 < 20060720
            20060720 > 3.0.20060720
            3.0.20060720 < 20060720
            20060720 > 1.1
            1.1 = 1.1
            1.1 < 1.1.1-r1
            1.1.1-r1 < 1.1.3-r1
            1.1.3-r1 < 1.1.3-r2
            1.1.3-r2 < 2.1.10-r2
            2.1.10-r2 > 0.7.18-r2
            0.7.18-r2 < 0.17-r6
            0.17-r6 < 2.6.1
            2.6.1 < 2.6.3
            2.6.3 < 3.1.5-r2
            3.1.5-r2 < 3.4.6-r1
            3.4.6-r1 < 3.4.6-r2
            3.4.6-r2 = 3.4.6-r2
            3.4.6-r2 > 2.0.33
            2.0.33 < 2.0.34
            2.0.34 > 1.8.3-r2
            1.8.3-r2 < 1.8.3-r3
            1.8.3-r3 < 4.1
            4.1 < 8.54
            8.54 > 4.1.4
            4.1.4 > 1.2.10-r5
            1.2.10-r5 < 4.1.4-r3
            4.1.4-r3 = 4.1.4-r3
            4.1.4-r3 < 4.2.1
            4.2.1 > 4.1.0
            4.1.0 < 8.11
            8.11 > 1.4.4-r1
            1.4.4-r1 < 2.1.9.200602141850
            2.1.9.200602141850 > 1.6
            1.6 < 2.5.1-r8
            2.5.1-r8 < 2.5.1a-r1
            2.5.1a-r1 > 1.19.2-r1
            1.19.2-r1 > 0.97-r2
            0.97-r2 < 0.97-r3
            0.97-r3 < 1.3.5-r10
            1.3.5-r10 > 1.3.5-r8
            1.3.5-r8 < 1.3.5-r9
            1.3.5-r9 > 1.0
            1.0 < 1.1
            1.1 > 0.9.11
            0.9.11 < 0.9.12
            0.9.12 < 0.9.13
            0.9.13 < 0.9.14
            0.9.14 < 0.9.15
            0.9.15 < 0.9.16
            0.9.16 > 0.3-r2
            0.3-r2 < 6.3
            6.3 < 6.6
            6.6 < 6.9
            6.9 > 0.7.2-r3
            0.7.2-r3 < 1.2.10
            1.2.10 < 20040923-r2
            20040923-r2 > 20040401
            20040401 > 2.0.0_rc3-r1
            2.0.0_rc3-r1 > 1.5
            1.5 < 4.4
            4.4 > 1.0.1
            1.0.1 < 2.2.0
            2.2.0 > 1.1.0-r2
            1.1.0-r2 > 0.3
            0.3 < 20020207-r2
            20020207-r2 > 1.31-r2
            1.31-r2 < 3.7
            3.7 > 2.0.1
            2.0.1 < 2.0.2
            2.0.2 > 0.99.163
            0.99.163 < 2.6.15.20060110
            2.6.15.20060110 < 2.6.16.20060323
            2.6.16.20060323 < 2.6.19.20061214
            2.6.19.20061214 > 0.6.2-r1
            0.6.2-r1 < 0.6.3
            0.6.3 < 0.6.5
            0.6.5 < 1.3.5-r1
            1.3.5-r1 < 1.3.5-r4
            1.3.5-r4 < 3.0.0-r2
            3.0.0-r2 < 021109-r3
            021109-r3 < 20060512
            20060512 > 1.24
            1.24 > 0.9.16-r1
            0.9.16-r1 < 3.9_pre20060124
            3.9_pre20060124 > 0.01
            0.01 < 0.06
            0.06 < 1.1.7
            1.1.7 < 6b-r7
            6b-r7 > 1.12-r7
            1.12-r7 < 1.12-r8
            1.12-r8 > 1.1.12
            1.1.12 < 1.1.13
            1.1.13 > 0.3
            0.3 < 0.5
            0.5 < 3.96.1
            3.96.1 < 3.97
            3.97 > 0.10.0-r1
            0.10.0-r1 > 0.10.0
            0.10.0 < 0.10.1_rc1
            0.10.1_rc1 > 0.9.11
            0.9.11 < 394
            394 > 2.31
            2.31 > 1.0.1
            1.0.1 = 1.0.1
            1.0.1 < 1.0.3
            1.0.3 > 1.0.2
            1.0.2 = 1.0.2
            1.0.2 > 1.0.1
            1.0.1 = 1.0.1
            1.0.1 < 1.2.2
            1.2.2 < 2.1.10
            2.1.10 > 1.0.1
            1.0.1 < 1.0.2
            1.0.2 < 3.5.5
            3.5.5 > 1.1.1
            1.1.1 > 0.9.1
            0.9.1 < 1.0.2
            1.0.2 > 1.0.1
            1.0.1 < 1.0.2
            1.0.2 > 1.0.1
            1.0.1 = 1.0.1
            1.0.1 < 1.0.5
            1.0.5 > 0.8.5
            0.8.5 < 0.8.6-r3
            0.8.6-r3 < 2.3.17
            2.3.17 > 1.10-r5
            1.10-r5 < 1.10-r9
            1.10-r9 < 2.0.2
            2.0.2 > 1.1a
            1.1a < 1.3a
            1.3a > 1.0.2
            1.0.2 < 1.2.2-r1
            1.2.2-r1 > 1.0-r1
            1.0-r1 > 0.15.1b
            0.15.1b < 1.0.1
            1.0.1 < 1.06-r1
            1.06-r1 < 1.06-r2
            1.06-r2 > 0.15.1b-r2
            0.15.1b-r2 > 0.15.1b
            0.15.1b < 2.5.7
            2.5.7 > 1.1.2.1-r1
            1.1.2.1-r1 > 0.0.31
            0.0.31 < 0.0.50
            0.0.50 > 0.0.16
            0.0.16 < 0.0.25
            0.0.25 < 0.17
            0.17 > 0.5.0
            0.5.0 < 1.1.2
            1.1.2 < 1.1.3
            1.1.3 < 1.1.20
            1.1.20 > 0.9.4
            0.9.4 < 0.9.5
            0.9.5 < 6.3
            6.3 < 6.6
            6.6 > 6.3
            6.3 < 6.6
            6.6 > 1.2.12-r1
            1.2.12-r1 < 1.2.13
            1.2.13 < 1.2.14
            1.2.14 < 1.2.15
            1.2.15 < 8.0.12
            8.0.12 > 8.0.9
            8.0.9 > 1.2.3-r1
            1.2.3-r1 < 1.2.4-r1
            1.2.4-r1 > 0.1
            0.1 < 0.3.5
            0.3.5 < 1.5.22
            1.5.22 > 0.1.11
            0.1.11 < 0.1.12
            0.1.12 < 1.1.4.1
            1.1.4.1 > 1.1.0
            1.1.0 < 1.1.2
            1.1.2 > 1.0.3
            1.0.3 > 1.0.2
            1.0.2 < 2.6.26
            2.6.26 < 2.6.27
            2.6.27 > 1.1.17
            1.1.17 < 1.4.11
            1.4.11 < 22.7-r1
            22.7-r1 < 22.7.3-r1
            22.7.3-r1 > 22.7
            22.7 > 2.1_pre20
            2.1_pre20 < 2.1_pre26
            2.1_pre26 > 0.2.3-r2
            0.2.3-r2 > 0.2.2
            0.2.2 < 2.10.0
            2.10.0 < 2.10.1
            2.10.1 > 02.08.01b
            02.08.01b < 4.77
            4.77 > 0.17
            0.17 < 5.1.1-r1
            5.1.1-r1 < 5.1.1-r2
            5.1.1-r2 > 5.1.1
            5.1.1 > 1.2
            1.2 < 5.1
            5.1 > 2.02.06
            2.02.06 < 2.02.10
            2.02.10 < 2.8.5-r3
            2.8.5-r3 < 2.8.6-r1
            2.8.6-r1 < 2.8.6-r2
            2.8.6-r2 > 2.02-r1
            2.02-r1 > 1.5.0-r1
            1.5.0-r1 > 1.5.0
            1.5.0 > 0.9.2
            0.9.2 < 8.1.2.20040524-r1
            8.1.2.20040524-r1 < 8.1.2.20050715-r1
            8.1.2.20050715-r1 < 20030215
            20030215 > 3.80-r4
            3.80-r4 < 3.81
            3.81 > 1.6d
            1.6d > 1.2.07.8
            1.2.07.8 < 1.2.12.04
            1.2.12.04 < 1.2.12.05
            1.2.12.05 < 1.3.3
            1.3.3 < 2.6.4
            2.6.4 > 2.5.2
            2.5.2 < 2.6.1
            2.6.1 > 2.6
            2.6 < 6.5.1-r1
            6.5.1-r1 > 1.1.35-r1
            1.1.35-r1 < 1.1.35-r2
            1.1.35-r2 > 0.9.2
            0.9.2 < 1.07-r1
            1.07-r1 < 1.07.5
            1.07.5 > 1.07
            1.07 < 1.19
            1.19 < 2.1-r2
            2.1-r2 < 2.2
            2.2 > 1.0.4
            1.0.4 < 20060811
            20060811 < 20061003
            20061003 > 0.1_pre20060810
            0.1_pre20060810 < 0.1_pre20060817
            0.1_pre20060817 < 1.0.3
            1.0.3 > 1.0.2
            1.0.2 > 1.0.1
            1.0.1 < 3.2.2-r1
            3.2.2-r1 < 3.2.2-r2
            3.2.2-r2 < 3.3.17
            3.3.17 > 0.59s-r11
            0.59s-r11 < 0.65
            0.65 > 0.2.10-r2
            0.2.10-r2 < 2.01
            2.01 < 3.9.10
            3.9.10 > 1.2.18
            1.2.18 < 1.5.11-r2
            1.5.11-r2 < 1.5.13-r1
            1.5.13-r1 > 1.3.12-r1
            1.3.12-r1 < 2.0.1
            2.0.1 < 2.0.2
            2.0.2 < 2.0.3
            2.0.3 > 0.2.0
            0.2.0 < 5.5-r2
            5.5-r2 < 5.5-r3
            5.5-r3 > 0.25.3
            0.25.3 < 0.26.1-r1
            0.26.1-r1 < 5.2.1.2-r1
            5.2.1.2-r1 < 5.4
            5.4 > 1.60-r11
            1.60-r11 < 1.60-r12
            1.60-r12 < 110-r8
            110-r8 > 0.17-r2
            0.17-r2 < 1.05-r4
            1.05-r4 < 5.28.0
            5.28.0 > 0.51.6-r1
            0.51.6-r1 < 1.0.6-r6
            1.0.6-r6 > 0.8.3
            0.8.3 < 1.42
            1.42 < 20030719
            20030719 > 4.01
            4.01 < 4.20
            4.20 > 0.20070118
            0.20070118 < 0.20070207_rc1
            0.20070207_rc1 < 1.0
            1.0 < 1.13.0
            1.13.0 < 1.13.1
            1.13.1 > 0.21
            0.21 > 0.3.7-r3
            0.3.7-r3 < 0.4.10
            0.4.10 < 0.5.0
            0.5.0 < 0.5.5
            0.5.5 < 0.5.7
            0.5.7 < 0.6.11-r1
            0.6.11-r1 < 2.3.30-r2
            2.3.30-r2 < 3.7_p1
            3.7_p1 > 1.3
            1.3 > 0.10.1
            0.10.1 < 4.3_p2-r1
            4.3_p2-r1 < 4.3_p2-r5
            4.3_p2-r5 < 4.4_p1-r6
            4.4_p1-r6 < 4.5_p1-r1
            4.5_p1-r1 > 4.5_p1
            4.5_p1 < 4.5_p1-r1
            4.5_p1-r1 > 4.5_p1
            4.5_p1 > 0.9.8c-r1
            0.9.8c-r1 < 0.9.8d
            0.9.8d < 2.4.4
            2.4.4 < 2.4.7
            2.4.7 > 2.0.6
            2.0.6 = 2.0.6
            2.0.6 > 0.78-r3
            0.78-r3 > 0.3.2
            0.3.2 < 1.7.1-r1
            1.7.1-r1 < 2.5.9
            2.5.9 > 0.1.13
            0.1.13 < 0.1.15
            0.1.15 < 0.4
            0.4 < 0.9.6
            0.9.6 < 2.2.0-r1
            2.2.0-r1 < 2.2.3-r2
            2.2.3-r2 < 013
            013 < 014-r1
            014-r1 > 1.3.1-r1
            1.3.1-r1 < 5.8.8-r2
            5.8.8-r2 > 5.1.6-r4
            5.1.6-r4 < 5.1.6-r6
            5.1.6-r6 < 5.2.1-r3
            5.2.1-r3 > 0.11.3
            0.11.3 = 0.11.3
            0.11.3 < 1.10.7
            1.10.7 > 1.7-r1
            1.7-r1 > 0.1.20
            0.1.20 < 0.1.23
            0.1.23 < 5b-r9
            5b-r9 > 2.2.10
            2.2.10 < 2.3.6
            2.3.6 < 8.0.12
            8.0.12 > 2.4.3-r16
            2.4.3-r16 < 2.4.4-r4
            2.4.4-r4 < 3.0.3-r5
            3.0.3-r5 < 3.0.6
            3.0.6 < 3.2.6
            3.2.6 < 3.2.7
            3.2.7 > 0.3.1_rc8
            0.3.1_rc8 < 22.2
            22.2 < 22.3
            22.3 > 1.2.2
            1.2.2 < 2.04
            2.04 < 2.4.3-r1
            2.4.3-r1 < 2.4.3-r4
            2.4.3-r4 > 0.98.6-r1
            0.98.6-r1 < 5.7-r2
            5.7-r2 < 5.7-r3
            5.7-r3 > 5.1_p4
            5.1_p4 > 1.0.5
            1.0.5 < 3.6.19-r1
            3.6.19-r1 > 3.6.19
            3.6.19 > 1.0.1
            1.0.1 < 3.8
            3.8 > 0.2.3
            0.2.3 < 1.2.15-r3
            1.2.15-r3 > 1.2.6-r1
            1.2.6-r1 < 2.6.8-r2
            2.6.8-r2 < 2.6.9-r1
            2.6.9-r1 > 1.7
            1.7 < 1.7b
            1.7b < 1.8.4-r3
            1.8.4-r3 < 1.8.5
            1.8.5 < 1.8.5_p2
            1.8.5_p2 > 1.1.3
            1.1.3 < 3.0.22-r3
            3.0.22-r3 < 3.0.24
            3.0.24 = 3.0.24
            3.0.24 = 3.0.24
            3.0.24 < 4.0.2-r5
            4.0.2-r5 < 4.0.3
            4.0.3 > 0.98
            0.98 < 1.00
            1.00 < 4.1.4-r1
            4.1.4-r1 < 4.1.5
            4.1.5 > 2.3
            2.3 < 2.17-r3
            2.17-r3 > 0.1.7
            0.1.7 < 1.11
            1.11 < 4.2.1-r11
            4.2.1-r11 > 3.2.3
            3.2.3 < 3.2.4
            3.2.4 < 3.2.8
            3.2.8 < 3.2.9
            3.2.9 > 3.2.3
            3.2.3 < 3.2.4
            3.2.4 < 3.2.8
            3.2.8 < 3.2.9
            3.2.9 > 1.4.9-r2
            1.4.9-r2 < 2.9.11_pre20051101-r2
            2.9.11_pre20051101-r2 < 2.9.11_pre20051101-r3
            2.9.11_pre20051101-r3 > 2.9.11_pre20051101
            2.9.11_pre20051101 < 2.9.11_pre20061021-r1
            2.9.11_pre20061021-r1 < 2.9.11_pre20061021-r2
            2.9.11_pre20061021-r2 < 5.36-r1
            5.36-r1 > 1.0.1
            1.0.1 < 7.0-r2
            7.0-r2 > 2.4.5
            2.4.5 < 2.6.1.2
            2.6.1.2 < 2.6.1.3-r1
            2.6.1.3-r1 > 2.6.1.3
            2.6.1.3 < 2.6.1.3-r1
            2.6.1.3-r1 < 12.17.9
            12.17.9 > 1.1.12
            1.1.12 > 1.1.7
            1.1.7 < 2.5.14
            2.5.14 < 2.6.6-r1
            2.6.6-r1 < 2.6.7
            2.6.7 < 2.6.9-r1
            2.6.9-r1 > 2.6.9
            2.6.9 > 1.39
            1.39 > 0.9
            0.9 < 2.61-r2
            2.61-r2 < 4.5.14
            4.5.14 > 4.09-r1
            4.09-r1 > 1.3.1
            1.3.1 < 1.3.2-r3
            1.3.2-r3 < 1.6.8_p12-r1
            1.6.8_p12-r1 > 1.6.8_p9-r2
            1.6.8_p9-r2 > 1.3.0-r1
            1.3.0-r1 < 3.11
            3.11 < 3.20
            3.20 > 1.6.11-r1
            1.6.11-r1 > 1.6.9
            1.6.9 < 5.0.5-r2
            5.0.5-r2 > 2.86-r5
            2.86-r5 < 2.86-r6
            2.86-r6 > 1.15.1-r1
            1.15.1-r1 < 8.4.9
            8.4.9 > 7.6-r8
            7.6-r8 > 3.9.4-r2
            3.9.4-r2 < 3.9.4-r3
            3.9.4-r3 < 3.9.5-r2
            3.9.5-r2 > 1.1.9
            1.1.9 > 1.0.6
            1.0.6 < 5.9
            5.9 < 6.5
            6.5 > 0.40-r1
            0.40-r1 < 2.25b-r5
            2.25b-r5 < 2.25b-r6
            2.25b-r6 > 1.0.4
            1.0.4 < 1.0.5
            1.0.5 < 1.4_p12-r2
            1.4_p12-r2 < 1.4_p12-r5
            1.4_p12-r5 > 1.1
            1.1 > 0.2.0-r1
            0.2.0-r1 < 0.2.1
            0.2.1 < 0.9.28-r1
            0.9.28-r1 < 0.9.28-r2
            0.9.28-r2 < 0.9.28.1
            0.9.28.1 > 0.9.28
            0.9.28 < 0.9.28.1
            0.9.28.1 < 087-r1
            087-r1 < 103
            103 < 104-r11
            104-r11 > 104-r9
            104-r9 > 1.23-r1
            1.23-r1 > 1.23
            1.23 < 1.23-r1
            1.23-r1 > 1.0.2
            1.0.2 < 5.52-r1
            5.52-r1 > 1.2.5_rc2
            1.2.5_rc2 > 0.1
            0.1 < 0.71-r1
            0.71-r1 < 20040406-r1
            20040406-r1 > 2.12r-r4
            2.12r-r4 < 2.12r-r5
            2.12r-r5 > 0.0.7
            0.0.7 < 1.0.3
            1.0.3 < 1.8
            1.8 < 7.0.17
            7.0.17 < 7.0.174
            7.0.174 > 7.0.17
            7.0.17 < 7.0.174
            7.0.174 > 1.0.1
            1.0.1 < 1.1.1-r3
            1.1.1-r3 > 0.3.4_pre20061029
            0.3.4_pre20061029 < 0.4.0
            0.4.0 > 0.1.2
            0.1.2 < 1.10.2
            1.10.2 < 2.16
            2.16 < 28
            28 > 0.99.4
            0.99.4 < 1.13
            1.13 > 1.0.1
            1.0.1 < 1.1.2-r2
            1.1.2-r2 > 1.1.0
            1.1.0 < 1.1.1
            1.1.1 = 1.1.1
            1.1.1 > 0.6.0
            0.6.0 < 6.6.3
            6.6.3 > 1.1.1
            1.1.1 > 1.1.0
            1.1.0 = 1.1.0
            1.1.0 > 0.2.0
            0.2.0 < 0.3.0
            0.3.0 < 1.1.1
            1.1.1 < 1.2.0
            1.2.0 > 1.1.0
            1.1.0 < 1.6.5
            1.6.5 > 1.1.0
            1.1.0 < 1.4.2
            1.4.2 > 1.1.1
            1.1.1 < 2.8.1
            2.8.1 > 1.2.0
            1.2.0 < 4.1.0
            4.1.0 > 0.4.1
            0.4.1 < 1.9.1
            1.9.1 < 2.1.1
            2.1.1 > 1.4.1
            1.4.1 > 0.9.1-r1
            0.9.1-r1 > 0.8.1
            0.8.1 < 1.2.1-r1
            1.2.1-r1 > 1.1.0
            1.1.0 < 1.2.1
            1.2.1 > 1.1.0
            1.1.0 > 0.1.1
            0.1.1 < 1.2.1
            1.2.1 < 4.1.0
            4.1.0 > 0.2.1-r1
            0.2.1-r1 < 1.1.0
            1.1.0 < 2.7.11
            2.7.11 > 1.0.2-r6
            1.0.2-r6 > 1.0.2
            1.0.2 > 0.8
            0.8 < 1.1.1-r4
            1.1.1-r4 < 222
            222 > 1.0.1
            1.0.1 < 1.2.12-r1
            1.2.12-r1 > 1.2.8
            1.2.8 < 1.2.9.1-r1
            1.2.9.1-r1 > 1.2.9.1
            1.2.9.1 < 2.31-r1
            2.31-r1 > 2.31
            2.31 > 1.2.3-r1
            1.2.3-r1 > 1.2.3
            1.2.3 < 4.2.5
            4.2.5 < 4.3.2-r2
            1.3-r0 < 1.3.1-r0
            1.3_pre1-r1 < 1.3.2
            1.0_p10-r0 > 1.0_p9-r0
            0.1.0_alpha_pre2 < 0.1.0_alpha
            1.0.0_pre20191002222144-r0 < 1.0.0_pre20210530193627-r0
            6.0_pre1 < 6.0
            6.1_pre1 < 6.1
            6.0_p1 > 6.0
            6.1_p1 > 6.1
            8.2.0 < 8.2.001
            8.2.0015 < 8.2.002

            1.0~1234 < 1.0~2345
            1.0~1234-r1 < 1.0~2345-r0
            1.0~1234-r1 > 1.0~1234-r0

            3.6.0 ~ 3.6
            3.6.9 ~ 3.6
            3.6_pre1 ~ 3.6
            3.6.0_pre1 ~ 3.6
            3.6.9_post1 ~ 3.6
            3.6.0 ~ 3.6.0
            3.5 <~ 3.6
            3.7 >~ 3.6
            3.6.0 !~ 3.8
            3.6.9 !~ 3.8
            3.8 !~ 3.8.1
            3.8.0 !~ 3.8.1
            3.8.0.1 !~ 3.8.1
            3.6_pre1 !~ 3.8
            3.6.0_pre1 !~ 3.8
            3.6.9_post1 !~ 3.8

            1.2
            0.1_pre2
            0.1_pre2~1234abcd
            0.1_p1_pre2
            0.1_alpha1_pre2
            0.1_git20240101_pre1
            !
            !0.1bc
            !0.1bc1
            !0.1a1
            !0.1a.1
            !0.1_pre2~
            !0.1_pre2~1234xbcd
            !0.1_pre2~1234abcd_pre1
            !0.1_pre2-r1~1234xbcd
            !0.1_foobar
            !0.1_foobar1
            !0.1-pre1.1
            !0.1-r
            !0.1-r2_pre1
            !0.1-r2_p3_pre1
            !0.1-r2-r3
            !0.1-r2.1
            !.1
            !a
            !_pre1
            !-r1
            !0.1_
            !0.1_-r0
            !0.1__alpha
            !0.1_1_alpha
            """;

    /** The rows apk-tools 2 (Alpine up to 3.22) orders the other way: no answer, rather than a guess. */
    private static final Set<String> APK_TOOLS_2_DISAGREES = Set.of(
            "6.0_pre1 < 6.0", "8.2.0 < 8.2.001", "8.2.0015 < 8.2.002");

    /** The line of the table that ends apk-tools 2's test/version.data. */
    private static final String LAST_APK_TOOLS_2_ROW = "1.0.0_pre20191002222144-r0 < 1.0.0_pre20210530193627-r0";

    private final ApkOrdering ordering = new ApkOrdering();

    /** The data's lines without comments and blank lines. */
    private static Stream<String> rows() {
        return VERSION_DATA.lines().map(line -> line.replaceFirst("#.*", "").strip()).filter(line -> !line.isEmpty());
    }

    static Stream<Arguments> comparisons() {
        return rows().map(row -> row.split(" ")).filter(row -> row.length == 3 && !row[1].contains("~"))
                .map(row -> Arguments.of(row[0], row[1], row[2]));
    }

    /** apk-tools 2's test/version.data: the table up to its last line. */
    static Stream<Arguments> apkTools2Comparisons() {
        List<Arguments> rows = new ArrayList<>();
        for (Arguments row : comparisons().toList()) {
            rows.add(row);
            if (String.join(" ", (String) row.get()[0], (String) row.get()[1], (String) row.get()[2])
                    .equals(LAST_APK_TOOLS_2_ROW)) {
                return rows.stream();
            }
        }
        throw new IllegalStateException("the table lost apk-tools 2's last row");
    }

    static Stream<String> validVersions() {
        return rows().filter(row -> !row.contains(" ") && !row.startsWith("!"));
    }

    static Stream<String> invalidVersions() {
        // A lone "!" checks the empty version, which never reaches an ordering.
        return rows().filter(row -> row.startsWith("!") && row.length() > 1).map(row -> row.substring(1));
    }

    private static int sign(String op) {
        return switch (op) {
            case "<" -> -1;
            case ">" -> 1;
            default -> 0;
        };
    }

    @Test
    void theTableIsAllThere() {
        assertThat(comparisons()).hasSize(738);
        assertThat(apkTools2Comparisons()).hasSize(729);
        assertThat(validVersions()).hasSize(6);
        assertThat(invalidVersions()).hasSize(24);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("comparisons")
    void ordersAsVersionData(String left, String op, String right) {
        if (APK_TOOLS_2_DISAGREES.contains(left + " " + op + " " + right)) {
            assertThat(ordering.compare(left, right)).isEmpty();
            assertThat(ordering.compare(right, left)).isEmpty();
            assertThat(new ApkTools2Ordering().compare(left, right)).hasValue(-sign(op));
            return;
        }
        assertThat(ordering.compare(left, right)).hasValue(sign(op));
        assertThat(ordering.compare(right, left)).hasValue(-sign(op));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("comparisons")
    void apkTools3PassesItsWholeTable(String left, String op, String right) {
        assertThat(new ApkTools3Ordering().compare(left, right)).hasValue(sign(op));
        assertThat(new ApkTools3Ordering().compare(right, left)).hasValue(-sign(op));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("apkTools2Comparisons")
    void apkTools2PassesItsTable(String left, String op, String right) {
        assertThat(new ApkTools2Ordering().compare(left, right)).hasValue(sign(op));
        assertThat(new ApkTools2Ordering().compare(right, left)).hasValue(-sign(op));
    }

    @ParameterizedTest
    @MethodSource("validVersions")
    void acceptsWhatVersionDataCallsValid(String version) {
        assertThat(ApkTools3Ordering.valid(version)).isTrue();
        assertThat(ordering.compare(version, version)).hasValue(0);
    }

    /**
     * An invalid version is never equal to anything, not even to itself: the comparison reaches its invalid token.
     * One is deliberately valid here: {@code 0.1a1}, a number after the letter, which apk-tools 2 accepts and
     * Alpine shipped ({@code sudo 1.9.5p2-r0}).
     */
    @ParameterizedTest
    @MethodSource("invalidVersions")
    void rejectsWhatVersionDataCallsInvalid(String version) {
        if (version.equals("0.1a1")) {
            assertThat(ordering.compare(version, "0.1a2")).hasValue(-1);
            return;
        }
        assertThat(ApkTools3Ordering.valid(version)).isFalse();
        assertThat(ordering.compare(version, version)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "1:", ":1", "1.0 2", "1.0\t2", "1.0-1", "1.0-R1", "1.0A", "1.0_ALPHA", "1.0~ABC",
        "1.0_alpha.1", "1.0-r1a", "1..0", "1.", "v1.0", "1.0\u00e9", "1.0~abc\u00e9", "\u0663.0", "1.0_rc1~", "1.0_p-r",
        "1.0a1b", "1.0a1.2", "0.8.21.r2", "1.18.-r2"})
    void garbageIsNeverEqualToAnything(String version) {
        assertThat(ordering.compare(version, version)).isEmpty();
        assertThat(ordering.compare(version, "1.0")).isNotEqualTo(java.util.OptionalInt.of(0));
    }

    /**
     * Like apk-tools, an answer that a valid token decides stands even if an invalid one follows; an answer that
     * would rest on the invalid token is not given.
     */
    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource({
        "23_foo,      4_beta,     1",
        "1.0,         1.0bc,     -1",
        "1.0-r1a,     1.0,        1",
        "2.0_foo,     1.0,        1",
        "1.0\u00e9,  2.0,       -1",
        "1.0_foo,     1.0_bar,    ",
        "1.0_foo,     1.0,        ",
        "1.0-1,       1.0,        ",
        "abc,         1.0,        ",
    })
    void invalidTailsAsApkToolsTolerateThem(String left, String right, Integer expected) {
        if (expected == null) {
            assertThat(ordering.compare(left, right)).isEmpty();
            assertThat(ordering.compare(right, left)).isEmpty();
        } else {
            assertThat(ordering.compare(left, right)).hasValue(expected);
            assertThat(ordering.compare(right, left)).hasValue(-expected);
        }
    }

    /**
     * Versions Alpine shipped while its apk was 2.x, with a number after the letter: sudo's fix for
     * CVE-2021-3156 ("Baron Samedit") is {@code 1.9.5p2-r0} in Alpine 3.13's security database; libretls
     * {@code 3.3.3p1-r3} (Alpine 3.14); {@code 2.1a15-r17}; Python packages such as {@code 0.12.5a0-r0}.
     */
    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource({
        "1.9.5p1-r0,   1.9.5p2-r0,   -1",
        "1.9.4-r0,     1.9.5p2-r0,   -1",
        "1.9.5-r0,     1.9.5p2-r0,   -1",
        "1.9.5p2-r0,   1.9.5p2-r0,    0",
        "1.9.5p2-r1,   1.9.5p2-r0,    1",
        "1.9.5p10-r0,  1.9.5p2-r0,    1",
        "1.9.6-r0,     1.9.5p2-r0,    1",
        "1.9.12_p2-r1, 1.9.5p2-r0,    1",
        "3.3.3p1-r3,   3.3.3p1-r2,    1",
        "3.3.3p1-r2,   3.3.3-r0,      1",
        "2.1a15-r17,   2.1a15-r16,    1",
        "2.1a15-r17,   2.1b-r0,      -1",
        "0.12.5a0-r0,  0.12.5-r0,     1",
        "0.12.5a0-r0,  0.12.5a-r0,    1",
        "1.0a01,       1.0a1,         0",
        "1.0a1,        1.0a_p1,       1",
        "1.0a1_rc1,    1.0a1,        -1",
        "1.0a1~cafe,   1.0a1,         1",
    })
    void aNumberAfterTheLetterOrdersAsApkTools2OrdersIt(String left, String right, int expected) {
        assertThat(ordering.compare(left, right)).hasValue(expected);
        assertThat(ordering.compare(right, left)).hasValue(-expected);
        if (!left.contains("~")) {
            assertThat(new ApkTools2Ordering().compare(left, right)).hasValue(expected);
        }
    }

    /** Where apk-tools 2 and 3 order valid versions differently, there is no answer, and the reason is said. */
    @ParameterizedTest(name = "{0} vs {1}")
    @CsvSource({
        "8.2.0-r0,     8.2.001-r0,   '>', '<'",
        "6.0_rc1,      6.0,          '>', '<'",
        "1.0,          1.00,         '>', '<'",
        "1.02,         1.010,        '<', '>'",
    })
    void noAnswerWhereTheTwoApkToolsDisagree(String left, String right, String apk2, String apk3) {
        assertThat(ordering.compare(left, right)).isEmpty();
        assertThat(Versions.explain("apk", left, right)).isEqualTo("versions not comparable: installed " + left
                + " vs fixed " + right + " (apk-tools 2 orders them " + apk2 + ", apk-tools 3 " + apk3 + ")");
    }

    @Test
    void longRunsOfDigitsCompareWithoutOverflow() {
        String big = "9".repeat(256);
        assertThat(ordering.compare(big, big)).hasValue(0);
        assertThat(ordering.compare("9".repeat(255), big)).hasValue(-1);
        assertThat(ordering.compare("1" + "0".repeat(255), "9".repeat(255))).hasValue(1);
        assertThat(ordering.compare("0".repeat(200) + "7", "7")).hasValue(0);
        assertThat(ordering.compare("1_p" + big, "1_p" + "9".repeat(200))).hasValue(1);
        assertThat(ordering.compare("1-r" + "9".repeat(30), "1-r" + "9".repeat(29))).hasValue(1);
        assertThat(ordering.compare("1.0a" + big, "1.0a" + "9".repeat(200))).hasValue(1);
    }

    @Test
    void apkTools3IsATotalOrderOnGeneratedVersions() {
        List<String> versions = generate(new Random(20240611L), 200);
        OrderingProperties.assertIsATotalOrder(new ApkTools3Ordering(), versions, 20240611L);
    }

    @Test
    void apkTools2IsATotalOrderOnGeneratedVersionsWithoutTheHash() {
        List<String> versions = generate(new Random(7L), 200).stream().filter(v -> !v.contains("~")).toList();
        OrderingProperties.assertIsATotalOrder(new ApkTools2Ordering(), versions, 7L);
    }

    /**
     * Every answer is apk-tools 3's, and so transitive; only where apk-tools 2 disagrees is one missing. Without
     * runs of zeros after a dot the two never disagree, so there every pair has an answer.
     */
    @Test
    void answersAreApkTools3sAndTotalWithoutZeroRuns() {
        List<String> versions = generate(new Random(20240611L), 200);
        ApkTools3Ordering apk3 = new ApkTools3Ordering();
        int missing = 0;
        for (String a : versions) {
            for (String b : versions) {
                java.util.OptionalInt answer = ordering.compare(a, b);
                if (answer.isPresent()) {
                    assertThat(answer).as("%s vs %s", a, b).isEqualTo(apk3.compare(a, b));
                } else {
                    assertThat(a + " " + b).as("%s vs %s", a, b).containsPattern("\\.0");
                    missing++;
                }
            }
        }
        assertThat(missing).as("pairs without an answer").isLessThan(versions.size() * versions.size() / 4);
        List<String> noZeroRuns = versions.stream().filter(v -> !v.contains(".0")).toList();
        assertThat(noZeroRuns).hasSizeGreaterThan(50);
        OrderingProperties.assertIsATotalOrder(ordering, noZeroRuns, 20240611L);
    }

    /**
     * Distinct versions of Alpine's shape: numbers (some with leading zeros, which switch apk to a
     * text comparison), a letter (perhaps with a number after it), suffixes with and without
     * numbers, a commit hash, a revision.
     */
    private static List<String> generate(Random random, int count) {
        String[] numbers = {"0", "1", "2", "9", "10", "01", "001", "05", "20240101"};
        String[] suffixes = {"alpha", "beta", "pre", "rc", "cvs", "svn", "git", "hg", "p"};
        Set<String> versions = new LinkedHashSet<>();
        while (versions.size() < count) {
            StringBuilder v = new StringBuilder().append(random.nextInt(4));
            for (int part = random.nextInt(4); part > 0; part--) {
                v.append('.').append(numbers[random.nextInt(numbers.length)]);
            }
            if (random.nextInt(4) == 0) {
                v.append((char) ('a' + random.nextInt(3)));
                if (random.nextInt(3) == 0) {
                    v.append(random.nextInt(12)); // apk-tools 2's number after the letter: 1.9.5p2
                }
            }
            for (int suffix = random.nextInt(3); suffix > 0; suffix--) {
                v.append('_').append(suffixes[random.nextInt(suffixes.length)]);
                if (random.nextBoolean()) {
                    v.append(random.nextInt(3));
                }
            }
            if (random.nextInt(6) == 0) {
                v.append('~').append(Integer.toHexString(random.nextInt(0x1000)));
            }
            if (random.nextBoolean()) {
                v.append("-r").append(random.nextInt(3));
            }
            versions.add(v.toString());
        }
        return new ArrayList<>(versions);
    }
}
