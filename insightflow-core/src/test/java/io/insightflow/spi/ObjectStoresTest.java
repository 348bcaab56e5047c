package io.insightflow.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightflow.api.InsightflowConfigException;
import io.insightflow.lake.LocalObjectStore;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Parsing of {@code insightflow.lake}; S3 lakes that open are covered by {@code S3ObjectStoreIT}. */
class ObjectStoresTest {

  @TempDir
  Path dir;

  @Test
  void open_plainPath_opensLocalStore() {
    try (ObjectStore lake = ObjectStores.open(dir.resolve("lake").toString())) {
      assertThat(lake).isInstanceOf(LocalObjectStore.class);
      assertThat(((LocalObjectStore) lake).root()).isEqualTo(dir.resolve("lake"));
    }
  }

  @Test
  void open_fileUri_opensLocalStore() {
    try (ObjectStore lake = ObjectStores.open(dir.resolve("uri-lake").toUri().toString())) {
      assertThat(((LocalObjectStore) lake).root()).isEqualTo(dir.resolve("uri-lake"));
    }
  }

  @Test
  void open_settings_readsLakeKey() {
    try (ObjectStore lake = ObjectStores.open(Map.of("insightflow.lake", dir.resolve("m").toString()))) {
      assertThat(((LocalObjectStore) lake).root()).isEqualTo(dir.resolve("m"));
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "s3://                 | names no bucket",
      "s3:///prefix          | names no bucket",
      "S3://                 | names no bucket",
      "ftp://x               | Unsupported scheme 'ftp'",
      "hdfs://nn/lake        | Unsupported scheme 'hdfs'",
      "file:relative/lake    | absolute file: URI",
      "file://server/share   | absolute file: URI",
      "'   '                 | No lake location",
  })
  void open_badValue_throwsConfigExceptionNamingLake(String lake, String message) {
    assertThatThrownBy(() -> ObjectStores.open(lake))
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageContaining("insightflow.lake")
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(((InsightflowConfigException) e).key()).isEqualTo("insightflow.lake"));
  }

  @Test
  void open_s3WithBadEndpointSetting_throwsConfigExceptionNamingEndpoint() {
    assertThatThrownBy(() -> ObjectStores.open(Map.of("insightflow.lake", "s3://bucket",
        "insightflow.s3.endpoint", "ftp://127.0.0.1")))
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageContaining("insightflow.s3.endpoint");
  }
}
