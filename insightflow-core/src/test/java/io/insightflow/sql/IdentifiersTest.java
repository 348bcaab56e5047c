package io.insightflow.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightflow.api.InsightflowConfigException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class IdentifiersTest {

  @ParameterizedTest
  @ValueSource(strings = {"orders", "order_products__prior", "_x", "T1", "1abc", "bad-name", "a b", "ünicode",
      "Contact Phone Number", "x\"; drop table y; --", "ORDER_ID", "$", "日本語の列",
      "a23456789012345678901234567890123456789012345678901234567890123"})
  void validate_anyNamePostgresCanHold_returnsIt(String name) {
    assertThat(Identifiers.validate("insightflow.tables", name)).isEqualTo(name);
    assertThat(Identifiers.isValid(name)).isTrue();
    assertThat(Identifiers.problem(name)).isEmpty();
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"a\nb", "tab\there", "nul\u0000", "del\u007f", "c1\u0085", "lone\ud800", "ls\u2028", "bidi\u202e",
      "a234567890123456789012345678901234567890123456789012345678901234"})
  void validate_nameNoPostgresNameCanBe_throwsWithKey(String name) {
    assertThatThrownBy(() -> Identifiers.validate("insightflow.target.schema", name))
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageContaining("Invalid identifier")
        .hasMessageNotContaining("\n")
        .satisfies(e -> assertThat(((InsightflowConfigException) e).key())
            .isEqualTo("insightflow.target.schema"));
    assertThat(Identifiers.isValid(name)).isFalse();
  }

  @Test
  void validate_multiByteNames_countBytesNotCharacters() {
    String fits = "é".repeat(31) + "x"; // 63 bytes, 32 characters
    String over = "é".repeat(32);       // 64 bytes, 32 characters
    assertThat(fits.getBytes(StandardCharsets.UTF_8)).hasSize(63);
    assertThat(Identifiers.isValid(fits)).isTrue();
    assertThatThrownBy(() -> Identifiers.validate("insightflow.tables", over))
        .hasMessageContaining("64 bytes").hasMessageContaining("at most 63").hasMessageContaining(over);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
      "orders|\"orders\"",
      "Mixed Case|\"Mixed Case\"",
      "x\"; drop table y; --|\"x\"\"; drop table y; --\""})
  void quote_anyName_doublesEmbeddedQuotes(String name, String expected) {
    assertThat(Identifiers.quote(name)).isEqualTo(expected);
  }
}
