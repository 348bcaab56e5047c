package io.insightflow.connect.kinesis;

import io.insightflow.api.Evolving;
import io.insightflow.api.InsightflowConfigException;
import io.insightflow.config.InsightflowProperties;
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
      throw new InsightflowConfigException(InsightflowProperties.STREAM_NAME.name(), "stream name must be set");
    }
    if (table != null && !table.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new InsightflowConfigException(InsightflowProperties.STREAM_TABLE.name(),
          "'" + table + "' is not a plain identifier (letters, digits, underscore)");
    }
    table = table == null ? stream : table;
    if (flushRecords < 1) {
      throw new InsightflowConfigException(InsightflowProperties.CONSUME_FLUSH_RECORDS.name(), "must be at least 1");
    }
    if (flushBytes < 1) {
      throw new InsightflowConfigException(InsightflowProperties.CONSUME_FLUSH_BYTES.name(), "must be at least 1");
    }
    positive(flushInterval, InsightflowProperties.CONSUME_FLUSH_INTERVAL);
    positive(pollInterval, InsightflowProperties.CONSUME_POLL_INTERVAL);
    positive(shardRefreshInterval, InsightflowProperties.CONSUME_SHARD_REFRESH_INTERVAL);
    if (idleTimeout != null) {
      positive(idleTimeout, InsightflowProperties.CONSUME_IDLE_TIMEOUT);
    }
    if (minGetRecordsInterval == null || minGetRecordsInterval.isNegative()) {
      throw new InsightflowConfigException(InsightflowProperties.CONSUME_MIN_GET_RECORDS_INTERVAL.name(),
          "must be >= 0");
    }
    if (maxRecords < 1) {
      throw new InsightflowConfigException(InsightflowProperties.CONSUME_MAX_RECORDS.name(), "must be at least 1");
    }
    if (getRecordsLimit < 1 || getRecordsLimit > 10_000) {
      throw new InsightflowConfigException(InsightflowProperties.CONSUME_GET_RECORDS_LIMIT.name(), "must be 1–10000");
    }
  }

  private static void positive(Duration d, InsightflowProperties.Key key) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new InsightflowConfigException(key.name(), "must be a positive duration");
    }
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Options from the {@code insightflow.stream.*} and {@code insightflow.consume.*} keys of
   * {@link InsightflowProperties}.
   *
   * @throws InsightflowConfigException naming the key at fault
   */
  public static KinesisConsumerOptions fromProperties(Map<String, String> values) {
    Objects.requireNonNull(values, "values");
    Builder b = builder()
        .stream(InsightflowProperties.value(values, InsightflowProperties.STREAM_NAME))
        .table(InsightflowProperties.value(values, InsightflowProperties.STREAM_TABLE))
        .flushRecords(InsightflowProperties.longValue(values, InsightflowProperties.CONSUME_FLUSH_RECORDS))
        .flushBytes(InsightflowProperties.longValue(values, InsightflowProperties.CONSUME_FLUSH_BYTES))
        .flushInterval(InsightflowProperties.durationValue(values, InsightflowProperties.CONSUME_FLUSH_INTERVAL))
        .idleTimeout(InsightflowProperties.durationValue(values, InsightflowProperties.CONSUME_IDLE_TIMEOUT))
        .pollInterval(InsightflowProperties.durationValue(values, InsightflowProperties.CONSUME_POLL_INTERVAL))
        .minGetRecordsInterval(InsightflowProperties.durationValue(values,
            InsightflowProperties.CONSUME_MIN_GET_RECORDS_INTERVAL))
        .shardRefreshInterval(InsightflowProperties.durationValue(values,
            InsightflowProperties.CONSUME_SHARD_REFRESH_INTERVAL));
    long limit = InsightflowProperties.longValue(values, InsightflowProperties.CONSUME_GET_RECORDS_LIMIT);
    b.getRecordsLimit((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, limit)));
    Long max = InsightflowProperties.longValue(values, InsightflowProperties.CONSUME_MAX_RECORDS);
    if (max != null) {
      b.maxRecords(max);
    }
    return b.build();
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
    private long flushRecords = 100_000;
    private long flushBytes = 64L * 1024 * 1024;
    private Duration flushInterval = Duration.ofSeconds(60);
    private long maxRecords = Long.MAX_VALUE;
    private Duration idleTimeout;
    private Duration pollInterval = Duration.ofSeconds(1);
    private Duration minGetRecordsInterval = Duration.ofMillis(200);
    private int getRecordsLimit = 10_000;
    private Duration shardRefreshInterval = Duration.ofSeconds(30);

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
