package io.insightflow.connect.kinesis;

import static io.insightflow.config.InsightflowProperties.PUBLISH_MAX_ATTEMPTS;
import static io.insightflow.config.InsightflowProperties.PUBLISH_MAX_BATCH_BYTES;
import static io.insightflow.config.InsightflowProperties.PUBLISH_MAX_BATCH_RECORDS;
import static io.insightflow.config.InsightflowProperties.PUBLISH_RATE;
import static io.insightflow.config.InsightflowProperties.STREAM_NAME;

import io.insightflow.api.Evolving;
import io.insightflow.api.InsightflowConfigException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of a {@link KinesisPublisher}. Immutable; build with {@link #builder()}.
 *
 * <p>Batches stay within the {@code PutRecords} limits: at most 500 records and 5 MiB (data plus
 * partition keys) per request, at most 1 MiB per record.
 *
 * @param stream the stream name (required)
 * @param maxBatchRecords records per {@code PutRecords} request, 1–500
 * @param maxBatchBytes bytes (data + partition keys) per request, 1 MiB to 5 MiB
 * @param maxAttempts attempts per batch, the first included, before failed entries make the publish fail
 * @param baseBackoff backoff before the first retry; doubled per retry, with full jitter
 * @param maxBackoff upper bound of a backoff
 * @param ratePerSecond events per second to aim at, or 0 for as fast as the stream accepts
 */
@Evolving
public record KinesisPublisherOptions(String stream, int maxBatchRecords, int maxBatchBytes, int maxAttempts,
    Duration baseBackoff, Duration maxBackoff, double ratePerSecond) {

  /** {@code PutRecords} accepts at most this many records per request. */
  public static final int MAX_RECORDS_PER_REQUEST = 500;
  /** {@code PutRecords} accepts at most this many bytes (data + partition keys) per request. */
  public static final int MAX_BYTES_PER_REQUEST = 5 * 1024 * 1024;
  /** A record's data plus partition key may be at most this large. */
  public static final int MAX_BYTES_PER_RECORD = 1024 * 1024;

  /** Validates, naming the key at fault. */
  public KinesisPublisherOptions {
    if (stream == null || stream.isBlank()) {
      throw new InsightflowConfigException(STREAM_NAME.name(), "stream name must be set");
    }
    if (maxBatchRecords < 1 || maxBatchRecords > MAX_RECORDS_PER_REQUEST) {
      throw new InsightflowConfigException(PUBLISH_MAX_BATCH_RECORDS.name(),
          "must be 1–500: " + maxBatchRecords);
    }
    if (maxBatchBytes < MAX_BYTES_PER_RECORD || maxBatchBytes > MAX_BYTES_PER_REQUEST) {
      throw new InsightflowConfigException(PUBLISH_MAX_BATCH_BYTES.name(),
          "must be between 1 MiB and 5 MiB: " + maxBatchBytes);
    }
    if (maxAttempts < 1) {
      throw new InsightflowConfigException(PUBLISH_MAX_ATTEMPTS.name(), "must be at least 1");
    }
    Objects.requireNonNull(baseBackoff, "baseBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (!(ratePerSecond >= 0) || Double.isInfinite(ratePerSecond)) {
      throw new InsightflowConfigException(PUBLISH_RATE.name(), "must be >= 0: " + ratePerSecond);
    }
  }

  /** A builder with the defaults (500 records, 5 MiB, 10 attempts, 50 ms to 5 s backoff, no rate limit). */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Options from {@code insightflow.stream.name}, {@code insightflow.publish.rate} and
   * the {@code insightflow.publish.max*} keys.
   *
   * @throws InsightflowConfigException naming the key at fault
   */
  public static KinesisPublisherOptions fromProperties(Map<String, String> values) {
    Objects.requireNonNull(values, "values");
    return builder().stream(STREAM_NAME.value(values))
        .maxBatchRecords(PUBLISH_MAX_BATCH_RECORDS.value(values))
        .maxBatchBytes(PUBLISH_MAX_BATCH_BYTES.value(values))
        .maxAttempts(PUBLISH_MAX_ATTEMPTS.value(values))
        .ratePerSecond(PUBLISH_RATE.value(values)).build();
  }

  /** A builder holding these options. */
  public Builder toBuilder() {
    return builder().stream(stream).maxBatchRecords(maxBatchRecords).maxBatchBytes(maxBatchBytes)
        .maxAttempts(maxAttempts).baseBackoff(baseBackoff).maxBackoff(maxBackoff).ratePerSecond(ratePerSecond);
  }

  /** Builder; {@link #build()} validates. Not thread-safe. Setters are named after the options. */
  public static final class Builder {
    private String stream;
    private int maxBatchRecords = PUBLISH_MAX_BATCH_RECORDS.defaultValue();
    private int maxBatchBytes = PUBLISH_MAX_BATCH_BYTES.defaultValue();
    private int maxAttempts = PUBLISH_MAX_ATTEMPTS.defaultValue();
    private Duration baseBackoff = Duration.ofMillis(50);
    private Duration maxBackoff = Duration.ofSeconds(5);
    private double ratePerSecond = PUBLISH_RATE.defaultValue();

    private Builder() {}

    public Builder stream(String stream) {
      this.stream = stream;
      return this;
    }

    public Builder maxBatchRecords(int maxBatchRecords) {
      this.maxBatchRecords = maxBatchRecords;
      return this;
    }

    public Builder maxBatchBytes(int maxBatchBytes) {
      this.maxBatchBytes = maxBatchBytes;
      return this;
    }

    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
      return this;
    }

    public Builder baseBackoff(Duration baseBackoff) {
      this.baseBackoff = baseBackoff;
      return this;
    }

    public Builder maxBackoff(Duration maxBackoff) {
      this.maxBackoff = maxBackoff;
      return this;
    }

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
      return new KinesisPublisherOptions(stream, maxBatchRecords, maxBatchBytes, maxAttempts, baseBackoff, maxBackoff,
          ratePerSecond);
    }
  }
}
