package io.insightflow.sync;

import static io.insightflow.config.InsightflowProperties.SYNC_END;
import static io.insightflow.config.InsightflowProperties.SYNC_MODE;
import static io.insightflow.config.InsightflowProperties.SYNC_RELOAD;
import static io.insightflow.config.InsightflowProperties.SYNC_START;

import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.ParameterizedTest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightflow.api.InsightflowConfigException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyncOptionsTest {

  @Test
  void fromProperties_allSyncKeys_mapped() {
    SyncOptions options = SyncOptions.fromProperties(Map.of("insightflow.sync.mode", "window",
        "insightflow.sync.start", "2024-05-01T00:00:00Z", "insightflow.sync.end", "2024-05-02T00:00:00Z",
        "insightflow.sync.threads", "3", "insightflow.sync.onError", "reject",
        "insightflow.tables", "orders, products", "insightflow.target.schema", "lake"));

    assertThat(options.mode()).isEqualTo(SyncMode.WINDOW);
    assertThat(options.windowStart()).isEqualTo(Instant.parse("2024-05-01T00:00:00Z"));
    assertThat(options.threads()).isEqualTo(3);
    assertThat(options.onError()).isEqualTo(OnError.REJECT);
    assertThat(options.tables()).isEqualTo(Set.of("orders", "products"));
    assertThat(options.schema()).isEqualTo("lake");
    assertThat(SyncOptions.builder().setAll(Map.of("insightflow.sync.mode", "window",
        "insightflow.sync.start", "2024-05-01T00:00:00Z", "insightflow.sync.end", "2024-05-02T00:00:00Z",
        "insightflow.sync.threads", "3", "insightflow.sync.onError", "reject",
        "insightflow.tables", "orders, products", "insightflow.target.schema", "lake")).build()).isEqualTo(options);
  }

  @Test
  void build_windowWithoutEnd_throwsNamingKey() {
    assertThatThrownBy(() -> SyncOptions.builder().set(SYNC_MODE, "window")
        .set(SYNC_START, Instant.EPOCH.toString()).set(SYNC_END, null).build())
        .isInstanceOf(InsightflowConfigException.class).hasMessageContaining("insightflow.sync.start");
  }

  @Test
  void build_defaults_incrementalFailAllTables() {
    SyncOptions options = SyncOptions.builder().build();

    assertThat(options.mode()).isEqualTo(SyncMode.INCREMENTAL);
    assertThat(options.onError()).isEqualTo(OnError.FAIL);
    assertThat(options.tables()).isEmpty();
    assertThat(options.threads()).isEqualTo(Runtime.getRuntime().availableProcessors());
  }

  @Test
  void parse_unknownMode_throwsNamingKey() {
    assertThatThrownBy(() -> SyncMode.parse("sometimes"))
        .isInstanceOf(InsightflowConfigException.class).hasMessageContaining("insightflow.sync.mode");
  }

  @Test
  void fromProperties_budgetMarginReload_mapped() {
    SyncOptions options = SyncOptions.fromProperties(java.util.Map.of("insightflow.sync.timeBudget", "14m",
        "insightflow.sync.watermarkMargin", "PT2H", "insightflow.sync.mode", "full", "insightflow.sync.reload", "true"));

    assertThat(options.timeBudget()).isEqualTo(java.time.Duration.ofMinutes(14));
    assertThat(options.watermarkMargin()).isEqualTo(java.time.Duration.ofHours(2));
    assertThat(options.reload()).isTrue();
    assertThat(SyncOptions.fromProperties(java.util.Map.of()).watermarkMargin()).isEqualTo(java.time.Duration.ofHours(1));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SyncOptions.fromProperties(
        java.util.Map.of("insightflow.sync.timeBudget", "soon")))
        .hasMessageStartingWith("insightflow.sync.timeBudget:");
  }

  @Test
  void build_runThatIsNoManifest_isRefusedNamingIt() {
    assertThatThrownBy(() -> SyncOptions.builder().build().withRuns(List.of("data/batch/t/year=2024/t_part00001.csv")))
        .isInstanceOf(io.insightflow.api.InsightflowConfigException.class)
        .hasMessageContaining("t_part00001.csv").hasMessageContaining("_manifest");
  }

  @Test
  void runs_areKeptByWithAndEquals() {
    SyncOptions options = SyncOptions.builder().build().withRuns(List.of("a/_manifest.json"));

    assertThat(options.withDeadline(null)).isEqualTo(options);
    assertThat(options.runs()).containsExactly("a/_manifest.json");
    assertThat(options).isNotEqualTo(SyncOptions.builder().build());
  }

  @Test
  void fromProperties_retryTimeout_defaultsTo60sAndZeroDisables() {
    assertThat(SyncOptions.fromProperties(Map.of()).retryTimeout()).isEqualTo(java.time.Duration.ofSeconds(60));
    assertThat(SyncOptions.fromProperties(Map.of("insightflow.sync.retryTimeout", "0s")).retryTimeout()).isZero();
    assertThat(SyncOptions.fromProperties(Map.of("insightflow.sync.retryTimeout", "2m")).retryTimeout())
        .isEqualTo(java.time.Duration.ofMinutes(2));
    assertThatThrownBy(() -> SyncOptions.fromProperties(Map.of("insightflow.sync.retryTimeout", "-PT1S")))
        .isInstanceOf(InsightflowConfigException.class).hasMessageStartingWith("insightflow.sync.retryTimeout:");
  }

  // [#19] Settings that were accepted and then ignored are refused, naming the key.

  @Test
  void build_reloadInIncrementalMode_failsNamingTheKey() {
    assertThatThrownBy(() -> SyncOptions.builder().set(SYNC_RELOAD, true).build())
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageStartingWith("insightflow.sync.reload: reload applies to mode=full or window");
    assertThatThrownBy(() -> SyncOptions.fromProperties(Map.of("insightflow.sync.reload", "true")))
        .isInstanceOf(InsightflowConfigException.class).hasMessageStartingWith("insightflow.sync.reload:");
    assertThat(SyncOptions.fromProperties(Map.of("insightflow.sync.mode", "full", "insightflow.sync.reload", "TRUE"))
        .reload()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"yes", "1", "maybe"})
  void fromProperties_reloadNotTrueOrFalse_failsNamingTheKey(String value) {
    assertThatThrownBy(() -> SyncOptions.fromProperties(Map.of("insightflow.sync.mode", "full",
        "insightflow.sync.reload", value)))
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessage("insightflow.sync.reload: '" + value + "' is not a boolean; use true or false");
  }

  @ParameterizedTest
  @CsvSource({"incremental, insightflow.sync.start", "full, insightflow.sync.start", ", insightflow.sync.end"})
  void fromProperties_windowWithoutWindowMode_failsNamingTheKey(String mode, String key) {
    Map<String, String> settings = new java.util.HashMap<>(Map.of(key, "2024-05-01T00:00:00Z"));
    if (mode != null) {
      settings.put("insightflow.sync.mode", mode);
    }

    assertThatThrownBy(() -> SyncOptions.fromProperties(settings))
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageStartingWith(key + ": applies to mode=window only");
  }

  @Test
  void build_aWindowInAnotherMode_isRefusedInTheJavaApiToo() {
    SyncOptions window = SyncOptions.fromProperties(Map.of("insightflow.sync.mode", "window",
        "insightflow.sync.start", "2024-05-01T00:00:00Z", "insightflow.sync.end", "2024-05-02T00:00:00Z"));

    assertThatThrownBy(() -> SyncOptions.builder().set(SYNC_MODE, "full").set(SYNC_START, "2024-05-01T00:00:00Z")
        .set(SYNC_END, "2024-05-02T00:00:00Z").build())
        .isInstanceOf(InsightflowConfigException.class).hasMessageStartingWith("insightflow.sync.start: applies to mode=window only");
    // What LakeSync.status does: the whole lake, whatever window the options carry.
    SyncOptions all = window.wholeLake();
    assertThat(all.windowStart()).isNull();
  }

  @ParameterizedTest
  @CsvSource({
      "0000-12-31T00:00:00Z, 2024-01-01T00:00:00Z, insightflow.sync.start",
      "-0001-01-01T00:00:00Z, 2024-01-01T00:00:00Z, insightflow.sync.start",
      "2024-01-01T00:00:00Z, +10000-01-01T00:00:00Z, insightflow.sync.end",
  })
  void window_outsideThePartitionTimes_failsNamingTheKey(String start, String end, String key) {
    assertThatThrownBy(() -> SyncOptions.fromProperties(Map.of("insightflow.sync.mode", "window",
        "insightflow.sync.start", start, "insightflow.sync.end", end)))
        .isInstanceOf(InsightflowConfigException.class).hasMessageStartingWith(key + ":")
        .hasMessageContaining("outside the partition times");
    assertThatThrownBy(() -> SyncOptions.builder().set(SYNC_MODE, "window").set(SYNC_START, start)
        .set(SYNC_END, end)
        .build())
        .isInstanceOf(InsightflowConfigException.class).hasMessageStartingWith(key + ":");
  }

  @Test
  void window_wholeRange_isAccepted() {
    SyncOptions options = SyncOptions.fromProperties(Map.of("insightflow.sync.mode", "window",
        "insightflow.sync.start", "0001-01-01T00:00:00Z", "insightflow.sync.end", "9999-12-31T23:59:59Z"));

    assertThat(options.windowStart()).isEqualTo(Instant.parse("0001-01-01T00:00:00Z"));
    assertThat(options.windowEnd()).isEqualTo(Instant.parse("9999-12-31T23:59:59Z"));
  }
}
