package io.insightflow.app;

import io.insightflow.api.Evolving;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Consecutive records of one shard, delivered by a caller that reads the stream itself (a Lambda
 * event source mapping), for {@link StreamService#write}.
 *
 * @param stream the stream the records came from, used when {@code insightflow.stream.name} is unset
 * @param shardId the shard
 * @param records the records in shard order; at least one
 */
@Evolving
public record StreamBatch(String stream, String shardId, List<Record> records) {

  public StreamBatch {
    Objects.requireNonNull(shardId, "shardId");
    records = List.copyOf(records);
    if (records.isEmpty()) {
      throw new io.insightflow.api.InsightflowException("A stream batch of shard " + shardId + " has no record");
    }
  }

  /**
   * One record.
   *
   * @param sequenceNumber its sequence number in the shard
   * @param arrival its approximate arrival time in the stream
   * @param data its payload, not copied
   */
  public record Record(String sequenceNumber, Instant arrival, byte[] data) {}
}
