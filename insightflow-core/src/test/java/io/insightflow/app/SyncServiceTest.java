package io.insightflow.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightflow.api.InsightflowConfigException;
import io.insightflow.sync.SyncMode;
import io.insightflow.sync.SyncOptions;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a {@link SyncCall}'s overrides combine with the configured sync (no connection is opened). */
class SyncServiceTest {

  private static final Instant MAY = Instant.parse("2024-05-01T00:00:00Z");
  private static final Instant JUNE = Instant.parse("2024-06-01T00:00:00Z");

  @TempDir
  Path dir;

  private SyncOptions options(Map<String, String> settings, SyncCall call) {
    Map<String, String> all = new java.util.HashMap<>(settings);
    all.put("insightflow.lake", dir.toString());
    try (SyncService sync = SyncService.open(all, null, null)) {
      return sync.options(call);
    }
  }

  @Test
  void options_configured_areTheSettings() {
    SyncOptions options = options(Map.of("insightflow.sync.mode", "window", "insightflow.sync.start", MAY.toString(),
        "insightflow.sync.end", JUNE.toString(), "insightflow.tables", "orders"), SyncCall.configured());

    assertThat(options.mode()).isEqualTo(SyncMode.WINDOW);
    assertThat(options.windowStart()).isEqualTo(MAY);
    assertThat(options.tables()).containsExactly("orders");
    assertThat(options.runs()).isEmpty();
  }

  @Test
  void options_callOverrides_replaceTheSettings() {
    Instant deadline = Instant.parse("2030-01-01T00:00:00Z");
    SyncOptions options = options(Map.of("insightflow.tables", "orders"), SyncCall.builder().mode(SyncMode.WINDOW)
        .window(MAY, JUNE).tables(List.of("products")).runs(List.of("data/batch/products/_manifest.json"))
        .deadline(deadline).build());

    assertThat(options.mode()).isEqualTo(SyncMode.WINDOW);
    assertThat(options.windowStart()).isEqualTo(MAY);
    assertThat(options.windowEnd()).isEqualTo(JUNE);
    assertThat(options.tables()).containsExactly("products");
    assertThat(options.runs()).containsExactly("data/batch/products/_manifest.json");
    assertThat(options.deadline()).isEqualTo(deadline);
  }

  @Test
  void options_otherModeOverAConfiguredWindow_dropsTheWindow() {
    SyncOptions options = options(Map.of("insightflow.sync.mode", "window", "insightflow.sync.start", MAY.toString(),
        "insightflow.sync.end", JUNE.toString()), SyncCall.builder().mode(SyncMode.FULL).build());

    assertThat(options.mode()).isEqualTo(SyncMode.FULL);
    assertThat(options.windowStart()).isNull();
  }

  @Test
  void options_windowWithoutWindowMode_failsNamingTheModeKey() {
    assertThatThrownBy(() -> options(Map.of(), SyncCall.builder().window(MAY, JUNE).build()))
        .isInstanceOf(InsightflowConfigException.class).hasMessageStartingWith("insightflow.sync.mode:")
        .hasMessageContaining("incremental");
  }
}
