package dev.fixline.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** ASCII-only case folding, and the rules for control characters. */
class TextSafetyTest {

    @Test
    void onlyAsciiLettersFold() {
        assertThat("Cr\u0131t\u0131cal".toUpperCase(Locale.ROOT)).as("what Java does").isEqualTo("CRITICAL");
        assertThat("Cr\u0131t\u0131cal".equalsIgnoreCase("critical")).as("what Java does").isTrue();
        assertThat(AsciiCase.upper("Cr\u0131t\u0131cal")).isEqualTo("CR\u0131T\u0131CAL");
        assertThat(AsciiCase.equalsIgnoreCase("Cr\u0131t\u0131cal", "critical")).isFalse();
        assertThat(AsciiCase.equalsIgnoreCase("NoF\u0131xAvailable", "NoFixAvailable")).isFalse();
        assertThat(AsciiCase.lower("\u212Aontoso.AZURECR.io")).as("the Kelvin sign stays").isEqualTo("\u212Aontoso.azurecr.io");
        assertThat(AsciiCase.upper("\uFB01x")).as("a ligature stays").isEqualTo("\uFB01X");
        assertThat(AsciiCase.equalsIgnoreCase("Unhealthy", "UNHEALTHY")).isTrue();
        assertThat(AsciiCase.equalsIgnoreCase(null, "x")).isFalse();
    }

    @Test
    void controlCharactersAreFoundAndNamed() {
        assertThat(ControlCharacters.inLine("openssl")).isEqualTo(-1);
        assertThat(ControlCharacters.inLine("open\u0000ssl")).isEqualTo(4);
        assertThat(ControlCharacters.describe("open\u0000ssl", 4)).isEqualTo("holds a NUL (U+0000) at character 5");
        assertThat(ControlCharacters.inLine("a\tb")).as("a name has no TAB").isEqualTo(1);
        assertThat(ControlCharacters.inText("line one\r\n\tline two")).as("free text may").isEqualTo(-1);
        assertThat(ControlCharacters.inText("bell\u0007")).isEqualTo(4);
        assertThat(ControlCharacters.inLine("c1\u0085")).as("C1 controls too").isEqualTo(2);
        assertThat(ControlCharacters.oneLine("[Fixline] x\r\nBcc: victim@example.com\r\n\r\nbody"))
                .isEqualTo("[Fixline] x Bcc: victim@example.com body");
        assertThat(ControlCharacters.text("a\u0000b\r\nc\u001b[31m")).isEqualTo("ab\r\nc[31m");
    }
}
