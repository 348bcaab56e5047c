package io.insightflow.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightflow.api.InsightflowConfigException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MergeRulesTest {

  private static SyncOptions options(String... keyValues) {
    Map<String, String> settings = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      settings.put(keyValues[i], keyValues[i + 1]);
    }
    return SyncOptions.fromProperties(settings);
  }

  @Test
  void forTable_tableValueOverridesEveryTables_caseIgnoredForEnvironmentNames() {
    SyncOptions options = options("insightflow.sync.writeMode", "merge", "insightflow.sync.deleteMarker", "Op=D",
        "insightflow.sync.deleteMarker.USERS", "is_deleted", "insightflow.sync.softDelete.users", "deleted_at",
        "insightflow.sync.orderBy.orders", "updated_at");

    assertThat(options.mergeRules().forTable("orders")).isEqualTo(new MergeRules.TableMerge(
        new DeleteMarker("Op", "D"), null, "updated_at"));
    assertThat(options.mergeRules().forTable("users")).isEqualTo(new MergeRules.TableMerge(
        new DeleteMarker("is_deleted", null), "deleted_at", null));
  }

  @ParameterizedTest
  @ValueSource(strings = {"append", "replace"})
  void deleteMarker_onATableNotInMerge_isRefusedNamingTheKey(String mode) {
    assertThatThrownBy(() -> options("insightflow.sync.writeMode.orders", mode,
        "insightflow.sync.deleteMarker.orders", "Op=D"))
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageContaining("insightflow.sync.deleteMarker.orders applies to write mode merge only, and table orders's"
            + " write mode is " + mode)
        .hasMessageContaining("set insightflow.sync.writeMode.orders=merge");
  }

  @Test
  void everyTablesRule_withATableInAnotherMode_isRefusedNamingThatTable() {
    assertThatThrownBy(() -> options("insightflow.sync.writeMode", "merge", "insightflow.sync.writeMode.events",
        "append", "insightflow.sync.orderBy", "updated_at"))
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageContaining("insightflow.sync.orderBy applies to write mode merge only, and table events's write mode"
            + " is append")
        .hasMessageContaining("insightflow.sync.orderBy.<table>");
    assertThatThrownBy(() -> options("insightflow.sync.deleteMarker", "Op=D"))
        .hasMessageContaining("the write mode of every table (insightflow.sync.writeMode) is append");
  }

  @Test
  void softDelete_withoutDeleteMarker_isRefused() {
    assertThatThrownBy(() -> options("insightflow.sync.writeMode", "merge", "insightflow.sync.softDelete.users",
        "deleted_at"))
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageContaining("insightflow.sync.softDelete.users")
        .hasMessageContaining("set insightflow.sync.deleteMarker.users=");
  }

  @Test
  void softDelete_onTheMarkerOrOrderingColumn_isRefused() {
    assertThatThrownBy(() -> options("insightflow.sync.writeMode", "merge", "insightflow.sync.deleteMarker",
        "is_deleted", "insightflow.sync.softDelete", "is_deleted"))
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageContaining("insightflow.sync.softDelete").hasMessageContaining("cannot also be the delete marker");
    assertThatThrownBy(() -> options("insightflow.sync.writeMode", "merge", "insightflow.sync.deleteMarker.t",
        "Op=D", "insightflow.sync.softDelete.t", "u", "insightflow.sync.orderBy", "u"))
        .hasMessageContaining("insightflow.sync.softDelete.t");
  }

  @Test
  void badValues_areRefusedNamingTheKey() {
    assertThatThrownBy(() -> options("insightflow.sync.writeMode", "merge", "insightflow.sync.deleteMarker.t", "Op="))
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageContaining("insightflow.sync.deleteMarker.t").hasMessageContaining("has no value");
    assertThatThrownBy(() -> options("insightflow.sync.writeMode", "merge", "insightflow.sync.orderBy", "a\u0000b"))
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageContaining("insightflow.sync.orderBy");
  }

  @Test
  void theIngestSinkPostgresql_refusesADeleteMarker() {
    assertThatThrownBy(() -> new PostgresSinkProvider().open(Map.of("insightflow.sync.deleteMarker.orders", "Op=D")))
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageContaining("insightflow.sync.deleteMarker.orders applies to write mode merge only");
  }
}
