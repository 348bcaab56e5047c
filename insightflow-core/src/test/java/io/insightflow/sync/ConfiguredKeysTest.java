package io.insightflow.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightflow.api.InsightflowConfigException;
import io.insightflow.config.InsightflowProperties;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** insightflow.sync.keys.<table>: parsed, checked, found per table, and in the environment form. [#21] */
class ConfiguredKeysTest {

  @Test
  void fromProperties_perTable_keepsKeyOrderAndNamesTheSetting() {
    ConfiguredKeys keys = ConfiguredKeys.fromProperties(Map.of(
        "insightflow.sync.keys.order_products__prior", " product_id , order_id ",
        "insightflow.sync.threads", "2"));

    TableKeys found = keys.forTable("order_products__prior").orElseThrow();
    assertThat(found.columns()).containsExactly("product_id", "order_id");
    assertThat(found.origin()).isEqualTo(TableKeys.Origin.CONFIG);
    assertThat(found.from()).isEqualTo("insightflow.sync.keys.order_products__prior");
    assertThat(keys.forTable("orders")).isEmpty();
  }

  @Test
  void fromEnvironment_tableVariable_becomesTheTablesKey() {
    Map<String, String> settings = InsightflowProperties.registry()
        .fromEnvironment(Map.of("INSIGHTFLOW_SYNC_KEYS_ORDER_PRODUCTS__PRIOR", "order_id,product_id"));

    ConfiguredKeys keys = ConfiguredKeys.fromProperties(settings);

    assertThat(settings).containsEntry("insightflow.sync.keys.order_products__prior", "order_id,product_id");
    assertThat(keys.forTable("order_products__prior").orElseThrow().columns()).containsExactly("order_id", "product_id");
    // A table in mixed case still finds the (lower-cased) environment setting.
    assertThat(keys.forTable("Order_Products__Prior").orElseThrow().columns()).containsExactly("order_id", "product_id");
  }

  @Test
  void forTable_withoutItsOwn_takesEveryTablesKey() {
    ConfiguredKeys keys = ConfiguredKeys.fromProperties(Map.of("insightflow.sync.keys", "id",
        "insightflow.sync.keys.orders", "order_id"));

    assertThat(keys.forTable("products").orElseThrow().from()).isEqualTo("insightflow.sync.keys");
    assertThat(keys.forTable("products").orElseThrow().columns()).containsExactly("id");
    assertThat(keys.forTable("orders").orElseThrow().columns()).containsExactly("order_id");
  }

  @Test
  void fromProperties_blankValue_isUnset() {
    assertThat(ConfiguredKeys.fromProperties(Map.of("insightflow.sync.keys.orders", " ")).forTable("orders")).isEmpty();
  }

  @Test
  void fromProperties_badKey_failsNamingTheSetting() {
    assertThatThrownBy(() -> ConfiguredKeys.fromProperties(Map.of("insightflow.sync.keys.orders", "order_id,order_id")))
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageContaining("insightflow.sync.keys.orders")
        .hasMessageContaining("key column 'order_id' is named twice");
    assertThatThrownBy(() -> ConfiguredKeys.fromProperties(Map.of("insightflow.sync.keys.orders", "x".repeat(64))))
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageContaining("insightflow.sync.keys.orders")
        .hasMessageContaining("not a valid identifier");
    assertThatThrownBy(() -> ConfiguredKeys.fromProperties(Map.of("insightflow.sync.keys." + "t".repeat(64), "id")))
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageContaining("insightflow.sync.keys.ttt");
  }

  @Test
  void syncOptions_fromProperties_carryTheKeys() {
    SyncOptions options = SyncOptions.fromProperties(Map.of("insightflow.sync.keys.orders", "order_id"));

    assertThat(options.keys().forTable("orders").orElseThrow().columns()).containsExactly("order_id");
    assertThat(options.withDeadline(null).keys()).isEqualTo(options.keys());
    assertThat(SyncOptions.builder().build().keys()).isEqualTo(ConfiguredKeys.none());
  }

  @Test
  void registry_knowsThePerTableName() {
    InsightflowProperties.registry().requireKnown(Map.of("insightflow.sync.keys.orders", "id"), "-D");
    assertThat(List.of(InsightflowProperties.SYNC_KEYS.perTable())).containsExactly(true);
  }
}
