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
import io.insightflow.config.ConfigKey;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of a {@link KinesisConsumer}. Immutable; build with {@link #builder()}.
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
    if (table != null && !table.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new InsightflowConfigException(STREAM_TABLE.name(),
          "'" + table + "' is not a plain identifier (letters, digits, underscore)");
    }
    table = table == null ? stream : table;
    if (flushRecords < 1) {
      throw new InsightflowConfigException(CONSUME_FLUSH_RECORDS.name(), "must be at least 1");
    }
    if (flushBytes < 1) {
      throw new InsightflowConfigException(CONSUME_FLUSH_BYTES.name(), "must be at least 1");
    }
    positive(flushInterval, CONSUME_FLUSH_INTERVAL);
    positive(pollInterval, CONSUME_POLL_INTERVAL);
    positive(shardRefreshInterval, CONSUME_SHARD_REFRESH_INTERVAL);
    if (idleTimeout != null) {
      positive(idleTimeout, CONSUME_IDLE_TIMEOUT);
    }
    if (minGetRecordsInterval == null || minGetRecordsInterval.isNegative()) {
      throw new InsightflowConfigException(CONSUME_MIN_GET_RECORDS_INTERVAL.name(),
          "must be >= 0");
    }
    if (maxRecords < 1) {
      throw new InsightflowConfigException(CONSUME_MAX_RECORDS.name(), "must be at least 1");
    }
    if (getRecordsLimit < 1 || getRecordsLimit > 10_000) {
      throw new InsightflowConfigException(CONSUME_GET_RECORDS_LIMIT.name(), "must be 1–10000");
    }
  }

  private static void positive(Duration d, ConfigKey<Duration> key) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new InsightflowConfigException(key.name(), "must be a positive duration");
    }
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Options from the {@code insightflow.stream.*} and {@code insightflow.consume.*} keys.
   *
   * @throws InsightflowConfigException naming the key at fault
   */
  public static KinesisConsumerOptions fromProperties(Map<String, String> values) {
    Objects.requireNonNull(values, "values");
    Builder b = builder()
        .stream(STREAM_NAME.value(values))
        .table(STREAM_TABLE.value(values))
        .flushRecords(CONSUME_FLUSH_RECORDS.value(values))
        .flushBytes(CONSUME_FLUSH_BYTES.value(values))
        .flushInterval(CONSUME_FLUSH_INTERVAL.value(values))
        .idleTimeout(CONSUME_IDLE_TIMEOUT.value(values))
        .pollInterval(CONSUME_POLL_INTERVAL.value(values))
        .minGetRecordsInterval(CONSUME_MIN_GET_RECORDS_INTERVAL.value(values))
        .shardRefreshInterval(CONSUME_SHARD_REFRESH_INTERVAL.value(values))
        .getRecordsLimit(CONSUME_GET_RECORDS_LIMIT.value(values));
    Long max = CONSUME_MAX_RECORDS.value(values);
    return (max == null ? b : b.maxRecords(max)).build();
  }

  /** A builder holding these options. */
  public Builder toBuilder() {
    return builder().stream(stream).table(table).flushRecords(flushRecords).flushBytes(flushBytes)
        .flushInterval(flushInterval).maxRecords(maxRecords).idleTimeout(idleTimeout).pollInterval(pollInterval)
        .minGetRecordsInterval(minGetRecordsInterval).getRecordsLimit(getRecordsLimit)
        .shardRefreshInterval(shardRefreshInterval);
  }

  /** Builder; {@link #build()} validates. Not thread-safe. Setters are named after the options. */
  public static final class Builder {
    private String stream;
    private String table;
    private long flushRecords = CONSUME_FLUSH_RECORDS.defaultValue();
    private long flushBytes = CONSUME_FLUSH_BYTES.defaultValue();
    private Duration flushInterval = CONSUME_FLUSH_INTERVAL.defaultValue();
    private long maxRecords = Long.MAX_VALUE;
    private Duration idleTimeout;
    private Duration pollInterval = CONSUME_POLL_INTERVAL.defaultValue();
    private Duration minGetRecordsInterval = CONSUME_MIN_GET_RECORDS_INTERVAL.defaultValue();
    private int getRecordsLimit = CONSUME_GET_RECORDS_LIMIT.defaultValue();
    private Duration shardRefreshInterval = CONSUME_SHARD_REFRESH_INTERVAL.defaultValue();

    private Builder() {}

    public Builder stream(String stream) {
      this.stream = stream;
      return this;
    }

    public Builder table(String table) {
      this.table = table;
      return this;
    }

    public Builder flushRecords(long flushRecords) {
      this.flushRecords = flushRecords;
      return this;
    }

    public Builder flushBytes(long flushBytes) {
      this.flushBytes = flushBytes;
      return this;
    }

    public Builder flushInterval(Duration flushInterval) {
      this.flushInterval = flushInterval;
      return this;
    }

    public Builder maxRecords(long maxRecords) {
      this.maxRecords = maxRecords;
      return this;
    }

    public Builder idleTimeout(Duration idleTimeout) {
      this.idleTimeout = idleTimeout;
      return this;
    }

    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = pollInterval;
      return this;
    }

    public Builder minGetRecordsInterval(Duration minGetRecordsInterval) {
      this.minGetRecordsInterval = minGetRecordsInterval;
      return this;
    }

    public Builder getRecordsLimit(int getRecordsLimit) {
      this.getRecordsLimit = getRecordsLimit;
      return this;
    }

    public Builder shardRefreshInterval(Duration shardRefreshInterval) {
      this.shardRefreshInterval = shardRefreshInterval;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws InsightflowConfigException naming the key at fault
     */
    public KinesisConsumerOptions build() {
      return new KinesisConsumerOptions(stream, table, flushRecords, flushBytes, flushInterval, maxRecords,
          idleTimeout, pollInterval, minGetRecordsInterval, getRecordsLimit, shardRefreshInterval);
    }
  }
}
