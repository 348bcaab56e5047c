package io.insightflow.lambda;

import io.insightflow.metrics.Measurements;
import io.insightflow.sync.TableFreshness;
import io.insightflow.sync.VerifyReport;
import java.util.List;

/**
 * What the sync handler answers to {@code {"mode": "verify"}}, as JSON: the counts of the
 * {@link VerifyReport} and each table's freshness (the full report goes to
 * {@code insightflow.verify.report}). An inconsistent report fails the invocation instead. [#23]
 *
 * @param trigger {@code verify}
 * @param consistent whether the target holds what the lake says (no divergence, no failed object)
 * @param tables tables verified
 * @param divergences divergences found
 * @param failed objects whose last load failed
 * @param notLoaded objects not loaded (pending, incomplete, outside the window, failed)
 * @param freshness per table: newest partition loaded and in the lake (ISO-8601, or null) and their lag in seconds
 */
record VerifyResponse(String trigger, boolean consistent, int tables, int divergences, int failed, int notLoaded,
    List<Freshness> freshness) {

  /** One table's {@link TableFreshness}, in plain JSON types. */
  record Freshness(String table, String newestLoaded, Long loadedLagSeconds, String newestInLake,
      Long lakeLagSeconds) {}

  /** The response of a verify, its counts added to the invocation's log line. */
  static VerifyResponse of(VerifyReport report, InvocationLog.Invocation log) {
    VerifyResponse response = new VerifyResponse(SyncTrigger.VERIFY, report.consistent(), report.tables().size(),
        report.divergences().size(), report.failed().size(), report.notLoaded().size(), report.tables().stream()
        .map(t -> freshness(t.freshness())).toList());
    log.put("mode", SyncTrigger.VERIFY).put("consistent", response.consistent).put("divergences", response.divergences)
        .put("objectsFailed", response.failed).put("notLoaded", response.notLoaded)
        .metrics(Measurements.of(report));
    return response;
  }

  private static Freshness freshness(TableFreshness f) {
    return new Freshness(f.table(), f.newestLoaded() == null ? null : f.newestLoaded().toString(),
        f.loadedLag() == null ? null : f.loadedLag().toSeconds(),
        f.newestInLake() == null ? null : f.newestInLake().toString(),
        f.lakeLag() == null ? null : f.lakeLag().toSeconds());
  }
}
