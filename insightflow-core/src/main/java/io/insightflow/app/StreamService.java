package io.insightflow.app;

import io.insightflow.api.Evolving;
import io.insightflow.config.InsightflowProperties;
import io.insightflow.connect.kinesis.KinesisClientOptions;
import io.insightflow.connect.kinesis.KinesisClientProvider;
import io.insightflow.connect.kinesis.KinesisConsumer;
import io.insightflow.connect.kinesis.KinesisConsumer.ConsumeResult;
import io.insightflow.connect.kinesis.KinesisConsumerOptions;
import io.insightflow.spi.ObjectStore;
import io.insightflow.spi.ObjectStores;
import io.insightflow.layout.PartitionTemplate;
import io.insightflow.stream.LakeCheckpointStore;
import io.insightflow.stream.OrderEventTransform;
import io.insightflow.stream.RecordTransform;
import io.insightflow.stream.StreamLakeWriter;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The stream into the lake as a use case, with the default {@link OrderEventTransform}: either
 * polling Kinesis ({@link #consume()}) or writing batches a caller delivers ({@link #write}, a
 * Lambda event source mapping). Every object written is registered in the Glue catalog when
 * {@code insightflow.catalog.glue.database} is set.
 *
 * <p>Opening builds the lake client (unless one is given) and the catalog client; they are reused
 * until {@link #close()}. Thread-safe.
 */
@Evolving
public final class StreamService implements AutoCloseable {

  private final Map<String, String> settings;
  private final ObjectStore lake;
  private final boolean ownsLake;
  private final RunRegistration registration;
  private final RecordTransform transform = new OrderEventTransform();
  private final Clock clock = Clock.systemUTC();
  private final Map<String, StreamLakeWriter> writers = new ConcurrentHashMap<>();

  private StreamService(Map<String, String> settings, ObjectStore lake) {
    this.settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    this.ownsLake = lake == null;
    this.lake = lake != null ? lake : ObjectStores.open(settings);
    this.registration = RunRegistration.open(this.settings, this.lake);
  }

  /**
   * Opens the service; obtain one from {@code Insightflow.openStream()}, which resolves relative
   * paths first.
   *
   * @param settings every setting by key, relative paths resolved
   * @param lake the lake, kept open by the caller; or null to open {@code insightflow.lake} (closed with this)
   * @throws io.insightflow.api.InsightflowConfigException naming the key at fault
   */
  public static StreamService open(Map<String, String> settings, ObjectStore lake) {
    return new StreamService(Objects.requireNonNull(settings, "settings"), lake);
  }

  /** {@code insightflow.stream.name}, if set. */
  public Optional<String> configuredStream() {
    return Optional.ofNullable(InsightflowProperties.STREAM_NAME.value(settings));
  }

  /**
   * Consumes the Kinesis stream {@code insightflow.stream.name} into the lake with the
   * {@code insightflow.consume.*} buffering ({@link KinesisConsumer#run}). The Kinesis client is
   * built for this call and closed before returning.
   *
   * @throws io.insightflow.api.InsightflowConfigException for bad or missing settings, naming the key
   * @throws io.insightflow.stream.StreamException when Kinesis fails beyond the SDK's retries
   */
  public ConsumeResult consume() {
    KinesisClientOptions clientOptions = KinesisClientOptions.fromProperties(settings);
    KinesisConsumerOptions options = KinesisConsumerOptions.fromProperties(settings);
    try (KinesisClient client = KinesisClientProvider.create(clientOptions)) {
      return new KinesisConsumer(client, lake, transform, options, new LakeCheckpointStore(lake), clock,
          this::registered).run();
    }
  }

  /**
   * Writes one delivered batch as one lake object with its manifest ({@link StreamLakeWriter}), to
   * the table {@code insightflow.stream.table} (else the stream's name). The object's keys follow
   * from the shard and the first sequence number, so a batch delivered again rewrites them.
   *
   * @throws io.insightflow.api.LakeException when writing the lake fails
   */
  public StreamLakeWriter.Flushed write(StreamBatch batch) {
    String stream = configuredStream().orElse(batch.stream());
    String table = InsightflowProperties.STREAM_TABLE.value(settings);
    StreamLakeWriter writer = writers.computeIfAbsent(stream, s -> new StreamLakeWriter(lake, s,
        table != null ? table : s, transform, new LakeCheckpointStore(lake), clock));
    try (StreamLakeWriter.Batch open = writer.begin(batch.shardId())) {
      for (StreamBatch.Record r : batch.records()) {
        open.add(r.sequenceNumber(), r.arrival(), r.data());
      }
      return registered(open.flush(false));
    }
  }

  private StreamLakeWriter.Flushed registered(StreamLakeWriter.Flushed flushed) {
    registration.register(flushed.manifestKey(), PartitionTemplate.stream());
    return flushed;
  }

  /** Closes the catalog client, and the lake if this service opened it. */
  @Override
  public void close() {
    try (registration) {
      if (ownsLake) {
        lake.close();
      }
    }
  }
}
