package io.insightflow.stream;

import io.insightflow.api.Internal;
import io.insightflow.internal.lake.MetadataObjects;
import io.insightflow.api.InsightflowException;
import io.insightflow.api.LakeException;
import io.insightflow.internal.Json;
import io.insightflow.spi.ObjectStore;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * Checkpoints as small JSON objects in the lake, at {@code _checkpoints/<stream>/<shardId>.json},
 * written with the store's atomic put (a reader sees the old or the new checkpoint, never a part).
 * The {@code _} prefix hides them from Hive-partition readers. The store is not closed here.
 */
@Internal
public final class LakeCheckpointStore implements CheckpointStore {

  /** Folder of all stream checkpoints. */
  public static final String PREFIX = "_checkpoints/";


  private final ObjectStore store;

  /** Checkpoints in {@code store}, which the caller owns and closes. */
  public LakeCheckpointStore(ObjectStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  /** The key of a shard's checkpoint. */
  public static String key(String stream, String shardId) {
    return PREFIX + Objects.requireNonNull(stream, "stream") + "/" + Objects.requireNonNull(shardId, "shardId") + ".json";
  }

  @Override
  public Optional<ShardCheckpoint> load(String stream, String shardId) {
    String key = key(stream, shardId);
    if (store.stat(key).isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Json.MAPPER.readValue(MetadataObjects.read(store, key, "stream checkpoint"), ShardCheckpoint.class));
    } catch (IOException e) {
      throw new LakeException(key, "Cannot read stream checkpoint: " + Json.problem(e)
          + "; delete it to re-read the shard from its start (objects are rewritten, not duplicated)", e);
    }
  }

  @Override
  public void save(ShardCheckpoint checkpoint) {
    Objects.requireNonNull(checkpoint, "checkpoint");
    try {
      store.put(key(checkpoint.stream(), checkpoint.shardId()), Json.MAPPER.writeValueAsBytes(checkpoint));
    } catch (IOException e) {
      throw new InsightflowException("Cannot serialise checkpoint of " + checkpoint.shardId(), e);
    }
  }
}
