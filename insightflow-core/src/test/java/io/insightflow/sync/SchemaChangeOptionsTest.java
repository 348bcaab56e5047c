package io.insightflow.sync;

import static io.insightflow.config.InsightflowProperties.SYNC_SCHEMA_CHANGES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightflow.api.InsightflowConfigException;
import io.insightflow.config.InsightflowProperties;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code insightflow.sync.schemaChanges} and {@code insightflow.sync.schemaChanges.<table>} in {@link SyncOptions}. [#21] */
class SchemaChangeOptionsTest {

  @Test
  void fromProperties_nothingSet_everyTableEvolves() {
    assertThat(SyncOptions.fromProperties(Map.of()).schemaChanges("orders")).isEqualTo(SchemaChangeMode.EVOLVE);
    assertThat(SyncOptions.builder().build().schemaChanges("orders")).isEqualTo(SchemaChangeMode.EVOLVE);
  }

  @Test
  void fromProperties_runWideAndTableModes_tableWins() {
    SyncOptions options = SyncOptions.builder().set(SYNC_SCHEMA_CHANGES, "freeze")
        .setAll(Map.of(SYNC_SCHEMA_CHANGES.nameFor("orders"), "Evolve")).build();

    assertThat(options.schemaChanges("orders")).isEqualTo(SchemaChangeMode.EVOLVE);
    assertThat(options.schemaChanges("ORDERS")).isEqualTo(SchemaChangeMode.EVOLVE);
    assertThat(options.schemaChanges("products")).isEqualTo(SchemaChangeMode.FREEZE);
    assertThat(options.withDeadline(null).wholeLake().schemaChanges("products")).isEqualTo(SchemaChangeMode.FREEZE);
  }

  @Test
  void fromEnvironment_tableVariable_reachesTheOptions() {
    Map<String, String> settings = InsightflowProperties.registry()
        .fromEnvironment(Map.of("INSIGHTFLOW_SYNC_SCHEMACHANGES_ORDERS", "freeze"));

    SyncOptions options = SyncOptions.fromProperties(settings);

    assertThat(options.schemaChanges("orders")).isEqualTo(SchemaChangeMode.FREEZE);
    assertThat(options.schemaChanges("products")).isEqualTo(SchemaChangeMode.EVOLVE);
  }

  @Test
  void fromProperties_unknownMode_failsNamingTheKey() {
    assertThatThrownBy(() -> SyncOptions.fromProperties(Map.of("insightflow.sync.schemaChanges.orders", "relax")))
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessage("insightflow.sync.schemaChanges.orders: Unknown schema change mode 'relax'; use evolve or freeze");
    assertThatThrownBy(() -> SyncOptions.fromProperties(Map.of("insightflow.sync.schemaChanges", "relax")))
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageStartingWith("insightflow.sync.schemaChanges");
  }
}
