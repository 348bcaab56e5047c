package io.insightflow.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightflow.api.InsightflowConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NamingPolicyTest {

  /** dlt's snake_case, case by case of its documented rules. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
      "Contact Phone Number|contact_phone_number",
      "orderID|order_id",
      "ORDER_ID|order_id",
      "OrderID|order_id",
      "DealFlow|deal_flow",
      "HTTPResponse|http_response",
      "event value|event_value",
      "'  padded  '|padded",
      "event-.!:*<>value|event_x_value",
      "a+b|axb",
      "user@host|userahost",
      "'a|b'|alb",
      "123event|_123event",
      "trailing__|trailingxx",
      "a___b|a_b",
      "Café au lait|caf_au_lait",
      "x\"; drop table y; --|x_drop_table_yxxx",
      "order_id|order_id"})
  void apply_snakeCase_followsDlt(String source, String expected) {
    assertThat(NamingPolicy.SNAKE_CASE.apply(source)).isEqualTo(expected);
  }

  @Test
  void apply_keepAndLower_spellAsDocumented() {
    assertThat(NamingPolicy.KEEP.apply("Contact Phone Number")).isEqualTo("Contact Phone Number");
    assertThat(NamingPolicy.LOWER.apply("ORDER_ID")).isEqualTo("order_id");
    assertThat(NamingPolicy.LOWER.apply("Contact Phone Number")).isEqualTo("contact phone number");
    assertThat(NamingPolicy.LOWER.apply("ÉTÉ")).isEqualTo("été");
  }

  @Test
  void parse_valuesInAnyCase_orFailsNamingThePolicies() {
    assertThat(NamingPolicy.parse("insightflow.naming", "snake_case")).isEqualTo(NamingPolicy.SNAKE_CASE);
    assertThat(NamingPolicy.parse("insightflow.naming", " LOWER ")).isEqualTo(NamingPolicy.LOWER);
    assertThat(NamingPolicy.KEEP.value()).isEqualTo("keep");
    assertThatThrownBy(() -> NamingPolicy.parse("insightflow.naming.orders", "camel"))
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageContaining("insightflow.naming.orders").hasMessageContaining("keep, lower or snake_case");
  }
}
