package io.insightflow.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightflow.api.InsightflowConfigException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PostgresSpellingIdentifiersTest {

  @ParameterizedTest
  @ValueSource(strings = {"orders", "_x", "Order_Products__prior", "a$1", "1abc", "a b", "a.b", "é"})
  void quote_validName_isDoubleQuoted(String name) {
    assertThat(Identifiers.quoteValid("k", name)).isEqualTo('"' + name + '"');
  }

  @ParameterizedTest
  @ValueSource(strings = {"x\"; DROP TABLE y; --"})
  void quote_hostileName_staysOneQuotedName(String name) {
    assertThat(Identifiers.quoteValid("k", name)).isEqualTo("\"x\"\"; DROP TABLE y; --\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a\u0000b", "a\nb",
      "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcd"})
  void check_hostileOrInvalidName_throwsConfigException(String name) {
    assertThatThrownBy(() -> Identifiers.validate("insightflow.tables", name))
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageContaining("insightflow.tables")
        .hasMessageContaining("Invalid identifier");
  }
}
