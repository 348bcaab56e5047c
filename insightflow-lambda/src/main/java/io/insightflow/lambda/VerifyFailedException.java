package io.insightflow.lambda;

import io.insightflow.api.InsightflowException;
import io.insightflow.sync.VerifyReport;

/**
 * A verify invocation found the target diverging from the lake, or objects that failed to load: the
 * message names each table, object and the two figures (up to ten; the rest are counted, and all are
 * in the report of {@code insightflow.verify.report}). The invocation fails so that it is seen. [#23]
 */
public final class VerifyFailedException extends InsightflowException {

  /** Problems quoted in the message; the rest are counted. */
  private static final int SHOWN = 10;

  /** @param message the problems, each with its table and object */
  public VerifyFailedException(String message) {
    super(message);
  }

  /** Fails the invocation when the report is not consistent. */
  static void check(VerifyReport report) {
    if (report.consistent()) {
      return;
    }
    StringBuilder message = new StringBuilder("Verify of schema ").append(report.schema()).append(" found ")
        .append(report.divergences().size()).append(" divergences and ").append(report.failed().size())
        .append(" failed objects:");
    report.problems().stream().limit(SHOWN).forEach(p -> message.append("\n- ").append(p));
    if (report.problems().size() > SHOWN) {
      message.append("\n- and ").append(report.problems().size() - SHOWN).append(" more");
    }
    throw new VerifyFailedException(message.toString());
  }
}
