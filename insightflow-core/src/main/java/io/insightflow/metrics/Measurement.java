package io.insightflow.metrics;

import io.insightflow.api.Evolving;
import java.util.Objects;
import java.util.Optional;

/**
 * One value of a run: a metric name of {@link MetricNames}, its unit and value, for one table or
 * for the whole run.
 *
 * @param name the metric's name, e.g. {@link MetricNames#ROWS_LOADED}
 * @param unit its unit
 * @param value the value
 * @param table the table the value is of, or null for a value of the whole run
 */
@Evolving
public record Measurement(String name, MetricUnit unit, long value, String table) {

  public Measurement {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(unit, "unit");
  }

  /** A value of the whole run. */
  public static Measurement total(String name, MetricUnit unit, long value) {
    return new Measurement(name, unit, value, null);
  }

  /** The table of a per-table value; empty for a value of the whole run. */
  public Optional<String> tableName() {
    return Optional.ofNullable(table);
  }
}
