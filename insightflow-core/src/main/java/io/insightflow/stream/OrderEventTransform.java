package io.insightflow.stream;

import io.insightflow.internal.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.insightflow.layout.RunManifest.Column;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The default transform: the cleaning the original pipeline's Firehose Lambda did on order events.
 *
 * <ul>
 *   <li>A blank payload (whitespace only, as some producers send as keep-alive) is {@code Dropped}.
 *   <li>Anything that is not a JSON object, lacks a required field, or has a value of the wrong type
 *       or out of range is {@code ProcessingFailed}, with a reason naming the field.
 *   <li>Values are normalised: integers may arrive as JSON numbers with no fraction ({@code 7.0}) or
 *       as numeric strings ({@code " 7 "}); strings are trimmed; {@code eval_set} is lower-cased;
 *       {@code event_time} may carry any offset and is written as a UTC instant.
 * </ul>
 *
 * <p>Output columns (see {@link #COLUMNS}): {@code order_id, user_id, eval_set, order_number,
 * order_dow, order_hour_of_day, days_since_prior_order, event_time, product_ids}, where
 * {@code product_ids} is a JSON array as text (NULL when absent). Unknown fields are ignored.
 * Stateless and thread-safe.
 */
public final class OrderEventTransform implements RecordTransform {

  /** The output schema, in CSV field order. */
  public static final List<Column> COLUMNS = List.of(
      new Column("order_id", "bigint", "json:integer", false),
      new Column("user_id", "bigint", "json:integer", false),
      new Column("eval_set", "text", "json:string", false),
      new Column("order_number", "integer", "json:integer", false),
      new Column("order_dow", "integer", "json:integer", false),
      new Column("order_hour_of_day", "integer", "json:integer", false),
      new Column("days_since_prior_order", "integer", "json:integer", true),
      new Column("event_time", "timestamp with time zone", "json:string", false),
      new Column("product_ids", "text", "json:array", true));

  private static final Set<String> EVAL_SETS = Set.of("prior", "train", "test");

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public TransformResult transform(byte[] data) {
    if (isBlank(data)) {
      return TransformResult.dropped();
    }
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(data);
    } catch (JsonProcessingException e) {
      return TransformResult.failed("not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      return TransformResult.failed("cannot read payload: " + e.getMessage());
    }
    if (node == null || !node.isObject()) {
      return TransformResult.failed("payload is not a JSON object");
    }
    try {
      StringBuilder line = new StringBuilder(160);
      line.append(integer(node, "order_id", 1, Long.MAX_VALUE, false)).append(',');
      line.append(integer(node, "user_id", 1, Long.MAX_VALUE, false)).append(',');
      line.append(evalSet(node)).append(',');
      line.append(integer(node, "order_number", 1, Integer.MAX_VALUE, false)).append(',');
      line.append(integer(node, "order_dow", 0, 6, false)).append(',');
      line.append(integer(node, "order_hour_of_day", 0, 23, false)).append(',');
      Long days = integer(node, "days_since_prior_order", 0, 365, true);
      line.append(days == null ? "" : days.toString()).append(',');
      line.append(eventTime(node)).append(',');
      String products = productIds(node);
      if (products != null) {
        // The array has commas: quote it; it never contains quotes (only digits, commas, brackets).
        line.append('"').append(products).append('"');
      }
      line.append('\n');
      return TransformResult.ok(line.toString().getBytes(StandardCharsets.UTF_8));
    } catch (Invalid e) {
      return TransformResult.failed(e.getMessage());
    }
  }

  private static boolean isBlank(byte[] data) {
    for (byte b : data) {
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return false;
      }
    }
    return true;
  }

  private static Long integer(JsonNode node, String field, long min, long max, boolean nullable) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      if (nullable) {
        return null;
      }
      throw new Invalid(field + ": required");
    }
    long v;
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      v = value.longValue();
    } else if (value.isFloatingPointNumber() && value.doubleValue() == Math.rint(value.doubleValue())
        && Math.abs(value.doubleValue()) < 9.0e15) {
      v = (long) value.doubleValue();
    } else if (value.isTextual()) {
      String text = value.textValue().trim();
      if (text.isEmpty() && nullable) {
        return null;
      }
      try {
        v = Long.parseLong(text.endsWith(".0") ? text.substring(0, text.length() - 2) : text);
      } catch (NumberFormatException e) {
        throw new Invalid(field + ": expected an integer, got a non-numeric string");
      }
    } else {
      throw new Invalid(field + ": expected an integer, got " + value.getNodeType().name().toLowerCase(Locale.ROOT));
    }
    if (v < min || v > max) {
      throw new Invalid(field + ": " + v + " is out of range [" + min + ", " + max + "]");
    }
    return v;
  }

  private static String evalSet(JsonNode node) {
    JsonNode value = node.get("eval_set");
    if (value == null || !value.isTextual()) {
      throw new Invalid("eval_set: required string");
    }
    String normalised = value.textValue().trim().toLowerCase(Locale.ROOT);
    if (!EVAL_SETS.contains(normalised)) {
      throw new Invalid("eval_set: expected prior, train or test");
    }
    return normalised;
  }

  private static String eventTime(JsonNode node) {
    JsonNode value = node.get("event_time");
    if (value == null || !value.isTextual()) {
      throw new Invalid("event_time: required ISO-8601 string");
    }
    String text = value.textValue().trim();
    try {
      return Instant.parse(text).toString();
    } catch (DateTimeException notUtc) {
      try {
        return OffsetDateTime.parse(text).toInstant().toString();
      } catch (DateTimeException e) {
        throw new Invalid("event_time: not an ISO-8601 instant with offset");
      }
    }
  }

  private static String productIds(JsonNode node) {
    JsonNode value = node.get("product_ids");
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isArray()) {
      throw new Invalid("product_ids: expected an array of integers");
    }
    StringBuilder out = new StringBuilder().append('[');
    for (int i = 0; i < value.size(); i++) {
      JsonNode id = value.get(i);
      if (!id.isIntegralNumber() || !id.canConvertToLong() || id.longValue() < 1) {
        throw new Invalid("product_ids[" + i + "]: expected a positive integer");
      }
      out.append(i == 0 ? "" : ",").append(id.longValue());
    }
    return out.append(']').toString();
  }

  /** Validation failure inside one record; never escapes {@link #transform}. */
  private static final class Invalid extends RuntimeException {
    Invalid(String message) {
      super(message, null, false, false);
    }
  }
}
