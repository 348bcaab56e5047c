package io.insightflow.lambda;

import io.insightflow.metrics.Measurements;
import io.insightflow.sync.SyncOptions;
import io.insightflow.sync.SyncResult;
import java.util.Locale;

/**
 * What the sync handler answers, as JSON, for every trigger. A Step Functions state machine loops
 * while {@code remaining > 0}.
 *
 * @param trigger {@code s3}, {@code schedule}, {@code stepfunctions} or {@code none}
 * @param mode the sync mode, or {@code runs} for an S3 notification, {@code none} when nothing ran
 * @param objectsLoaded objects loaded by this call
 * @param rowsLoaded rows loaded by this call
 * @param objectsSkipped objects already loaded with the same content
 * @param objectsFailed objects that failed (the invocation then fails instead of answering)
 * @param remaining objects the deadline left for the next call
 * @param complete whether nothing is left ({@code remaining == 0})
 * @param ms wall time of the sync
 * @param note why nothing ran, or null
 */
record SyncResponse(String trigger, String mode, long objectsLoaded, long rowsLoaded, long objectsSkipped,
    long objectsFailed, long remaining, boolean complete, long ms, String note) {

  /** The response of a sync, its figures added to the invocation's log line. */
  static SyncResponse of(String trigger, SyncOptions options, SyncResult result, InvocationLog.Invocation log) {
    long skipped = result.tables().stream().mapToLong(SyncResult.TableResult::objectsSkipped).sum();
    String mode = options.runs().isEmpty() ? options.mode().name().toLowerCase(Locale.ROOT) : "runs";
    SyncResponse response = new SyncResponse(trigger, mode, result.objectsLoaded(), result.rowsLoaded(), skipped,
        result.failures().size(), result.remaining().size(), result.remaining().isEmpty(),
        result.elapsed().toMillis(), null);
    log.put("mode", mode).put("objectsLoaded", response.objectsLoaded).put("rowsLoaded", response.rowsLoaded)
        .put("objectsSkipped", skipped).put("objectsFailed", response.objectsFailed)
        .put("remaining", response.remaining).put("syncMs", response.ms).metrics(Measurements.of(result));
    return response;
  }

  static SyncResponse nothing(String reason) {
    return new SyncResponse("none", "none", 0, 0, 0, 0, 0, true, 0, reason);
  }
}
