package io.insightflow.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import io.insightflow.api.Printable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The {@code tables} field that direct and Step Functions events may carry, in either form they take. */
final class EventTables {

  private EventTables() {}

  /**
   * The table names of a {@code tables} field: an array of names or a comma-separated string; null
   * when absent.
   *
   * @param accepted what the handler accepts, appended to the error
   * @throws InvalidEventException when the field has another shape or names no table: an empty list
   *     would otherwise read as "absent" and select every table
   */
  static List<String> of(JsonNode value, String accepted) {
    if (value == null || value.isNull()) {
      return null;
    }
    List<String> tables = new ArrayList<>();
    if (value.isTextual()) {
      Arrays.stream(value.textValue().split(",")).map(String::trim).filter(t -> !t.isEmpty()).forEach(tables::add);
    } else if (value.isArray()) {
      for (JsonNode t : value) {
        if (!t.isTextual()) {
          throw new InvalidEventException("'tables' must hold table names, not " + Printable.of(t) + accepted);
        }
        tables.add(t.textValue());
      }
    } else {
      throw new InvalidEventException("'tables' must be an array of names or a comma-separated string" + accepted);
    }
    if (tables.isEmpty()) {
      throw new InvalidEventException("'tables' names no table (" + Printable.of(value) + "); name at least one, or"
          + " leave the field out for every table" + accepted);
    }
    return tables;
  }
}
