package io.insightflow.lambda;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightflow.api.InsightflowConfigException;
import io.insightflow.Insightflow;
import io.insightflow.lake.LocalObjectStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * [#19] Step Functions inputs that would be misread silently fail the invocation before the sync
 * connects anywhere (the target here is unreachable on purpose).
 */
class SyncHandlerTest {

  @TempDir
  Path dir;

  private void invoke(Map<String, String> base, String event) throws Exception {
    try (LocalObjectStore lake = new LocalObjectStore(dir)) {
      SyncHandler handler = new SyncHandler(Insightflow.configure().properties(base)
          .property("insightflow.target.url", "jdbc:postgresql://127.0.0.1:1/nowhere")
          .property("insightflow.lambda.safetyMargin", "100ms").build(), lake);
      handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)),
          new ByteArrayOutputStream(), new TestContext(Duration.ofSeconds(5)));
    }
  }

  @Test
  void task_emptyTables_isInvalidInsteadOfSyncingEveryTable() {
    assertThatThrownBy(() -> invoke(Map.of(), "{\"mode\":\"full\",\"tables\":[]}"))
        .isInstanceOf(InvalidEventException.class).hasMessageStartingWith("'tables' names no table");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"start\":\"2024-05-01T00:00:00Z\",\"end\":\"2024-06-01T00:00:00Z\"}",
      "{\"mode\":\"full\",\"start\":\"2024-05-01T00:00:00Z\",\"end\":\"2024-06-01T00:00:00Z\"}",
      "{\"mode\":\"incremental\",\"end\":\"2024-06-01T00:00:00Z\"}"})
  void task_windowWithoutWindowMode_isInvalidInsteadOfIgnored(String event) {
    assertThatThrownBy(() -> invoke(Map.of(), event))
        .isInstanceOf(InvalidEventException.class).hasMessageStartingWith("'start' and 'end' apply to mode window only");
  }

  @Test
  void task_incrementalOverAFullReloadConfiguration_failsNamingTheReloadKey() {
    Map<String, String> fullReload = Map.of("insightflow.sync.mode", "full", "insightflow.sync.reload", "true");

    assertThatThrownBy(() -> invoke(fullReload, "{\"mode\":\"incremental\"}"))
        .isInstanceOf(InsightflowConfigException.class).hasMessageStartingWith("insightflow.sync.reload:");
  }
}
