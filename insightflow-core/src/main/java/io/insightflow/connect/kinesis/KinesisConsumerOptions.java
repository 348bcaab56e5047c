package io.insightflow.connect.kinesis;

import io.insightflow.InsightflowConfigException;
import io.insightflow.InsightflowProperties;
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
 */
public final class KinesisConsumerOptions {

  private final String stream;
  private final String table;
  private final long flushRecords;
  private final long flushBytes;
  private final Duration flushInterval;
  private final long maxRecords;
  private final Duration idleTimeout;
  private final Duration pollInterval;
  private final Duration minGetRecordsInterval;
  private final int getRecordsLimit;
  private final Duration shardRefreshInterval;

  private KinesisConsumerOptions(Builder b) {
    this.stream = b.stream;
    this.table = b.table == null ? b.stream : b.table;
    this.flushRecords = b.flushRecords;
    this.flushBytes = b.flushBytes;
    this.flushInterval = b.flushInterval;
    this.maxRecords = b.maxRecords;
    this.idleTimeout = b.idleTimeout;
    this.pollInterval = b.pollInterval;
    this.minGetRecordsInterval = b.minGetRecordsInterval;
    this.getRecordsLimit = b.getRecordsLimit;
    this.shardRefreshInterval = b.shardRefreshInterval;
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

  /** The stream to read. */
  public String stream() {
    return stream;
  }

  /** The target table named in the manifests (default: the stream name). */
  public String table() {
    return table;
  }

  /** Records per lake object and shard. */
  public long flushRecords() {
    return flushRecords;
  }

  /** Payload bytes per lake object and shard. */
  public long flushBytes() {
    return flushBytes;
  }

  /** Maximum age of a buffered record before its buffer is written, even without new records. */
  public Duration flushInterval() {
    return flushInterval;
  }

  /** Records after which the run ends ({@link Long#MAX_VALUE}: no bound). */
  public long maxRecords() {
    return maxRecords;
  }

  /** Time without any record after which the run ends, or null for no bound. */
  public Duration idleTimeout() {
    return idleTimeout;
  }

  /** Wait before reading again a shard that had no new records. */
  public Duration pollInterval() {
    return pollInterval;
  }

  /** Minimum time between two {@code GetRecords} calls on one shard (Kinesis allows 5 per second). */
  public Duration minGetRecordsInterval() {
    return minGetRecordsInterval;
  }

  /** Records per {@code GetRecords} call, at most 10,000. */
  public int getRecordsLimit() {
    return getRecordsLimit;
  }

  /** How often the shard list is re-read to discover reshards (also re-read when a shard closes). */
  public Duration shardRefreshInterval() {
    return shardRefreshInterval;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KinesisConsumerOptions other && toString().equals(other.toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }

  @Override
  public String toString() {
    return "KinesisConsumerOptions[stream=" + stream + ", table=" + table + ", flushRecords=" + flushRecords
        + ", flushBytes=" + flushBytes + ", flushInterval=" + flushInterval + ", maxRecords=" + maxRecords
        + ", idleTimeout=" + idleTimeout + ", pollInterval=" + pollInterval + ", minGetRecordsInterval="
        + minGetRecordsInterval + ", getRecordsLimit=" + getRecordsLimit + ", shardRefreshInterval="
        + shardRefreshInterval + "]";
  }

  /** Builder of {@link KinesisConsumerOptions}; not thread-safe. */
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

    /** The stream to read (required). */
    public Builder stream(String stream) {
      this.stream = stream;
      return this;
    }

    /** The target table named in manifests; null for the stream name. */
    public Builder table(String table) {
      this.table = table;
      return this;
    }

    /** Records per object and shard, at least 1. */
    public Builder flushRecords(long flushRecords) {
      this.flushRecords = flushRecords;
      return this;
    }

    /** Payload bytes per object and shard, at least 1. */
    public Builder flushBytes(long flushBytes) {
      this.flushBytes = flushBytes;
      return this;
    }

    /** Maximum buffer age, positive. */
    public Builder flushInterval(Duration flushInterval) {
      this.flushInterval = flushInterval;
      return this;
    }

    /** Stop after this many records, at least 1. */
    public Builder maxRecords(long maxRecords) {
      this.maxRecords = maxRecords;
      return this;
    }

    /** Stop after this long without records; null for never. */
    public Builder idleTimeout(Duration idleTimeout) {
      this.idleTimeout = idleTimeout;
      return this;
    }

    /** Wait before re-reading an idle shard, positive. */
    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = pollInterval;
      return this;
    }

    /** Minimum time between reads of one shard; zero for none (emulators, benchmarks). */
    public Builder minGetRecordsInterval(Duration minGetRecordsInterval) {
      this.minGetRecordsInterval = minGetRecordsInterval;
      return this;
    }

    /** Records per {@code GetRecords}, 1–10,000. */
    public Builder getRecordsLimit(int getRecordsLimit) {
      this.getRecordsLimit = getRecordsLimit;
      return this;
    }

    /** How often to re-read the shard list, positive. */
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
      if (stream == null || stream.isBlank()) {
        throw new InsightflowConfigException(InsightflowProperties.STREAM_NAME.name(), "stream name must be set");
      }
      if (table != null && !table.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw new InsightflowConfigException(InsightflowProperties.STREAM_TABLE.name(),
            "'" + table + "' is not a plain identifier (letters, digits, underscore)");
      }
      if (flushRecords < 1) {
        throw new InsightflowConfigException(InsightflowProperties.CONSUME_FLUSH_RECORDS.name(), "must be at least 1");
      }
      if (flushBytes < 1) {
        throw new InsightflowConfigException(InsightflowProperties.CONSUME_FLUSH_BYTES.name(), "must be at least 1");
      }
      positive(flushInterval, InsightflowProperties.CONSUME_FLUSH_INTERVAL.name());
      positive(pollInterval, InsightflowProperties.CONSUME_POLL_INTERVAL.name());
      positive(shardRefreshInterval, InsightflowProperties.CONSUME_SHARD_REFRESH_INTERVAL.name());
      if (idleTimeout != null) {
        positive(idleTimeout, InsightflowProperties.CONSUME_IDLE_TIMEOUT.name());
      }
      if (minGetRecordsInterval == null || minGetRecordsInterval.isNegative()) {
        throw new InsightflowConfigException(InsightflowProperties.CONSUME_MIN_GET_RECORDS_INTERVAL.name(), "must be >= 0");
      }
      if (maxRecords < 1) {
        throw new InsightflowConfigException(InsightflowProperties.CONSUME_MAX_RECORDS.name(), "must be at least 1");
      }
      if (getRecordsLimit < 1 || getRecordsLimit > 10_000) {
        throw new InsightflowConfigException(InsightflowProperties.CONSUME_GET_RECORDS_LIMIT.name(), "must be 1–10000");
      }
      return new KinesisConsumerOptions(this);
    }

    private static void positive(Duration d, String key) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new InsightflowConfigException(key, "must be a positive duration");
      }
    }
  }
}
