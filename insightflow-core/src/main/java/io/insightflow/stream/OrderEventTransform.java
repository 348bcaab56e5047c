package io.insightflow.stream;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.insightflow.api.Evolving;
import io.insightflow.internal.Json;
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
@Evolving
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

  /** The position of a field in {@link #COLUMNS}, or -1 for a field the output does not use. */
  private static int columnIndex(String field) {
    return switch (field) {
      case "order_id" -> 0;
      case "user_id" -> 1;
      case "eval_set" -> 2;
      case "order_number" -> 3;
      case "order_dow" -> 4;
      case "order_hour_of_day" -> 5;
      case "days_since_prior_order" -> 6;
      case "event_time" -> 7;
      default -> -1; // product_ids (8) is read apart
    };
  }

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public TransformResult transform(byte[] data) {
    if (isBlank(data)) {
      return TransformResult.dropped();
    }
    // One streaming pass (no tree per record: a 6 MB Firehose batch is ~13,000 of them); checks run
    // after the whole object was read, in column order, as a tree-based reading would report them.
    Event event = new Event();
    try (JsonParser p = Json.MAPPER.getFactory().createParser(data)) {
      JsonToken t = p.nextToken();
      if (t != JsonToken.START_OBJECT) {
        p.skipChildren(); // a malformed non-object is "not valid JSON", as it would be for a tree
        return TransformResult.failed("payload is not a JSON object");
      }
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        event.read(field, p);
      }
    } catch (JsonProcessingException e) {
      return TransformResult.failed("not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      return TransformResult.failed("cannot read payload: " + e.getMessage());
    }
    try {
      StringBuilder line = new StringBuilder(160);
      line.append(event.integer("order_id", 1, Long.MAX_VALUE, false)).append(',');
      line.append(event.integer("user_id", 1, Long.MAX_VALUE, false)).append(',');
      line.append(event.evalSet()).append(',');
      line.append(event.integer("order_number", 1, Integer.MAX_VALUE, false)).append(',');
      line.append(event.integer("order_dow", 0, 6, false)).append(',');
      line.append(event.integer("order_hour_of_day", 0, 23, false)).append(',');
      Long days = event.integer("days_since_prior_order", 0, 365, true);
      line.append(days == null ? "" : days.toString()).append(',');
      line.append(event.eventTime()).append(',');
      String products = event.productIds();
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

  /** One JSON value as read: its kind and the little it takes to check it. */
  private record Value(JsonToken token, long integral, boolean fitsLong, double floating, String text) {

    /** The JSON type's name, as in "expected an integer, got boolean". */
    String typeName() {
      return switch (token) {
        case VALUE_TRUE, VALUE_FALSE -> "boolean";
        case START_OBJECT -> "object";
        case START_ARRAY -> "array";
        case VALUE_STRING -> "string";
        case VALUE_NULL -> "null";
        default -> "number";
      };
    }
  }

  /** The fields of one event that the output uses; others are skipped unread. A later duplicate wins. */
  private static final class Event {
    private final Value[] values = new Value[COLUMNS.size()];
    private String productIds;
    private String productError;
    private boolean productsSeen;

    void read(String field, JsonParser p) throws IOException {
      JsonToken t = p.currentToken();
      if (field.equals("product_ids")) {
        readProducts(p, t);
        return;
      }
      int column = columnIndex(field);
      if (column < 0) {
        p.skipChildren();
        return;
      }
      Value value = switch (t) {
        case VALUE_NUMBER_INT -> {
          boolean fits = p.getNumberType() != JsonParser.NumberType.BIG_INTEGER;
          yield new Value(t, fits ? p.getLongValue() : 0, fits, 0, null);
        }
        case VALUE_NUMBER_FLOAT -> new Value(t, 0, false, p.getDoubleValue(), null);
        case VALUE_STRING -> new Value(t, 0, false, 0, p.getText());
        default -> {
          p.skipChildren();
          yield new Value(t, 0, false, 0, null);
        }
      };
      values[column] = value;
    }

    private void readProducts(JsonParser p, JsonToken t) throws IOException {
      productsSeen = true;
      productIds = null;
      productError = null;
      if (t == JsonToken.VALUE_NULL) {
        return;
      }
      if (t != JsonToken.START_ARRAY) {
        p.skipChildren();
        productError = "product_ids: expected an array of integers";
        return;
      }
      StringBuilder out = new StringBuilder().append('[');
      int i = 0;
      for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken(), i++) {
        boolean ok = e == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER
            && p.getLongValue() >= 1;
        if (!ok) {
          p.skipChildren();
          if (productError == null) {
            productError = "product_ids[" + i + "]: expected a positive integer";
          }
          continue;
        }
        out.append(i == 0 ? "" : ",").append(p.getLongValue());
      }
      productIds = out.append(']').toString();
    }

    Long integer(String field, long min, long max, boolean nullable) {
      Value value = values[columnIndex(field)];
      if (value == null || value.token() == JsonToken.VALUE_NULL) {
        if (nullable) {
          return null;
        }
        throw new Invalid(field + ": required");
      }
      long v;
      if (value.token() == JsonToken.VALUE_NUMBER_INT && value.fitsLong()) {
        v = value.integral();
      } else if (value.token() == JsonToken.VALUE_NUMBER_FLOAT && value.floating() == Math.rint(value.floating())
          && Math.abs(value.floating()) < 9.0e15) {
        v = (long) value.floating();
      } else if (value.token() == JsonToken.VALUE_STRING) {
        String text = value.text().trim();
        if (text.isEmpty() && nullable) {
          return null;
        }
        try {
          v = Long.parseLong(text.endsWith(".0") ? text.substring(0, text.length() - 2) : text);
        } catch (NumberFormatException e) {
          throw new Invalid(field + ": expected an integer, got a non-numeric string");
        }
      } else {
        throw new Invalid(field + ": expected an integer, got " + value.typeName());
      }
      if (v < min || v > max) {
        throw new Invalid(field + ": " + v + " is out of range [" + min + ", " + max + "]");
      }
      return v;
    }

    String evalSet() {
      Value value = values[columnIndex("eval_set")];
      if (value == null || value.token() != JsonToken.VALUE_STRING) {
        throw new Invalid("eval_set: required string");
      }
      String normalised = value.text().trim().toLowerCase(Locale.ROOT);
      if (!EVAL_SETS.contains(normalised)) {
        throw new Invalid("eval_set: expected prior, train or test");
      }
      return normalised;
    }

    String eventTime() {
      Value value = values[columnIndex("event_time")];
      if (value == null || value.token() != JsonToken.VALUE_STRING) {
        throw new Invalid("event_time: required ISO-8601 string");
      }
      String text = value.text().trim();
      if (isCanonicalUtc(text)) {
        return text; // what Instant.parse(text).toString() gives, without java.time's costly parser
      }
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

    String productIds() {
      if (productError != null) {
        throw new Invalid(productError);
      }
      return productsSeen ? productIds : null;
    }
  }

  /**
   * Whether {@code t} is a valid instant already written as {@link Instant#toString()} writes one:
   * {@code yyyy-MM-ddTHH:mm:ss} in UTC ({@code Z}), with no fraction or one of 3, 6 or 9 digits that
   * does not end in {@code 000}. Most producers send exactly this.
   */
  static boolean isCanonicalUtc(String t) {
    int n = t.length();
    if (n < 20 || t.charAt(n - 1) != 'Z' || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T'
        || t.charAt(13) != ':' || t.charAt(16) != ':' || !digits(t, 0, 4) || !digits(t, 5, 7)
        || !digits(t, 8, 10) || !digits(t, 11, 13) || !digits(t, 14, 16) || !digits(t, 17, 19)) {
      return false;
    }
    int fraction = n - 21; // digits between '.' and 'Z'
    if (n > 20 && (t.charAt(19) != '.' || (fraction != 3 && fraction != 6 && fraction != 9)
        || !digits(t, 20, n - 1) || t.startsWith("000", n - 4))) {
      return false;
    }
    int year = Integer.parseInt(t, 0, 4, 10);
    int month = Integer.parseInt(t, 5, 7, 10);
    int day = Integer.parseInt(t, 8, 10, 10);
    return month >= 1 && month <= 12 && day >= 1 && day <= java.time.YearMonth.of(year, month).lengthOfMonth()
        && Integer.parseInt(t, 11, 13, 10) < 24 && Integer.parseInt(t, 14, 16, 10) < 60
        && Integer.parseInt(t, 17, 19, 10) < 60;
  }

  private static boolean digits(String t, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = t.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** Validation failure inside one record; never escapes {@link #transform}. */
  private static final class Invalid extends RuntimeException {
    Invalid(String message) {
      super(message, null, false, false);
    }
  }
}
