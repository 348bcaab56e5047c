package io.insightflow.lambda;

import io.insightflow.api.InsightflowException;
import io.insightflow.ingest.IngestResult;

/**
 * A scheduled ingest did not finish before its deadline. What was written stays (complete tables
 * with their manifests, parts of the pending table); the retry of the same event continues.
 */
public final class IngestIncompleteException extends InsightflowException {

  /** @param message the pending tables and what to do */
  public IngestIncompleteException(String message) {
    super(message);
  }

  /** The exception for a run the deadline stopped, naming its pending tables and time. */
  static IngestIncompleteException of(IngestResult result) {
    return new IngestIncompleteException("The deadline came before " + String.join(", ", result.pendingTables())
        + " of the run at " + result.triggerTime() + " were written (" + result.rows() + " rows committed);"
        + " failing so that Lambda's retry of this event continues from the first missing part");
  }
}
