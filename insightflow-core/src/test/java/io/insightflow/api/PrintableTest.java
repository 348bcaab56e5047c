package io.insightflow.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PrintableTest {

  @Test
  void escape_newlineThenForgedLogLine_staysOnOneLine() {
    String key = "data/batch/t/x.csv\n[INFO] BUILD SUCCESS";
    assertThat(Printable.escape(key)).isEqualTo("data/batch/t/x.csv\\n[INFO] BUILD SUCCESS").doesNotContain("\n");
  }

  @ParameterizedTest
  @CsvSource({"0, \\u0000", "27, \\u001b", "127, \\u007f", "133, \\u0085", "8232, \\u2028", "8238, \\u202e",
      "65279, \\ufeff", "55296, \\ud800", "13, \\r", "9, \\t"})
  void escape_unsafeCharacter_showsAsEscape(int c, String expected) {
    assertThat(Printable.escape("a" + (char) c + "b")).isEqualTo("a" + expected + "b");
  }

  @Test
  void escape_cleanTextAndSurrogatePairs_unchanged() {
    String text = "Contact Phone Number é 😀 \"quoted\" 'x'";
    assertThat(Printable.escape(text)).isSameAs(text);
  }

  @Test
  void of_longText_cutAtTheLimit() {
    String shown = Printable.of("😀".repeat(Printable.MAX_CODE_POINTS + 5));
    assertThat(shown).isEqualTo("😀".repeat(Printable.MAX_CODE_POINTS) + "…");
    assertThat(Printable.of(null)).isEqualTo("null");
  }
}
