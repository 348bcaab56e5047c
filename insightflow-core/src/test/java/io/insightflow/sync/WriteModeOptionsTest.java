package io.insightflow.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightflow.api.InsightflowConfigException;
import io.insightflow.config.InsightflowProperties;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code insightflow.sync.writeMode} and {@code insightflow.sync.writeMode.<table>} in {@link SyncOptions}. [#21] */
class WriteModeOptionsTest {

  @Test
  void fromProperties_runWideAndTableModes_tableWins() {
    SyncOptions options = SyncOptions.fromProperties(Map.of("insightflow.sync.writeMode", "replace",
        "insightflow.sync.writeMode.orders", "APPEND"));

    assertThat(options.writeMode()).isEqualTo(WriteMode.REPLACE);
    assertThat(options.writeMode("orders")).isEqualTo(WriteMode.APPEND);
    assertThat(options.writeMode("Orders")).as("table names from the environment are lower case").isEqualTo(WriteMode.APPEND);
    assertThat(options.writeMode("products")).isEqualTo(WriteMode.REPLACE);
    assertThat(options.withDeadline(null)).isEqualTo(options);
  }

  @Test
  void fromProperties_nothingSet_appendsEveryTable() {
    SyncOptions options = SyncOptions.fromProperties(Map.of());

    assertThat(options.writeMode("orders")).isEqualTo(WriteMode.APPEND);
    assertThat(SyncOptions.builder().build().writeMode("orders")).isEqualTo(WriteMode.APPEND);
  }

  @Test
  void fromEnvironment_tableVariable_reachesTheOptions() {
    Map<String, String> settings = InsightflowProperties.registry()
        .fromEnvironment(Map.of("INSIGHTFLOW_SYNC_WRITEMODE_ORDER_PRODUCTS__PRIOR", "replace"));

    SyncOptions options = SyncOptions.fromProperties(settings);

    assertThat(options.writeMode("order_products__prior")).isEqualTo(WriteMode.REPLACE);
    assertThat(options.writeMode("orders")).isEqualTo(WriteMode.APPEND);
  }

  @Test
  void fromProperties_mergeForATableOrEveryTable_isAccepted() {
    assertThat(SyncOptions.fromProperties(Map.of("insightflow.sync.writeMode.orders", "merge")).writeMode("orders"))
        .isEqualTo(WriteMode.MERGE);
    SyncOptions all = SyncOptions.fromProperties(Map.of("insightflow.sync.writeMode", "merge",
        "insightflow.sync.externalTables", "events"));
    assertThat(all.writeMode("events")).as("merge needs no run manifest").isEqualTo(WriteMode.MERGE);
  }

  @Test
  void ingestSink_merge_isAccepted() {
    try (var sink = new PostgresSinkProvider().open(Map.of("insightflow.target.url",
        "jdbc:postgresql://127.0.0.1/test", "insightflow.sync.writeMode.orders", "merge"))) {
      assertThat(sink.describe()).startsWith("PostgreSQL ");
    }
  }

  @Test
  void fromProperties_unknownMode_failsNamingTheKey() {
    assertThatThrownBy(() -> SyncOptions.fromProperties(Map.of("insightflow.sync.writeMode.orders", "upsert")))
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessage("insightflow.sync.writeMode.orders: Unknown write mode 'upsert'; use append, replace or merge");
  }

  @Test
  void build_replaceOnAnExternalTable_failsSayingWhy() {
    assertThatThrownBy(() -> SyncOptions.fromProperties(Map.of("insightflow.sync.externalTables", "events",
        "insightflow.sync.writeMode", "replace")))
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageStartingWith("insightflow.sync.writeMode: Write mode replace does not apply to the external table"
            + " events")
        .hasMessageContaining("without a run manifest").hasMessageEndingWith("insightflow.sync.writeMode.events=append");

    SyncOptions fixed = SyncOptions.fromProperties(Map.of("insightflow.sync.externalTables", "events",
        "insightflow.sync.writeMode", "replace", "insightflow.sync.writeMode.events", "append"));
    assertThat(fixed.writeMode("events")).isEqualTo(WriteMode.APPEND);
    assertThat(fixed.writeMode("orders")).isEqualTo(WriteMode.REPLACE);
  }
}
