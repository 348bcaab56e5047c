package io.insightflow.lambda;

import io.insightflow.ingest.IngestResult;
import io.insightflow.metrics.Measurements;
import java.util.List;

/**
 * What the ingest handler answers, as JSON.
 *
 * @param triggerTime the partition time of the run
 * @param tables the tables whose run was committed (manifest written) by this call
 * @param rows rows written by this call
 * @param complete whether every table is committed
 * @param pendingTables tables the deadline left; a call with the same time continues them
 * @param ms wall time of the invocation
 */
record IngestResponse(String triggerTime, List<Table> tables, long rows, boolean complete, List<String> pendingTables,
    long ms) {

  /** One committed table. */
  record Table(String table, int parts, long rows, String manifestKey) {}

  /** The response of an invocation so far, its figures added to the invocation's log line. */
  static IngestResponse of(IngestResult result, InvocationLog.Invocation log) {
    IngestResponse response = new IngestResponse(result.triggerTime().toString(), result.tables().stream()
        .map(t -> new Table(t.table(), t.parts(), t.rows(), t.manifestKey())).toList(), result.rows(),
        result.complete(), result.pendingTables(), log.ms());
    log.put("triggerTime", response.triggerTime).put("tables", response.tables.size()).put("rows", response.rows)
        .put("pendingTables", response.pendingTables.size()).metrics(Measurements.of(result));
    return response;
  }
}
