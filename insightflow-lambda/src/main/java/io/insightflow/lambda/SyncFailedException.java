package io.insightflow.lambda;

import io.insightflow.api.InsightflowException;
import io.insightflow.sync.SyncResult;

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

  /** Failures quoted in the message; the rest are counted. */
  private static final int FAILURES_SHOWN = 10;

  /**
   * Fails the invocation when objects failed, or when the deadline left objects of runs an S3
   * notification named (the retry of that event loads them; a schedule or task just continues).
   *
   * @param result the sync's result, or null when nothing ran
   */
  static void check(boolean notifiedRuns, SyncResult result) {
    if (result != null && !result.successful()) {
      throw failures(result);
    }
    if (result != null && notifiedRuns && result.deadlineReached()) {
      throw runsLeft(result);
    }
  }

  private static SyncFailedException failures(SyncResult result) {
    StringBuilder message = new StringBuilder().append(result.failures().size()).append(" objects failed to load (")
        .append(result.objectsLoaded()).append(" loaded, committed):");
    result.failures().stream().limit(FAILURES_SHOWN).forEach(f -> message.append("\n- ").append(f.message()));
    if (result.failures().size() > FAILURES_SHOWN) {
      message.append("\n- and ").append(result.failures().size() - FAILURES_SHOWN).append(" more");
    }
    return new SyncFailedException(message.toString());
  }

  private static SyncFailedException runsLeft(SyncResult result) {
    return new SyncFailedException("The deadline came with " + result.remaining().size() + " objects of the"
        + " notified runs left (first: " + result.remaining().get(0) + "); " + result.objectsLoaded()
        + " were loaded. Failing so that the retry of this event loads the rest; give the function more time"
        + " or lower insightflow.lambda.safetyMargin");
  }
}
