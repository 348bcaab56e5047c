package io.insightflow.lambda;

import io.insightflow.api.InsightflowException;

/**
 * A sync invocation did not finish its work: objects failed to load (their keys, lines and columns
 * are in the message; the other objects are committed), or the deadline left objects of notified
 * runs. The invocation fails so that it is seen and retried.
 */
public final class SyncFailedException extends InsightflowException {

  /** @param message the failures, each with its object key */
  public SyncFailedException(String message) {
    super(message);
  }
}
