package io.insightflow.api;

/**
 * Root of every exception insightflow throws. Unchecked: callers catch the subtype that tells them
 * what they can do (fix the configuration, retry, or inspect the failed object).
 *
 * <p>Messages name the setting, table or object involved and never contain secrets.
 */
@Stable
public class InsightflowException extends RuntimeException {

  public InsightflowException(String message) {
    super(message);
  }

  public InsightflowException(String message, Throwable cause) {
    super(message, cause);
  }
}
