package io.insightflow.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.insightflow.config.InsightflowProperties;
import io.insightflow.api.Printable;
import io.insightflow.catalog.Catalogs;
import io.insightflow.catalog.GlueCatalog;
import io.insightflow.lake.ObjectStore;
import io.insightflow.spi.ObjectStores;
import io.insightflow.layout.PartitionTemplate;
import io.insightflow.stream.LakeCheckpointStore;
import io.insightflow.stream.OrderEventTransform;
import io.insightflow.stream.RecordTransform;
import io.insightflow.stream.StreamLakeWriter;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kinesis event-source-mapping consumer (stream → lake), for users without Firehose: each
 * invocation's records of one shard become one lake object with its manifest, written by core's
 * {@link StreamLakeWriter} with the default {@link OrderEventTransform} (failed records go to the
 * error prefix, as with the polling consumer).
 *
 * <p>Exactly once after sync: the objects are named by shard and the batch's first sequence number,
 * so a batch Lambda delivers again (a retry, or a bisected half, which starts at the same record)
 * rewrites the same keys, and the sync replaces what it loaded from them. When writing a shard's
 * batch fails, the response reports its first record as the batch item failure (the partial batch
 * response of {@code ReportBatchItemFailures}), so Lambda retries from exactly that record; the
 * other shards' batches of the invocation stay written.
 *
 * <p>With {@code insightflow.catalog.glue.database} set, each object's run is registered in that
 * Glue database after it is written (a failed registration is reported like a failed write).
 *
 * <p>Handler string: {@code io.insightflow.lambda.KinesisConsumerHandler::handleRequest}. The
 * stream name is {@code insightflow.stream.name}, or else the event source ARN's; the table is
 * {@code insightflow.stream.table}, or else the stream name.
 */
public final class KinesisConsumerHandler implements RequestHandler<KinesisEvent, StreamsEventResponse> {

  private static final Logger LOG = LoggerFactory.getLogger(KinesisConsumerHandler.class);

  private final ObjectStore lake;
  private final Optional<GlueCatalog> catalog;
  private final RecordTransform transform;
  private final String streamName;
  private final String table;
  private final Clock clock;
  private final Map<String, StreamLakeWriter> writers = new ConcurrentHashMap<>();

  /** The handler Lambda instantiates, once per container: configuration from the environment. */
  public KinesisConsumerHandler() {
    this(LambdaConfig.fromEnvironment());
  }

  private KinesisConsumerHandler(LambdaConfig config) {
    this(ObjectStores.open(config.settings()), new OrderEventTransform(), config.get(InsightflowProperties.STREAM_NAME),
        config.get(InsightflowProperties.STREAM_TABLE), Clock.systemUTC(), config.settings());
  }

  /**
   * For tests.
   *
   * @param streamName the stream name for object keys, or null to take it from each record's ARN
   * @param table the target table, or null for the stream name
   */
  KinesisConsumerHandler(ObjectStore lake, RecordTransform transform, String streamName, String table, Clock clock) {
    this(lake, transform, streamName, table, clock, Map.of());
  }

  private KinesisConsumerHandler(ObjectStore lake, RecordTransform transform, String streamName, String table,
      Clock clock, Map<String, String> settings) {
    this.lake = Objects.requireNonNull(lake, "lake");
    this.catalog = Catalogs.open(settings, lake.describe());
    this.transform = Objects.requireNonNull(transform, "transform");
    this.streamName = streamName;
    this.table = table;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public StreamsEventResponse handleRequest(KinesisEvent event, Context context) {
    InvocationLog.Invocation log = InvocationLog.start("kinesis-consumer", context);
    try {
      List<KinesisEvent.KinesisEventRecord> records = event == null || event.getRecords() == null ? List.of()
          : event.getRecords();
      List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
      long rows = 0;
      long dropped = 0;
      long failed = 0;
      int objects = 0;
      for (List<KinesisEvent.KinesisEventRecord> shard : byShard(records).values()) {
        String first = shard.get(0).getKinesis().getSequenceNumber();
        String stream = streamName != null ? streamName : streamOf(shard.get(0).getEventSourceARN());
        try {
          StreamLakeWriter.Flushed flushed = write(stream, shard);
          rows += flushed.rows();
          dropped += flushed.dropped();
          failed += flushed.failed();
          objects++;
        } catch (RuntimeException e) {
          LOG.error("Cannot write the batch of shard {} from sequence number {} to the lake; reported for retry: {}",
              Printable.of(shardId(shard.get(0))), Printable.of(first), Printable.of(e));
          failures.add(StreamsEventResponse.BatchItemFailure.builder().withItemIdentifier(first).build());
        }
      }
      log.put("records", records.size()).put("objects", objects).put("rows", rows).put("dropped", dropped)
          .put("failed", failed).put("batchItemFailures", failures.size()).succeeded();
      return StreamsEventResponse.builder().withBatchItemFailures(failures).build();
    } catch (RuntimeException e) {
      log.failed(e);
      throw e;
    }
  }

  private StreamLakeWriter.Flushed write(String stream, List<KinesisEvent.KinesisEventRecord> shard) {
    KinesisEvent.KinesisEventRecord head = shard.get(0);
    StreamLakeWriter writer = writers.computeIfAbsent(stream, s -> new StreamLakeWriter(lake, s,
        table != null ? table : s, transform, new LakeCheckpointStore(lake), clock));
    try (StreamLakeWriter.Batch batch = writer.begin(shardId(head))) {
      for (KinesisEvent.KinesisEventRecord r : shard) {
        KinesisEvent.Record k = r.getKinesis();
        batch.add(k.getSequenceNumber(), Instant.ofEpochMilli(k.getApproximateArrivalTimestamp().getTime()),
            bytes(k.getData()));
      }
      StreamLakeWriter.Flushed flushed = batch.flush(false);
      catalog.ifPresent(c -> Catalogs.register(c, lake, flushed.manifestKey(), PartitionTemplate.stream()));
      return flushed;
    }
  }

  /** The records grouped by shard, each group in delivery order (an event source mapping sends one shard). */
  private static Map<String, List<KinesisEvent.KinesisEventRecord>> byShard(List<KinesisEvent.KinesisEventRecord> all) {
    Map<String, List<KinesisEvent.KinesisEventRecord>> shards = new LinkedHashMap<>();
    for (KinesisEvent.KinesisEventRecord r : all) {
      shards.computeIfAbsent(shardId(r), s -> new ArrayList<>()).add(r);
    }
    return shards;
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
