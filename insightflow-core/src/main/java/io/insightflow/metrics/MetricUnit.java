package io.insightflow.metrics;

import io.insightflow.api.Evolving;

/** The unit of a {@link Measurement}, named as CloudWatch names it (EMF's {@code Unit}). */
@Evolving
public enum MetricUnit {
  COUNT("Count"),
  BYTES("Bytes"),
  MILLISECONDS("Milliseconds"),
  SECONDS("Seconds");

  private final String cloudWatchName;

  MetricUnit(String cloudWatchName) {
    this.cloudWatchName = cloudWatchName;
  }

  /** The unit's CloudWatch name, e.g. {@code Milliseconds}. */
  public String cloudWatchName() {
    return cloudWatchName;
  }
}
