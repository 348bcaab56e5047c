package io.insightflow.lambda;

import io.insightflow.api.InsightflowException;

/**
 * A scheduled ingest did not finish before its deadline. What was written stays (complete tables
 * with their manifests, parts of the pending table); the retry of the same event continues.
 */
public final class IngestIncompleteException extends InsightflowException {

  /** @param message the pending tables and what to do */
  public IngestIncompleteException(String message) {
    super(message);
  }
}
