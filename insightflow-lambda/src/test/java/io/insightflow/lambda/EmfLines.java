package io.insightflow.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * [#23] Checks a log line as a CloudWatch Embedded Metric Format document: against the JSON schema
 * written from the specification ({@code emf/emf-schema.json}, by a real JSON Schema validator),
 * plus the rules on target members the schema cannot express (every dimension a string member of
 * the root, every metric a number or an array of at most 100 numbers).
 */
final class EmfLines {

  private static final Schema SCHEMA = load();

  private EmfLines() {}

  private static Schema load() {
    try (InputStream in = EmfLines.class.getResourceAsStream("/emf/emf-schema.json")) {
      return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What is wrong with {@code line} as an EMF document; empty when nothing. */
  static List<String> problems(JsonNode line) {
    List<String> problems = new ArrayList<>();
    SCHEMA.validate(line).forEach(e -> problems.add(e.toString()));
    if (!problems.isEmpty()) {
      return problems;
    }
    for (JsonNode directive : line.at("/_aws/CloudWatchMetrics")) {
      for (JsonNode set : directive.get("Dimensions")) {
        for (JsonNode dimension : set) {
          if (!line.path(dimension.asText()).isTextual()) {
            problems.add("dimension " + dimension + " is not a string member of the root");
          }
        }
      }
      for (JsonNode metric : directive.get("Metrics")) {
        JsonNode value = line.path(metric.get("Name").asText());
        boolean numbers = value.isArray() && value.size() <= 100;
        value.forEach(v -> numbers(v, problems, metric));
        if (!value.isNumber() && !numbers) {
          problems.add("metric " + metric.get("Name") + " is not a number or an array of at most 100 numbers");
        }
      }
    }
    return problems;
  }

  private static void numbers(JsonNode element, List<String> problems, JsonNode metric) {
    if (!element.isNumber()) {
      problems.add("metric " + metric.get("Name") + " has a value that is not a number: " + element);
    }
  }
}
