package io.insightflow.lambda;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.insightflow.api.Printable;
import io.insightflow.app.StreamBatch;
import io.insightflow.metrics.Measurements;
import io.insightflow.stream.StreamLakeWriter.Flushed;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps a Kinesis event of an event source mapping onto one {@link StreamBatch} per shard, and what
 * became of the batches onto the partial batch response of {@code ReportBatchItemFailures}.
 */
final class KinesisBatches {

  private static final Logger LOG = LoggerFactory.getLogger(KinesisBatches.class);

  private KinesisBatches() {}

  /** Logs why a batch was not written and names its first record, from which Lambda retries the shard. */
  static StreamsEventResponse.BatchItemFailure failed(StreamBatch batch, RuntimeException e) {
    String first = batch.records().get(0).sequenceNumber();
    LOG.error("Cannot write the batch of shard {} from sequence number {} to the lake; reported for retry: {}",
        Printable.of(batch.shardId()), Printable.of(first), Printable.of(e));
    return StreamsEventResponse.BatchItemFailure.builder().withItemIdentifier(first).build();
  }

  /** The response reporting {@code failures}, with the invocation's figures added to its log line. */
  static StreamsEventResponse response(List<StreamBatch> batches, List<Flushed> written,
      List<StreamsEventResponse.BatchItemFailure> failures, InvocationLog.Invocation log) {
    log.put("records", batches.stream().mapToInt(b -> b.records().size()).sum()).put("objects", written.size())
        .put("rows", written.stream().mapToLong(Flushed::rows).sum())
        .put("dropped", written.stream().mapToLong(Flushed::dropped).sum())
        .put("failed", written.stream().mapToLong(Flushed::failed).sum()).put("batchItemFailures", failures.size())
        .metrics(Measurements.ofStream(written, failures.size()));
    return StreamsEventResponse.builder().withBatchItemFailures(failures).build();
  }

  /**
   * The event's records grouped by shard, each in delivery order (an event source mapping sends one
   * shard).
   *
   * @param configuredStream {@code insightflow.stream.name}; when empty, each record's ARN names it
   * @throws InvalidEventException for a record without a shard id or, when needed, a stream ARN
   */
  static List<StreamBatch> of(KinesisEvent event, Optional<String> configuredStream) {
    List<KinesisEvent.KinesisEventRecord> all = event == null || event.getRecords() == null ? List.of()
        : event.getRecords();
    Map<String, List<KinesisEvent.KinesisEventRecord>> shards = new LinkedHashMap<>();
    for (KinesisEvent.KinesisEventRecord r : all) {
      shards.computeIfAbsent(shardId(r), s -> new ArrayList<>()).add(r);
    }
    List<StreamBatch> batches = new ArrayList<>();
    shards.forEach((shard, records) -> batches.add(new StreamBatch(
        configuredStream.orElseGet(() -> streamOf(records.get(0).getEventSourceARN())), shard,
        records.stream().map(r -> r.getKinesis()).map(k -> new StreamBatch.Record(k.getSequenceNumber(),
            Instant.ofEpochMilli(k.getApproximateArrivalTimestamp().getTime()), bytes(k.getData()))).toList())));
    return batches;
  }

  /** The shard of a record: its event id is {@code <shardId>:<sequenceNumber>}. */
  private static String shardId(KinesisEvent.KinesisEventRecord r) {
    String id = r.getEventID();
    int colon = id == null ? -1 : id.indexOf(':');
    if (colon <= 0) {
      throw new InvalidEventException("Kinesis record " + Printable.of(r.getKinesis().getSequenceNumber())
          + " has eventID '" + Printable.of(id) + "', not <shardId>:<sequenceNumber>");
    }
    return id.substring(0, colon);
  }

  /** {@code arn:aws:kinesis:<region>:<account>:stream/<name>} → {@code <name>}. */
  private static String streamOf(String arn) {
    int slash = arn == null ? -1 : arn.indexOf(":stream/");
    if (slash < 0) {
      throw new InvalidEventException("Kinesis record has eventSourceARN '" + Printable.of(arn)
          + "', not a stream ARN; set INSIGHTFLOW_STREAM_NAME");
    }
    return arn.substring(slash + ":stream/".length());
  }

  private static byte[] bytes(ByteBuffer data) {
    ByteBuffer copy = data.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return bytes;
  }
}
