package io.insightflow.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightflow.api.InsightflowConfigException;
import io.insightflow.api.InsightflowException;
import io.insightflow.sql.NamingPolicy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NamingTest {

  private static RunManifest.Column text(String name) {
    return new RunManifest.Column(name, "text", "VARCHAR", true);
  }

  @Test
  void columns_renamedByThePolicy_recordTheSourceName() {
    Naming naming = new Naming(NamingPolicy.SNAKE_CASE, Map.of());
    List<RunManifest.Column> named = naming.columns("Contacts", List.of(text("Contact Phone Number"), text("orderID")));
    assertThat(named).extracting(RunManifest.Column::name).containsExactly("contact_phone_number", "order_id");
    assertThat(named).extracting(RunManifest.Column::sourceName).containsExactly("Contact Phone Number", "orderID");
    assertThat(named.get(0).type()).isEqualTo("text");
  }

  @Test
  void columns_twoSourceNamesBecomingOne_failNamingBoth() {
    Naming naming = new Naming(NamingPolicy.SNAKE_CASE, Map.of());
    assertThatThrownBy(() -> naming.columns("orders", List.of(text("Order Id"), text("x"), text("order_id"))))
        .isInstanceOf(InsightflowException.class)
        .hasMessageContaining("'Order Id' and 'order_id'").hasMessageContaining("both become 'order_id'")
        .hasMessageContaining("snake_case");
    // The same names are two columns as the source spells them.
    assertThat(Naming.KEEP.columns("orders", List.of(text("Order Id"), text("order_id")))).hasSize(2);
  }

  @Test
  void columns_nameLongerThanPostgresHolds_failNamingNameAndLimit() {
    String fits = "é".repeat(31) + "x";
    String over = "é".repeat(32);
    assertThat(Naming.KEEP.columns("t", List.of(text(fits)))).extracting(RunManifest.Column::name).containsExactly(fits);
    assertThatThrownBy(() -> Naming.KEEP.columns("t", List.of(text(over))))
        .hasMessageContaining(over).hasMessageContaining("64 bytes").hasMessageContaining("at most 63");
    // lower-casing can lengthen a name in UTF-8 (U+0130 is 2 bytes, its lower case 3): the result is checked.
    String grows = "\u0130".repeat(31);
    assertThatThrownBy(() -> new Naming(NamingPolicy.LOWER, Map.of()).columns("t", List.of(text(grows))))
        .hasMessageContaining("under naming policy lower").hasMessageContaining("at most 63");
  }

  @Test
  void columns_nameWithQuoteSemicolonAndNewline_failOnlyForTheNewline() {
    assertThat(Naming.KEEP.columns("t", List.of(text("a\"; DROP TABLE t; --")))).hasSize(1);
    assertThatThrownBy(() -> Naming.KEEP.columns("t", List.of(text("a\nb"))))
        .hasMessageContaining("'a\\nb'").hasMessageNotContaining("\n").hasMessageContaining("control character");
  }

  @Test
  void table_isAlsoTheLakeFolder_soNoSlashOrDotSegment() {
    assertThat(new Naming(NamingPolicy.SNAKE_CASE, Map.of()).table("Order Lines")).isEqualTo("order_lines");
    assertThat(Naming.KEEP.table("Order Lines")).isEqualTo("Order Lines");
    assertThatThrownBy(() -> Naming.KEEP.table("a/b")).hasMessageContaining("folder");
    assertThatThrownBy(() -> Naming.KEEP.table("..")).hasMessageContaining("folder");
    assertThat(new Naming(NamingPolicy.SNAKE_CASE, Map.of()).table("a/b")).isEqualTo("a_b");
  }

  @Test
  void fromProperties_perTableEntries_matchTheSourceTableIgnoringCase() {
    Naming naming = Naming.fromProperties(Map.of("insightflow.naming", "lower", "insightflow.naming.ORDERS", "keep",
        "insightflow.naming.contacts", "snake_case"));
    assertThat(naming.policyOf("ORDERS")).isEqualTo(NamingPolicy.KEEP);
    assertThat(naming.policyOf("Contacts")).isEqualTo(NamingPolicy.SNAKE_CASE);
    assertThat(naming.policyOf("products")).isEqualTo(NamingPolicy.LOWER);
    assertThat(Naming.fromProperties(Map.of()).policyOf("x")).isEqualTo(NamingPolicy.KEEP);
    assertThatThrownBy(() -> Naming.fromProperties(Map.of("insightflow.naming.orders", "upper")))
        .isInstanceOf(InsightflowConfigException.class).hasMessageContaining("insightflow.naming.orders");
  }

  @Test
  void keys_followTheirColumns() {
    Naming naming = new Naming(NamingPolicy.LOWER, Map.of("Keep", NamingPolicy.KEEP));
    assertThat(naming.keys("ORDERS", List.of("ORDER_ID", "LINE"))).containsExactly("order_id", "line");
    assertThat(naming.keys("Keep", List.of("ORDER_ID"))).containsExactly("ORDER_ID");
  }
}
