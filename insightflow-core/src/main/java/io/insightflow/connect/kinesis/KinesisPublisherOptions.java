package io.insightflow.connect.kinesis;

import io.insightflow.InsightflowConfigException;
import io.insightflow.InsightflowProperties;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of a {@link KinesisPublisher}. Immutable; build with {@link #builder()}.
 *
 * <p>Batches stay within the {@code PutRecords} limits: at most 500 records and 5 MiB (data plus
 * partition keys) per request, at most 1 MiB per record.
 */
public final class KinesisPublisherOptions {

  /** {@code PutRecords} accepts at most this many records per request. */
  public static final int MAX_RECORDS_PER_REQUEST = 500;
  /** {@code PutRecords} accepts at most this many bytes (data + partition keys) per request. */
  public static final int MAX_BYTES_PER_REQUEST = 5 * 1024 * 1024;
  /** A record's data plus partition key may be at most this large. */
  public static final int MAX_BYTES_PER_RECORD = 1024 * 1024;

  private final String stream;
  private final int maxBatchRecords;
  private final int maxBatchBytes;
  private final int maxAttempts;
  private final Duration baseBackoff;
  private final Duration maxBackoff;
  private final double ratePerSecond;

  private KinesisPublisherOptions(Builder b) {
    this.stream = b.stream;
    this.maxBatchRecords = b.maxBatchRecords;
    this.maxBatchBytes = b.maxBatchBytes;
    this.maxAttempts = b.maxAttempts;
    this.baseBackoff = b.baseBackoff;
    this.maxBackoff = b.maxBackoff;
    this.ratePerSecond = b.ratePerSecond;
  }

  /** A builder with the defaults (500 records, 5 MiB, 10 attempts, 50 ms to 5 s backoff, no rate limit). */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Options from {@link InsightflowProperties#STREAM_NAME} and {@link InsightflowProperties#PUBLISH_RATE}.
   *
   * @throws InsightflowConfigException naming the key at fault
   */
  public static KinesisPublisherOptions fromProperties(Map<String, String> values) {
    Objects.requireNonNull(values, "values");
    String rate = InsightflowProperties.value(values, InsightflowProperties.PUBLISH_RATE);
    try {
      return builder().stream(InsightflowProperties.value(values, InsightflowProperties.STREAM_NAME))
          .maxBatchRecords(intValue(values, InsightflowProperties.PUBLISH_MAX_BATCH_RECORDS))
          .maxBatchBytes(intValue(values, InsightflowProperties.PUBLISH_MAX_BATCH_BYTES))
          .maxAttempts(intValue(values, InsightflowProperties.PUBLISH_MAX_ATTEMPTS))
          .ratePerSecond(Double.parseDouble(rate)).build();
    } catch (NumberFormatException e) {
      throw new InsightflowConfigException(InsightflowProperties.PUBLISH_RATE.name(), "'" + rate + "' is not a number");
    }
  }

  /** A whole-number key clamped into int range; the builder rejects what is out of its own range. */
  private static int intValue(Map<String, String> values, InsightflowProperties.Key key) {
    long value = InsightflowProperties.longValue(values, key);
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
  }

  /** A builder holding these options. */
  public Builder toBuilder() {
    return builder().stream(stream).maxBatchRecords(maxBatchRecords).maxBatchBytes(maxBatchBytes)
        .maxAttempts(maxAttempts).baseBackoff(baseBackoff).maxBackoff(maxBackoff).ratePerSecond(ratePerSecond);
  }

  /** The stream name. */
  public String stream() {
    return stream;
  }

  /** Records per {@code PutRecords} request, at most 500. */
  public int maxBatchRecords() {
    return maxBatchRecords;
  }

  /** Bytes (data + partition keys) per request, at most 5 MiB. */
  public int maxBatchBytes() {
    return maxBatchBytes;
  }

  /** Attempts per batch, the first included, before failed entries make the publish fail. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** Backoff before the first retry; doubled per retry, with full jitter. */
  public Duration baseBackoff() {
    return baseBackoff;
  }

  /** Upper bound of a backoff. */
  public Duration maxBackoff() {
    return maxBackoff;
  }

  /** Events per second to aim at, or 0 for as fast as the stream accepts. */
  public double ratePerSecond() {
    return ratePerSecond;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KinesisPublisherOptions other && stream.equals(other.stream)
        && maxBatchRecords == other.maxBatchRecords && maxBatchBytes == other.maxBatchBytes
        && maxAttempts == other.maxAttempts && baseBackoff.equals(other.baseBackoff)
        && maxBackoff.equals(other.maxBackoff) && ratePerSecond == other.ratePerSecond;
  }

  @Override
  public int hashCode() {
    return Objects.hash(stream, maxBatchRecords, maxBatchBytes, maxAttempts, baseBackoff, maxBackoff, ratePerSecond);
  }

  @Override
  public String toString() {
    return "KinesisPublisherOptions[stream=" + stream + ", maxBatchRecords=" + maxBatchRecords
        + ", maxBatchBytes=" + maxBatchBytes + ", maxAttempts=" + maxAttempts + ", baseBackoff=" + baseBackoff
        + ", maxBackoff=" + maxBackoff + ", ratePerSecond=" + ratePerSecond + "]";
  }

  /** Builder of {@link KinesisPublisherOptions}; not thread-safe. */
  public static final class Builder {
    private String stream;
    private int maxBatchRecords = MAX_RECORDS_PER_REQUEST;
    private int maxBatchBytes = MAX_BYTES_PER_REQUEST;
    private int maxAttempts = 10;
    private Duration baseBackoff = Duration.ofMillis(50);
    private Duration maxBackoff = Duration.ofSeconds(5);
    private double ratePerSecond;

    private Builder() {}

    /** The stream name (required). */
    public Builder stream(String stream) {
      this.stream = stream;
      return this;
    }

    /** Records per request, 1–500. */
    public Builder maxBatchRecords(int maxBatchRecords) {
      this.maxBatchRecords = maxBatchRecords;
      return this;
    }

    /** Bytes per request, up to 5 MiB. */
    public Builder maxBatchBytes(int maxBatchBytes) {
      this.maxBatchBytes = maxBatchBytes;
      return this;
    }

    /** Attempts per batch, at least 1. */
    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
      return this;
    }

    /** Backoff before the first retry. */
    public Builder baseBackoff(Duration baseBackoff) {
      this.baseBackoff = baseBackoff;
      return this;
    }

    /** Upper bound of a backoff. */
    public Builder maxBackoff(Duration maxBackoff) {
      this.maxBackoff = maxBackoff;
      return this;
    }

    /** Events per second, or 0 for no limit. */
    public Builder ratePerSecond(double ratePerSecond) {
      this.ratePerSecond = ratePerSecond;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws InsightflowConfigException naming the key at fault
     */
    public KinesisPublisherOptions build() {
      if (stream == null || stream.isBlank()) {
        throw new InsightflowConfigException(InsightflowProperties.STREAM_NAME.name(), "stream name must be set");
      }
      if (maxBatchRecords < 1 || maxBatchRecords > MAX_RECORDS_PER_REQUEST) {
        throw new InsightflowConfigException(InsightflowProperties.PUBLISH_MAX_BATCH_RECORDS.name(), "must be 1–500: " + maxBatchRecords);
      }
      if (maxBatchBytes < MAX_BYTES_PER_RECORD || maxBatchBytes > MAX_BYTES_PER_REQUEST) {
        throw new InsightflowConfigException(InsightflowProperties.PUBLISH_MAX_BATCH_BYTES.name(),
            "must be between 1 MiB and 5 MiB: " + maxBatchBytes);
      }
      if (maxAttempts < 1) {
        throw new InsightflowConfigException(InsightflowProperties.PUBLISH_MAX_ATTEMPTS.name(), "must be at least 1");
      }
      Objects.requireNonNull(baseBackoff, "baseBackoff");
      Objects.requireNonNull(maxBackoff, "maxBackoff");
      if (!(ratePerSecond >= 0) || Double.isInfinite(ratePerSecond)) {
        throw new InsightflowConfigException(InsightflowProperties.PUBLISH_RATE.name(), "must be >= 0: " + ratePerSecond);
      }
      return new KinesisPublisherOptions(this);
    }
  }
}
