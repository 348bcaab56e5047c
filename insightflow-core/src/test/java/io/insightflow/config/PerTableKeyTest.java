package io.insightflow.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightflow.api.InsightflowConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-table keys as the write modes will declare them ({@code insightflow.sync.writeMode} for every
 * table, {@code insightflow.sync.writeMode.<table>} for one), through every configuration source.
 */
class PerTableKeyTest {

  static final ConfigKey<String> WRITE_MODE = ConfigKey.key("insightflow.sync.writeMode").stringType()
      .defaultValue("append").perTable().description("append | replace | merge; per table as writeMode.<table>");
  static final ConfigKey<List<String>> KEYS = ConfigKey.key("insightflow.sync.keys").listType().perTable()
      .description("Key columns of a table, insightflow.sync.keys.<table>=col1,col2");
  static final ConfigKey<Integer> BATCH = ConfigKey.key("insightflow.sync.batch").intType().perTable()
      .description("A whole number per table");

  private final KeyRegistry registry = InsightflowProperties.registry().plus(List.of(WRITE_MODE, KEYS, BATCH));

  @TempDir
  Path dir;

  @Test
  void value_tableSetting_overridesTheRunWideOneWhichOverridesTheDefault() {
    Map<String, String> settings = Map.of("insightflow.sync.writeMode", "merge",
        "insightflow.sync.writeMode.orders", "replace", "insightflow.sync.keys.orders", "order_id, line ,");

    assertThat(WRITE_MODE.value(settings, "orders")).isEqualTo("replace");
    assertThat(WRITE_MODE.value(settings, "products")).isEqualTo("merge");
    assertThat(WRITE_MODE.value(Map.of(), "orders")).isEqualTo("append");
    assertThat(KEYS.value(settings, "orders")).containsExactly("order_id", "line");
    assertThat(KEYS.value(settings, "products")).isEmpty();
  }

  @Test
  void requireKnown_tableKeysFromMapOrCli_passAndTyposFail() {
    registry.requireKnown(Map.of("insightflow.sync.writeMode.orders", "replace",
        "insightflow.sync.keys.order_products__prior", "order_id,product_id"), "-D");

    assertThatThrownBy(() -> registry.requireKnown(Map.of("insightflow.sync.writeMod.orders", "replace"), "-D"))
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageStartingWith("insightflow.sync.writeMod.orders: Unknown key in -D; did you mean");
    assertThatThrownBy(() -> registry.requireKnown(Map.of("insightflow.sync.writeMode.", "replace"), "-D"))
        .isInstanceOf(InsightflowConfigException.class);
    assertThatThrownBy(() -> registry.requireKnown(Map.of("insightflow.sync.threads.orders", "2"), "-D"))
        .as("a run-wide key takes no table").isInstanceOf(InsightflowConfigException.class);
  }

  @Test
  void fromFile_tableKeys_areKnownAndResolved() throws IOException {
    Path file = Files.writeString(dir.resolve("if.properties"),
        "insightflow.sync.writeMode=merge\ninsightflow.sync.writeMode.orders=replace\n");

    Map<String, String> settings = InsightflowProperties.fromFile(file);
    registry.requireKnown(settings, "the configuration file");

    assertThat(WRITE_MODE.value(settings, "orders")).isEqualTo("replace");
    assertThat(WRITE_MODE.value(settings, "aisles")).isEqualTo("merge");
  }

  @Test
  void fromEnvironment_tableVariables_becomeDottedTableKeys() {
    Map<String, String> env = Map.of("INSIGHTFLOW_SYNC_WRITEMODE", "merge",
        "INSIGHTFLOW_SYNC_WRITEMODE_ORDERS", "replace",
        "INSIGHTFLOW_SYNC_KEYS_ORDER_PRODUCTS__PRIOR", "order_id,product_id", "PATH", "/bin");

    Map<String, String> settings = registry.fromEnvironment(env);

    assertThat(settings).containsEntry("insightflow.sync.writeMode", "merge")
        .containsEntry("insightflow.sync.writeMode.orders", "replace")
        .containsEntry("insightflow.sync.keys.order_products__prior", "order_id,product_id").hasSize(3);
    assertThat(registry.unknownEnvironment(env)).isEmpty();
    assertThat(WRITE_MODE.value(settings, "orders")).isEqualTo("replace");
    assertThat(WRITE_MODE.value(settings, "Orders")).as("tables match ignoring case").isEqualTo("replace");
    assertThat(KEYS.value(settings, "order_products__prior")).containsExactly("order_id", "product_id");
    assertThat(registry.unknownEnvironment(Map.of("INSIGHTFLOW_SYNC_WRITEMOD_ORDERS", "x"))).hasSize(1);
  }

  @Test
  void merge_precedence_appliesToTableKeysToo() {
    Map<String, String> settings = InsightflowProperties.merge(Map.of("insightflow.sync.writeMode.orders", "replace"),
        Map.of("insightflow.sync.writeMode.orders", "merge"));

    assertThat(WRITE_MODE.value(settings, "orders")).isEqualTo("merge");
  }

  @Test
  void value_badTableValue_failsNamingTheTableKey() {
    assertThatThrownBy(() -> BATCH.value(Map.of("insightflow.sync.batch.orders", "many"), "orders"))
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessage("insightflow.sync.batch.orders: 'many' is not a whole number");
  }

  @Test
  void nameFor_andEnvironmentName() {
    assertThat(WRITE_MODE.nameFor("orders")).isEqualTo("insightflow.sync.writeMode.orders");
    assertThat(ConfigKey.envName(WRITE_MODE.nameFor("orders"))).isEqualTo("INSIGHTFLOW_SYNC_WRITEMODE_ORDERS");
  }
}
