package io.insightflow.api;

import java.util.Objects;

/** The configuration is wrong: fix the named setting and run again. Retrying unchanged will fail again. */
@Stable
public class InsightflowConfigException extends InsightflowException {

  private final String key;

  /**
   * @param key the configuration key at fault, such as {@code insightflow.ingest.batchSize}
   * @param message what is wrong and how to fix it
   */
  public InsightflowConfigException(String key, String message) {
    super(Objects.requireNonNull(key, "key") + ": " + message);
    this.key = key;
  }

  public InsightflowConfigException(String key, String message, Throwable cause) {
    super(Objects.requireNonNull(key, "key") + ": " + message, cause);
    this.key = key;
  }

  /** The configuration key at fault. */
  public String key() {
    return key;
  }
}
