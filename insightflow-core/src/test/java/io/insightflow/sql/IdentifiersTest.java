package io.insightflow.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightflow.api.InsightflowConfigException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class IdentifiersTest {

  @ParameterizedTest
  @ValueSource(strings = {"orders", "order_products__prior", "_x", "T1", "a23456789012345678901234567890123456789012345678901234567890123"})
  void validate_validName_returnsIt(String name) {
    assertThat(Identifiers.validate("insightflow.tables", name)).isEqualTo(name);
    assertThat(Identifiers.isValid(name)).isTrue();
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"1abc", "bad-name", "x\"; drop table y; --", "a b", "ünicode",
      "a234567890123456789012345678901234567890123456789012345678901234"})
  void validate_invalidName_throwsWithKey(String name) {
    assertThatThrownBy(() -> Identifiers.validate("insightflow.target.schema", name))
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageContaining("not a valid identifier")
        .satisfies(e -> assertThat(((InsightflowConfigException) e).key())
            .isEqualTo("insightflow.target.schema"));
    assertThat(Identifiers.isValid(name)).isFalse();
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
