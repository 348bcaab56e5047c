package io.insightflow.lambda;

import com.fasterxml.jackson.databind.JsonNode;
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
   * @throws InvalidEventException when the field has another shape
   */
  static List<String> of(JsonNode value, String accepted) {
    if (value == null || value.isNull()) {
      return null;
    }
    if (value.isTextual()) {
      return Arrays.stream(value.textValue().split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList();
    }
    if (!value.isArray()) {
      throw new InvalidEventException("'tables' must be an array of names or a comma-separated string" + accepted);
    }
    List<String> tables = new ArrayList<>();
    for (JsonNode t : value) {
      if (!t.isTextual()) {
        throw new InvalidEventException("'tables' must hold table names, not " + t + accepted);
      }
      tables.add(t.textValue());
    }
    return tables;
  }
}
