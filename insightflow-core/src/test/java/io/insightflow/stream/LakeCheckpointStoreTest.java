package io.insightflow.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightflow.api.LakeException;
import io.insightflow.lake.LocalObjectStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints in a local lake: read back as written; one the lake corrupted is refused without quoting it. */
class LakeCheckpointStoreTest {

  @TempDir
  Path root;

  @Test
  void load_readsWhatSaveWrote() {
    LakeCheckpointStore store = new LakeCheckpointStore(new LocalObjectStore(root));
    ShardCheckpoint checkpoint = new ShardCheckpoint("orders", "shardId-000000000001", "4959", false,
        "2024-05-07T09:30:00Z");

    store.save(checkpoint);

    assertThat(store.load("orders", "shardId-000000000001")).contains(checkpoint);
    assertThat(store.load("orders", "shardId-000000000002")).isEmpty();
  }

  @Test
  void load_corruptCheckpoint_namesTheObjectAndWhereButNotTheText() {
    LocalObjectStore lake = new LocalObjectStore(root);
    String key = LakeCheckpointStore.key("orders", "shard-1");
    for (String json : new String[] {"{\"stream\": tOkEn_from_the_lake}", "{\"stream\": \"orders\", \"closed\": \"tOkEn\"}",
        "{\"stream\": null, \"shardId\": \"tOkEn\"}"}) {
      lake.put(key, json.getBytes(StandardCharsets.UTF_8));

      assertThatThrownBy(() -> new LakeCheckpointStore(lake).load("orders", "shard-1"))
          .isInstanceOf(LakeException.class)
          .hasMessageContaining("Cannot read stream checkpoint: not the JSON expected (line 1, column ")
          .hasMessageContaining("[object " + key + "]")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("tOkEn"));
    }
  }
}
