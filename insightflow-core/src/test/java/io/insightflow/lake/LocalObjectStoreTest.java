package io.insightflow.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightflow.InsightflowConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalObjectStoreTest extends ObjectStoreContract {

  @TempDir
  Path dir;

  @Override
  protected ObjectStore newStore() {
    return new LocalObjectStore(dir.resolve("lake"));
  }

  @Test
  void constructor_parentIsRegularFile_throwsConfigExceptionNamingLake() throws IOException {
    // Tests run as root, which ignores permissions: a regular file in the path fails for everyone.
    Path file = Files.writeString(dir.resolve("plain-file"), "x");

    assertThatThrownBy(() -> new LocalObjectStore(file.resolve("lake")))
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageContaining("insightflow.lake")
        .satisfies(e -> assertThat(((InsightflowConfigException) e).key()).isEqualTo("insightflow.lake"));
  }

  @Test
  void put_file_publishesUnderRootAndHidesStagingFolder() throws IOException {
    store.put("data/x.csv", bytes("x"));

    assertThat(dir.resolve("lake/data/x.csv")).hasContent("x");
    assertThat(dir.resolve("lake").resolve(LocalObjectStore.STAGING)).isDirectory();
    assertThat(store.describe()).startsWith("file:");
  }
}
