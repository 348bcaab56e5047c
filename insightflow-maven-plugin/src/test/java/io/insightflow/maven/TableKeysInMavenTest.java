package io.insightflow.maven;

import static org.assertj.core.api.Assertions.assertThat;

import io.insightflow.Insightflow;
import io.insightflow.sync.SyncOptions;
import io.insightflow.sync.WriteMode;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** A write mode per table through the goal's inputs: pom {@code <properties>}, environment and {@code -D}. [#21] */
class TableKeysInMavenTest {

  private final SyncMojo mojo = new SyncMojo();

  @Test
  void tableValues_pomProperties_givePerTableValuesOnly() {
    Properties pom = new Properties();
    pom.setProperty("insightflow.sync.writeMode.orders", "replace");
    pom.setProperty("insightflow.sync.writeMode", "append");
    pom.setProperty("insightflow.sync.threads", "2");
    pom.setProperty("project.build.sourceEncoding", "UTF-8");

    assertThat(mojo.tableValues(pom)).containsExactly(Map.entry("insightflow.sync.writeMode.orders", "replace"));
  }

  @Test
  void configure_tableModeFromPomEnvironmentAndCli_followsThePrecedence() {
    Insightflow flow = mojo.configure(Map.of("insightflow.sync.writeMode", "replace",
        "insightflow.sync.writeMode.orders", "append"),
        Map.of("INSIGHTFLOW_SYNC_WRITEMODE_PRODUCTS", "append"),
        Map.of("insightflow.sync.writeMode.orders", "replace"));

    SyncOptions options = SyncOptions.fromProperties(flow.settings());
    assertThat(options.writeMode("orders")).isEqualTo(WriteMode.REPLACE);
    assertThat(options.writeMode("products")).isEqualTo(WriteMode.APPEND);
    assertThat(options.writeMode("aisles")).isEqualTo(WriteMode.REPLACE);
  }

  @Test
  void configure_mergeAndKeyFromCli_reachTheOptions() {
    Insightflow flow = mojo.configure(Map.of(), Map.of("INSIGHTFLOW_SYNC_KEYS_ORDERS", "order_id"),
        Map.of("insightflow.sync.writeMode.orders", "merge"));

    SyncOptions options = SyncOptions.fromProperties(flow.settings());
    assertThat(options.writeMode("orders")).isEqualTo(WriteMode.MERGE);
    assertThat(options.writeMode("products")).isEqualTo(WriteMode.APPEND);
    assertThat(flow.settings()).containsEntry("insightflow.sync.keys.orders", "order_id");
  }
}
