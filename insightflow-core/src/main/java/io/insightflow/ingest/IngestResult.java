package io.insightflow.ingest;

import io.insightflow.api.Evolving;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * What an ingest run wrote.
 *
 * @param triggerTime the run's partition timestamp
 * @param tables one entry per table whose run was committed, in the order ingested
 * @param pendingTables the tables not finished because the time budget ran out, in run order; the
 *     next run with the same trigger time continues them (the first from where it stopped)
 */
@Evolving
public record IngestResult(Instant triggerTime, List<TableResult> tables, List<String> pendingTables) {

  public IngestResult {
    tables = List.copyOf(tables);
    pendingTables = List.copyOf(pendingTables);
  }

  /** A run that finished every table. */
  public IngestResult(Instant triggerTime, List<TableResult> tables) {
    this(triggerTime, tables, List.of());
  }

  /** Whether every table's run was committed. */
  public boolean complete() {
    return pendingTables.isEmpty();
  }

  /** Rows over all tables. */
  public long rows() {
    return tables.stream().mapToLong(TableResult::rows).sum();
  }

  /** One line for logs: tables, rows, parts, bytes, time and the trigger time. */
  public String summary() {
    long parts = tables.stream().mapToLong(TableResult::parts).sum();
    long bytes = tables.stream().mapToLong(TableResult::bytes).sum();
    long millis = tables.stream().mapToLong(t -> t.elapsed().toMillis()).sum();
    return String.format(Locale.ROOT, "%d tables, %d rows, %d parts, %d bytes in %d ms (%d rows/s), trigger time %s",
        tables.size(), rows(), parts, bytes, millis, millis == 0 ? rows() : rows() * 1000 / millis, triggerTime)
        + (complete() ? "" : "; stopped for the time budget, pending: " + String.join(",", pendingTables));
  }

  /**
   * One table of the run.
   *
   * @param table the table name
   * @param manifestKey key of the run manifest, written last
   * @param parts number of data objects
   * @param rows rows written
   * @param bytes bytes written
   * @param elapsed wall time for the table
   */
  public record TableResult(String table, String manifestKey, int parts, long rows, long bytes, Duration elapsed) {

    /** Rows per second over the table's wall time. */
    public long rowsPerSecond() {
      return elapsed.toMillis() == 0 ? rows : rows * 1000 / elapsed.toMillis();
    }
  }
}
