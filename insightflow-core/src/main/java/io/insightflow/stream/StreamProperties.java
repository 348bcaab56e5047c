package io.insightflow.stream;

import io.insightflow.InsightflowConfigException;
import io.insightflow.InsightflowProperties.Key;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Configuration keys of the streaming arm (the {@code publish} and {@code consume} goals, and the
 * Kinesis client), in the same {@code insightflow.<area>.<key>} scheme and with the same precedence
 * as {@link io.insightflow.InsightflowProperties}. Durations are ISO-8601 ({@code PT1M}) or a number
 * with a unit: {@code 250ms}, {@code 30s}, {@code 5m}.
 */
public final class StreamProperties {

  public static final Key KINESIS_ENDPOINT = key("insightflow.kinesis.endpoint", null,
      "Kinesis endpoint override, e.g. http://127.0.0.1:4568 for an emulator");
  public static final Key KINESIS_REGION = key("insightflow.kinesis.region", "us-east-1", "Kinesis region");
  public static final Key KINESIS_CBOR_ENABLED = key("insightflow.kinesis.cborEnabled", "true",
      "Whether the Kinesis client uses CBOR; false for emulators that only speak JSON (JVM-wide)");
  public static final Key STREAM_NAME = key("insightflow.stream.name", null, "Kinesis stream name");
  public static final Key STREAM_TABLE = key("insightflow.stream.table", null,
      "Target table named in the manifests of consumed objects; default the stream name");
  public static final Key PUBLISH_COUNT = key("insightflow.publish.count", "1000", "Events to publish");
  public static final Key PUBLISH_RATE = key("insightflow.publish.rate", "0",
      "Events per second; 0 publishes as fast as the stream accepts");
  public static final Key PUBLISH_SEED = key("insightflow.publish.seed", "42", "Seed of the generated events");
  public static final Key PUBLISH_FROM = key("insightflow.publish.from", "0",
      "Index of the first generated event (its order_id is from + 1)");
  public static final Key CONSUME_FLUSH_RECORDS = key("insightflow.consume.flushRecords", "100000",
      "Records per lake object (per shard)");
  public static final Key CONSUME_FLUSH_BYTES = key("insightflow.consume.flushBytes", "67108864",
      "Payload bytes per lake object (per shard)");
  public static final Key CONSUME_FLUSH_INTERVAL = key("insightflow.consume.flushInterval", "60s",
      "Age after which a shard's buffer is written even if no more records arrive");
  public static final Key CONSUME_MAX_RECORDS = key("insightflow.consume.maxRecords", null,
      "Stop after reading this many records; default run until stopped");
  public static final Key CONSUME_IDLE_TIMEOUT = key("insightflow.consume.idleTimeout", null,
      "Stop after no record arrived for this long; default run until stopped");
  public static final Key CONSUME_POLL_INTERVAL = key("insightflow.consume.pollInterval", "1s",
      "Wait between reads of a shard that had no new records");

  private static final List<Key> ALL = List.of(KINESIS_ENDPOINT, KINESIS_REGION, KINESIS_CBOR_ENABLED,
      STREAM_NAME, STREAM_TABLE, PUBLISH_COUNT, PUBLISH_RATE, PUBLISH_SEED, PUBLISH_FROM,
      CONSUME_FLUSH_RECORDS, CONSUME_FLUSH_BYTES, CONSUME_FLUSH_INTERVAL, CONSUME_MAX_RECORDS,
      CONSUME_IDLE_TIMEOUT, CONSUME_POLL_INTERVAL);

  private StreamProperties() {}

  /** Every streaming key, in documentation order. */
  public static List<Key> all() {
    return ALL;
  }

  /** The value of {@code key} in {@code values}, or its default (null when it has none). */
  public static String get(Map<String, String> values, Key key) {
    String value = values.get(key.name());
    return value == null || value.isBlank() ? key.defaultValue() : value.trim();
  }

  /**
   * The value as a long, or null when absent and without default.
   *
   * @throws InsightflowConfigException naming the key if it is not a number
   */
  public static Long getLong(Map<String, String> values, Key key) {
    String value = get(values, key);
    if (value == null) {
      return null;
    }
    try {
      return Long.parseLong(value.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new InsightflowConfigException(key.name(), "'" + value + "' is not a whole number");
    }
  }

  /**
   * The value as a duration, or null when absent and without default.
   *
   * @throws InsightflowConfigException naming the key if it is not a duration
   */
  public static Duration getDuration(Map<String, String> values, Key key) {
    String value = get(values, key);
    return value == null ? null : parseDuration(key.name(), value);
  }

  /**
   * Parses {@code PT30S}, {@code 250ms}, {@code 30s}, {@code 5m} or {@code 1h}.
   *
   * @throws InsightflowConfigException naming {@code key} if the text is none of these
   */
  public static Duration parseDuration(String key, String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (t.startsWith("pt") || t.startsWith("p")) {
        return Duration.parse(t.toUpperCase(Locale.ROOT));
      }
      if (t.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).trim()));
      }
      long amount = Long.parseLong(t.substring(0, t.length() - 1).trim());
      return switch (t.charAt(t.length() - 1)) {
        case 's' -> Duration.ofSeconds(amount);
        case 'm' -> Duration.ofMinutes(amount);
        case 'h' -> Duration.ofHours(amount);
        default -> throw new NumberFormatException(t);
      };
    } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
      throw new InsightflowConfigException(key, "'" + text
          + "' is not a duration; use e.g. 250ms, 30s, 5m, 1h or ISO-8601 PT30S");
    }
  }

  private static Key key(String name, String defaultValue, String description) {
    return new Key(name, defaultValue, false, description);
  }
}
