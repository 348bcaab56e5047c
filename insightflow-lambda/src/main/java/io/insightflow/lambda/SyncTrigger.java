package io.insightflow.lambda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.insightflow.api.Printable;
import io.insightflow.layout.PartitionTemplate;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * What invoked the sync handler, read from the event's JSON: the event mapping of
 * {@link SyncHandler}, with no sync logic. The accepted shapes:
 * <ul>
 *   <li>an S3 event notification ({@code Records[].eventSource = "aws:s3"}): {@link NewObjects}, keys
 *       URL-decoded as S3 encodes them; {@code ObjectRemoved} records are ignored;
 *   <li>S3's {@code s3:TestEvent}, sent when a notification is configured: {@link Nothing};
 *   <li>an EventBridge {@code Object Created} event of S3: {@link NewObjects};
 *   <li>an EventBridge {@code Scheduled Event}: {@link Schedule};
 *   <li>a JSON object with only the fields {@code mode}, {@code start}, {@code end} and
 *       {@code tables} (an array or a comma-separated string), all optional: a Step Functions
 *       {@link Task};
 *   <li>{@code {"mode": "verify"}} alone (a daily schedule's constant input): {@link Verify}, which
 *       reconciles the lake with the target instead of syncing. [#23]
 * </ul>
 */
sealed interface SyncTrigger {

  /** The fields a Step Functions task input may have. */
  Set<String> TASK_FIELDS = Set.of("mode", "start", "end", "tables");

  /** New objects named by S3: bucket and (decoded) full key. */
  record NewObjects(List<S3Object> objects) implements SyncTrigger {}

  /** One object of an S3 notification. */
  record S3Object(String bucket, String key) {}

  /** A scheduled run, with its scheduled time. */
  record Schedule(Instant time) implements SyncTrigger {}

  /** A Step Functions task: each field null when absent. */
  record Task(String mode, Instant start, Instant end, List<String> tables) implements SyncTrigger {}

  /** A reconciliation of the lake with the target ({@code {"mode": "verify"}}). [#23] */
  record Verify() implements SyncTrigger {}

  /** The task mode that asks for {@link Verify}. */
  String VERIFY = "verify";

  /** An event that asks for nothing (S3's test event, removals only). */
  record Nothing(String reason) implements SyncTrigger {}

  /** The trigger name used in logs and results. */
  default String name() {
    if (this instanceof NewObjects) {
      return "s3";
    }
    if (this instanceof Schedule) {
      return "schedule";
    }
    if (this instanceof Verify) {
      return VERIFY;
    }
    return this instanceof Task ? "stepfunctions" : "none";
  }

  /**
   * Reads an event.
   *
   * @throws InvalidEventException naming what is wrong and the accepted shapes
   */
  static SyncTrigger parse(byte[] json, ObjectMapper mapper) {
    JsonNode event;
    try {
      event = mapper.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidEventException("The event is not valid JSON at line " + e.getLocation().getLineNr()
          + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage() + accepted(), e);
    } catch (IOException e) {
      throw new InvalidEventException("The event cannot be read: " + e.getMessage(), e);
    }
    if (event == null || !event.isObject()) {
      throw new InvalidEventException("The event is not a JSON object" + accepted());
    }
    if (event.has("Records")) {
      return s3Notification(event.get("Records"));
    }
    if ("s3:TestEvent".equals(event.path("Event").asText(null))) {
      return new Nothing("S3 test event");
    }
    if (event.has("detail-type")) {
      return eventBridge(event);
    }
    for (Iterator<String> it = event.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!TASK_FIELDS.contains(field)) {
        throw new InvalidEventException("Unknown field '" + Printable.of(field) + "' in the event" + accepted());
      }
    }
    String mode = text(event, "mode");
    if (VERIFY.equals(mode)) {
      if (event.size() > 1) {
        throw new InvalidEventException("{\"mode\": \"verify\"} takes no other field: verify reconciles the tables"
            + " and window the function is configured with (insightflow.tables, insightflow.sync.*)" + accepted());
      }
      return new Verify();
    }
    return new Task(mode, instant(event, "start"), instant(event, "end"), EventTables.of(event.get("tables"), accepted()));
  }

  private static SyncTrigger s3Notification(JsonNode records) {
    if (!records.isArray()) {
      throw new InvalidEventException("'Records' of an S3 event must be an array" + accepted());
    }
    List<S3Object> objects = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      JsonNode r = records.get(i);
      String source = r.path("eventSource").asText("");
      if (!source.equals("aws:s3")) {
        throw new InvalidEventException("Records[" + i + "] has eventSource '" + Printable.of(source) + "', not aws:s3"
            + accepted());
      }
      if (r.path("eventName").asText("").startsWith("ObjectRemoved")) {
        continue;
      }
      String bucket = r.path("s3").path("bucket").path("name").asText(null);
      String key = r.path("s3").path("object").path("key").asText(null);
      if (bucket == null || key == null) {
        throw new InvalidEventException("Records[" + i + "] has no s3.bucket.name or s3.object.key" + accepted());
      }
      objects.add(new S3Object(bucket, decode(i, key)));
    }
    return objects.isEmpty() ? new Nothing("no created objects") : new NewObjects(objects);
  }

  /** S3 notifications URL-encode keys, with '+' for a space: exactly what URLDecoder undoes. */
  private static String decode(int record, String key) {
    try {
      return URLDecoder.decode(key, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) { // a '%' not followed by two hex digits, as S3 never sends
      throw new InvalidEventException("Records[" + record + "] has the key '" + Printable.of(key) + "', which is not"
          + " URL-encoded as S3 encodes keys (" + Printable.of(e.getMessage()) + ")" + accepted(), e);
    }
  }

  private static SyncTrigger eventBridge(JsonNode event) {
    String type = event.path("detail-type").asText("");
    switch (type) {
      case "Scheduled Event" -> {
        return new Schedule(instant(event, "time"));
      }
      case "Object Created" -> {
        String bucket = event.path("detail").path("bucket").path("name").asText(null);
        String key = event.path("detail").path("object").path("key").asText(null);
        if (bucket == null || key == null) {
          throw new InvalidEventException("The Object Created event has no detail.bucket.name or"
              + " detail.object.key" + accepted());
        }
        return new NewObjects(List.of(new S3Object(bucket, key)));
      }
      default -> throw new InvalidEventException("EventBridge events of detail-type '" + Printable.of(type)
          + "' do not trigger a sync" + accepted());
    }
  }

  private static String text(JsonNode event, String field) {
    JsonNode value = event.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new InvalidEventException("'" + field + "' must be a string, not " + Printable.of(value) + accepted());
    }
    return value.textValue();
  }

  private static Instant instant(JsonNode event, String field) {
    String text = text(event, field);
    if (text == null || text.isBlank()) {
      return null;
    }
    Instant time;
    try {
      time = Instant.parse(text.trim());
    } catch (DateTimeParseException e) {
      throw new InvalidEventException("'" + field + "' is not an ISO-8601 instant such as 2024-05-01T00:00:00Z: '"
          + Printable.of(text) + "'", e);
    }
    if (!PartitionTemplate.representable(time)) {
      throw new InvalidEventException("'" + field + "' is " + time + ", outside the partition times "
          + PartitionTemplate.EARLIEST + " to " + PartitionTemplate.LATEST);
    }
    return time;
  }

  private static String accepted() {
    return ". The sync handler accepts an S3 event notification, an EventBridge Scheduled Event or S3 Object"
        + " Created event, a Step Functions input {\"mode\", \"start\", \"end\", \"tables\"}, or {\"mode\": \"verify\"}";
  }
}
