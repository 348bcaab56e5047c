package io.insightflow.lambda;

import io.insightflow.metrics.Measurement;
import io.insightflow.metrics.MetricNames;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The members of a CloudWatch Embedded Metric Format document
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html):
 * the {@code _aws} metadata (Timestamp, one MetricDirective with namespace, dimension set and each
 * metric's unit), the dimension values and the metric values, all to be put at the root of one JSON
 * log line. CloudWatch Logs extracts the metrics from a Lambda's standard output; no API call.
 */
final class Emf {

  private Emf() {}

  /**
   * The members of a document of {@code values} at {@code timestamp} (epoch milliseconds), with the
   * dimension {@code function}, and {@code table} when it is not null.
   */
  static Map<String, Object> document(long timestamp, String function, String table, List<Measurement> values) {
    List<String> dimensions = table == null ? List.of(MetricNames.FUNCTION)
        : List.of(MetricNames.FUNCTION, MetricNames.TABLE);
    Map<String, Object> directive = new LinkedHashMap<>();
    directive.put("Namespace", MetricNames.NAMESPACE);
    directive.put("Dimensions", List.of(dimensions));
    directive.put("Metrics", values.stream().map(Emf::definition).toList());
    Map<String, Object> aws = new LinkedHashMap<>();
    aws.put("Timestamp", timestamp);
    aws.put("CloudWatchMetrics", List.of(directive));

    Map<String, Object> members = new LinkedHashMap<>();
    members.put("_aws", aws);
    members.put(MetricNames.FUNCTION, function);
    if (table != null) {
      members.put(MetricNames.TABLE, table);
    }
    values.forEach(m -> members.put(m.name(), m.value()));
    return members;
  }

  /** A MetricDefinition: the metric's name (the member that holds its value) and unit. */
  private static Map<String, Object> definition(Measurement m) {
    Map<String, Object> definition = new LinkedHashMap<>();
    definition.put("Name", m.name());
    definition.put("Unit", m.unit().cloudWatchName());
    return definition;
  }
}
