package io.insightflow.stream;

import io.insightflow.api.Evolving;
import java.util.Objects;

/**
 * How far a shard has been consumed into the lake: every record up to and including
 * {@code sequenceNumber} is in a lake object listed by a manifest.
 *
 * @param stream the stream
 * @param shardId the shard
 * @param sequenceNumber the last record written to the lake, or null when none was (resume from
 *     the start of the shard)
 * @param closed whether the shard is closed (after a reshard) and was read to its end; its child
 *     shards may start
 * @param updatedAt ISO-8601 instant of the write, for humans
 */
@Evolving
public record ShardCheckpoint(String stream, String shardId, String sequenceNumber, boolean closed,
    String updatedAt) {

  public ShardCheckpoint {
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(shardId, "shardId");
  }
}
