package io.insightflow.connect.kinesis;

import static io.insightflow.config.InsightflowProperties.PUBLISH_MAX_ATTEMPTS;
import static io.insightflow.config.InsightflowProperties.PUBLISH_MAX_BATCH_BYTES;
import static io.insightflow.config.InsightflowProperties.PUBLISH_MAX_BATCH_RECORDS;
import static io.insightflow.config.InsightflowProperties.PUBLISH_RATE;
import static io.insightflow.config.InsightflowProperties.STREAM_NAME;

import io.insightflow.api.Evolving;
import io.insightflow.api.InsightflowConfigException;
import io.insightflow.config.OptionsBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of a {@link KinesisPublisher}. Immutable; build with {@link #builder()} or {@link #fromProperties},
 * which read the keys, each checked by its own rule.
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
    Objects.requireNonNull(baseBackoff, "baseBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
  }

  /** A builder of options from the keys ({@link #fromProperties}); unset keys keep their defaults. */
  public static OptionsBuilder<KinesisPublisherOptions> builder() {
    return new OptionsBuilder<>(KinesisPublisherOptions::fromProperties);
  }

  /**
   * Options from {@code insightflow.stream.name}, {@code insightflow.publish.rate} and
   * the {@code insightflow.publish.max*} keys.
   *
   * @throws InsightflowConfigException naming the key at fault
   */
  public static KinesisPublisherOptions fromProperties(Map<String, String> values) {
    Objects.requireNonNull(values, "values");
    return new KinesisPublisherOptions(STREAM_NAME.value(values), PUBLISH_MAX_BATCH_RECORDS.value(values),
        PUBLISH_MAX_BATCH_BYTES.value(values), PUBLISH_MAX_ATTEMPTS.value(values), Duration.ofMillis(50),
        Duration.ofSeconds(5), PUBLISH_RATE.value(values));
  }
}
