package io.insightflow.lambda;

import io.insightflow.api.InsightflowException;

/**
 * The invocation's event is not one this handler accepts: malformed JSON, an unknown shape, or an
 * object outside the lake. Retrying the same event fails again.
 */
public final class InvalidEventException extends InsightflowException {

  /** @param message what is wrong with the event and what the handler accepts */
  public InvalidEventException(String message) {
    super(message);
  }

  /** @param message what is wrong with the event; @param cause the parse error */
  public InvalidEventException(String message, Throwable cause) {
    super(message, cause);
  }
}
