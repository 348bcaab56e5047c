package io.insightflow.connect.kinesis;

import static io.insightflow.config.InsightflowProperties.CONSUME_FLUSH_BYTES;
import static io.insightflow.config.InsightflowProperties.CONSUME_FLUSH_INTERVAL;
import static io.insightflow.config.InsightflowProperties.CONSUME_FLUSH_RECORDS;
import static io.insightflow.config.InsightflowProperties.CONSUME_GET_RECORDS_LIMIT;
import static io.insightflow.config.InsightflowProperties.CONSUME_IDLE_TIMEOUT;
import static io.insightflow.config.InsightflowProperties.CONSUME_MAX_RECORDS;
import static io.insightflow.config.InsightflowProperties.CONSUME_MIN_GET_RECORDS_INTERVAL;
import static io.insightflow.config.InsightflowProperties.CONSUME_POLL_INTERVAL;
import static io.insightflow.config.InsightflowProperties.CONSUME_SHARD_REFRESH_INTERVAL;
import static io.insightflow.config.InsightflowProperties.STREAM_NAME;
import static io.insightflow.config.InsightflowProperties.STREAM_TABLE;

import io.insightflow.api.Evolving;
import io.insightflow.api.InsightflowConfigException;
import io.insightflow.config.OptionsBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of a {@link KinesisConsumer}. Immutable; build with {@link #builder()} or {@link #fromProperties},
 * which read the keys, each checked by its own rule.
 *
 * <p>Each shard's buffer is written to the lake when it reaches {@link #flushRecords()} records or
 * {@link #flushBytes()} payload bytes, or when its first record is {@link #flushInterval()} old,
 * whichever comes first. The run ends on {@link KinesisConsumer#stop()}, after
 * {@link #maxRecords()} records, or after {@link #idleTimeout()} without a record.
 *
 * @param stream the stream to read (required)
 * @param table the target table named in the manifests, a plain identifier; null means the stream name
 * @param flushRecords records per lake object and shard, at least 1
 * @param flushBytes payload bytes per lake object and shard, at least 1
 * @param flushInterval maximum age of a buffered record before its buffer is written, even without new records
 * @param maxRecords records after which the run ends ({@link Long#MAX_VALUE}: no bound)
 * @param idleTimeout time without any record after which the run ends, or null for no bound
 * @param pollInterval wait before reading again a shard that had no new records
 * @param minGetRecordsInterval minimum time between two {@code GetRecords} calls on one shard (Kinesis allows 5
 *     per second); zero for none (emulators, benchmarks)
 * @param getRecordsLimit records per {@code GetRecords} call, 1–10,000
 * @param shardRefreshInterval how often the shard list is re-read to discover reshards (also re-read when a
 *     shard closes)
 */
@Evolving
public record KinesisConsumerOptions(String stream, String table, long flushRecords, long flushBytes,
    Duration flushInterval, long maxRecords, Duration idleTimeout, Duration pollInterval,
    Duration minGetRecordsInterval, int getRecordsLimit, Duration shardRefreshInterval) {

  /** Validates, naming the key at fault. */
  public KinesisConsumerOptions {
    if (stream == null || stream.isBlank()) {
      throw new InsightflowConfigException(STREAM_NAME.name(), "stream name must be set");
    }
    table = table == null ? stream : table;
  }

  /** A builder of options from the keys ({@link #fromProperties}); unset keys keep their defaults. */
  public static OptionsBuilder<KinesisConsumerOptions> builder() {
    return new OptionsBuilder<>(KinesisConsumerOptions::fromProperties);
  }

  /**
   * Options from the {@code insightflow.stream.*} and {@code insightflow.consume.*} keys.
   *
   * @throws InsightflowConfigException naming the key at fault
   */
  public static KinesisConsumerOptions fromProperties(Map<String, String> values) {
    Objects.requireNonNull(values, "values");
    Long max = CONSUME_MAX_RECORDS.value(values);
    return new KinesisConsumerOptions(STREAM_NAME.value(values), STREAM_TABLE.value(values),
        CONSUME_FLUSH_RECORDS.value(values), CONSUME_FLUSH_BYTES.value(values), CONSUME_FLUSH_INTERVAL.value(values),
        max == null ? Long.MAX_VALUE : max, CONSUME_IDLE_TIMEOUT.value(values), CONSUME_POLL_INTERVAL.value(values),
        CONSUME_MIN_GET_RECORDS_INTERVAL.value(values), CONSUME_GET_RECORDS_LIMIT.value(values),
        CONSUME_SHARD_REFRESH_INTERVAL.value(values));
  }
}
