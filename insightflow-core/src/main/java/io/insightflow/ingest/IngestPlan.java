package io.insightflow.ingest;

import io.insightflow.api.Evolving;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What an ingest run would do, computed without writing anything ({@link BatchIngest#plan}).
 *
 * @param lake the lake, as {@link io.insightflow.spi.ObjectStore#describe()} shows it
 * @param triggerTime the partition timestamp the run would use
 * @param tables one entry per table, in run order
 */
@Evolving
public record IngestPlan(String lake, Instant triggerTime, List<TablePlan> tables) {

  public IngestPlan {
    tables = List.copyOf(tables);
  }

  /** The plan for people: a header line, then per table its folder, parts, manifest and SQL. */
  public List<String> describe() {
    List<String> lines = new ArrayList<>();
    lines.add("Plan: ingest " + tables.size() + " tables into " + lake + " with trigger time " + triggerTime
        + " (dry run, nothing written)");
    for (TablePlan t : tables) {
      lines.add("table " + t.table() + ": " + t.rows() + " rows -> " + t.partKeys().size() + " parts in "
          + t.folder() + (t.replacesRun() ? " (replaces the existing run of this trigger time)" : ""));
      t.partKeys().forEach(k -> lines.add("  part     " + k));
      lines.add("  manifest " + t.manifestKey());
      lines.add("  key      " + (t.keys().isEmpty() ? "none" : "(" + String.join(", ", t.keys()) + ")")
          + " (the source's primary key, recorded in the manifest)");
      t.sql().forEach(q -> lines.add("  sql      " + q));
    }
    return lines;
  }

  /**
   * One table of the plan.
   *
   * @param table the table name
   * @param rows the table's current row count
   * @param folder the partition folder the parts would go to
   * @param partKeys the part objects expected (one per {@code batchSize} rows, at least one)
   * @param manifestKey the manifest written last
   * @param replacesRun whether a complete run with the same trigger time exists and would be replaced
   * @param sql the statements the warehouse would run
   * @param keys the table's primary key columns as the source reports them, recorded in the manifest [#21]
   */
  public record TablePlan(String table, long rows, String folder, List<String> partKeys,
      String manifestKey, boolean replacesRun, List<String> sql, List<String> keys) {

    public TablePlan {
      partKeys = List.copyOf(partKeys);
      sql = List.copyOf(sql);
      keys = keys == null ? List.of() : List.copyOf(keys);
    }

    /** A table whose key is not shown. */
    public TablePlan(String table, long rows, String folder, List<String> partKeys, String manifestKey,
        boolean replacesRun, List<String> sql) {
      this(table, rows, folder, partKeys, manifestKey, replacesRun, sql, List.of());
    }
  }
}
