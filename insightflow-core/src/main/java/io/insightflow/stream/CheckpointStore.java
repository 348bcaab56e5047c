package io.insightflow.stream;

import io.insightflow.api.Evolving;
import java.util.Optional;

/**
 * Durable shard checkpoints of a consumer. A save must be atomic and durable when it returns: the
 * consumer writes a checkpoint only after the lake objects it covers, and trusts it after a crash.
 * Implementations are thread-safe.
 */
@Evolving
public interface CheckpointStore {

  /** The last saved checkpoint of the shard, or empty if the shard was never checkpointed. */
  Optional<ShardCheckpoint> load(String stream, String shardId);

  /** Saves the checkpoint, replacing the previous one of its shard. */
  void save(ShardCheckpoint checkpoint);
}
