package io.insightflow.lambda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.insightflow.api.Printable;
import io.insightflow.layout.PartitionTemplate;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * What invoked the ingest handler: the event mapping of {@link IngestHandler}. Accepted:
 * <ul>
 *   <li>an EventBridge {@code Scheduled Event}: the configured tables, partition time = the event's
 *       {@code time} (so a retried invocation of the same event rewrites the same objects);
 *   <li>a direct invocation {@code {"tables": [...] | "a,b", "time": "2024-05-07T09:30:00Z"}}, both
 *       optional: tables default to {@code insightflow.tables}, time to
 *       {@code insightflow.ingest.triggerTime} or now (give it, so a repeated call continues the
 *       same run).
 * </ul>
 *
 * @param scheduled whether an EventBridge schedule sent it
 * @param time the partition time, or null for the configured one
 * @param tables the tables, or null for the configured ones
 */
record IngestTrigger(boolean scheduled, Instant time, List<String> tables) {

  static final Set<String> DIRECT_FIELDS = Set.of("tables", "time");

  /** Parses each event shape, so its classes are loaded at init and before a SnapStart snapshot. */
  static void prime(ObjectMapper mapper) {
    for (String event : List.of("{\"tables\":[\"t\"],\"time\":\"2024-01-01T00:00:00Z\"}",
        "{\"detail-type\":\"Scheduled Event\",\"time\":\"2024-01-01T00:00:00Z\"}")) {
      parse(event.getBytes(java.nio.charset.StandardCharsets.UTF_8), mapper);
    }
  }

  /**
   * Reads an event.
   *
   * @throws InvalidEventException naming what is wrong and the accepted shapes
   */
  static IngestTrigger parse(byte[] json, ObjectMapper mapper) {
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
    if (event.has("detail-type")) {
      String type = event.get("detail-type").asText();
      if (!type.equals("Scheduled Event")) {
        throw new InvalidEventException("EventBridge events of detail-type '" + Printable.of(type)
            + "' do not trigger an ingest" + accepted());
      }
      Instant time = instant(event.get("time"));
      if (time == null) {
        throw new InvalidEventException("The Scheduled Event has no time" + accepted());
      }
      return new IngestTrigger(true, time, null);
    }
    for (Iterator<String> it = event.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!DIRECT_FIELDS.contains(field)) {
        throw new InvalidEventException("Unknown field '" + Printable.of(field) + "' in the event" + accepted());
      }
    }
    return new IngestTrigger(false, instant(event.get("time")), EventTables.of(event.get("tables"), accepted()));
  }

  private static Instant instant(JsonNode value) {
    if (value == null || value.isNull()) {
      return null;
    }
    Instant time;
    try {
      time = Instant.parse(value.asText().trim());
    } catch (DateTimeParseException e) {
      throw new InvalidEventException("'time' is not an ISO-8601 instant such as 2024-05-07T09:30:00Z: '"
          + Printable.of(value.asText()) + "'", e);
    }
    // Checked here, before anything is read or written: year=10000 would be a run sync never sees. [#19]
    if (!PartitionTemplate.representable(time)) {
      throw new InvalidEventException("'time' is " + time + ", outside the partition times "
          + PartitionTemplate.EARLIEST + " to " + PartitionTemplate.LATEST);
    }
    return time;
  }

  private static String accepted() {
    return ". The ingest handler accepts an EventBridge Scheduled Event or {\"tables\": [...], \"time\": \"<ISO-8601>\"}";
  }
}
