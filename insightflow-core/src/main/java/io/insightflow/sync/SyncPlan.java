package io.insightflow.sync;

import io.insightflow.api.Evolving;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a {@link LakeSync#sync} with the same options would load now, computed without writing
 * anything ({@link LakeSync#plan}).
 *
 * @param lake the lake, as {@link io.insightflow.spi.ObjectStore#describe()} shows it
 * @param schema the target schema
 * @param mode the sync mode
 * @param objects the objects that would load, in load order
 * @param objectsLoaded complete objects skipped because they are loaded with the same content
 * @param problems objects or runs that would fail before any COPY (such as an unreadable manifest)
 * @param keys the effective key of each table listed, and where it comes from ({@link TableKeys#resolve}) [#21]
 * @param replaces what each {@link WriteMode#REPLACE} table would do; its run's parts are among
 *     {@code objects}
 */
@Evolving
public record SyncPlan(String lake, String schema, SyncMode mode, List<ObjectPlan> objects,
    long objectsLoaded, List<ObjectFailure> problems, List<TableKeys> keys, List<ReplacePlan> replaces) {

  public SyncPlan {
    objects = List.copyOf(objects);
    problems = List.copyOf(problems);
    keys = keys == null ? List.of() : List.copyOf(keys);
    replaces = replaces == null ? List.of() : List.copyOf(replaces);
  }

  /** A plan that shows no keys. */
  public SyncPlan(String lake, String schema, SyncMode mode, List<ObjectPlan> objects, long objectsLoaded,
      List<ObjectFailure> problems, List<ReplacePlan> replaces) {
    this(lake, schema, mode, objects, objectsLoaded, problems, List.of(), replaces);
  }

  /** A plan without keys or replace tables. */
  public SyncPlan(String lake, String schema, SyncMode mode, List<ObjectPlan> objects, long objectsLoaded,
      List<ObjectFailure> problems) {
    this(lake, schema, mode, objects, objectsLoaded, problems, List.of(), List.of());
  }

  /** The plan for people: a header line, then each object with its COPY statement. */
  public List<String> describe() {
    List<String> lines = new ArrayList<>();
    lines.add("Plan: sync " + objects.size() + " objects, " + objects.stream().mapToLong(ObjectPlan::rows).sum()
        + " rows from " + lake + " into schema " + schema + " (mode " + mode.name().toLowerCase(Locale.ROOT)
        + ", " + objectsLoaded + " objects already loaded; dry run, nothing written)");
    for (TableKeys k : keys) {
      lines.add("table " + k.table() + ": key " + k.describe());
      k.notes().forEach(n -> lines.add("  note " + n));
    }
    for (ReplacePlan r : replaces) {
      lines.add("table " + r.table() + ": write mode replace, " + (r.replaces()
          ? "run " + r.run() + " replaces " + (r.holds() == null ? "the table" : "run " + r.holds())
              + " in one transaction:"
          : "run " + r.run() + " is older than run " + r.holds() + " that the table holds: nothing loads")
          + (r.superseded().isEmpty() ? "" : " (" + r.superseded().size() + " objects of older runs recorded as"
              + " superseded, not loaded)"));
      if (r.replaces()) {
        r.sql().forEach(sql -> lines.add("  sql  " + sql));
      }
    }
    for (ObjectPlan o : objects) {
      lines.add("object " + o.key() + " -> table " + o.table() + ": " + o.rows() + " rows, " + o.bytes() + " bytes");
      o.schemaSql().forEach(sql -> lines.add("  sql  " + sql));
      lines.add("  sql  " + o.sql());
    }
    problems.forEach(p -> lines.add("problem " + p.message()));
    return lines;
  }

  /**
   * One object that would load.
   *
   * @param table the target table
   * @param key the object key
   * @param rows rows, from the run manifest
   * @param bytes size in bytes
   * @param sql the COPY statement that would load it; for a {@link WriteMode#MERGE} table, the
   *     statements of its transaction (staging, COPY, lock, upsert)
   * @param schemaSql the schema changes its transaction would make before the COPY (new columns, safe
   *     widenings; {@link SchemaChangeMode}), in order; empty when the table takes it as it is [#21]
   */
  public record ObjectPlan(String table, String key, long rows, long bytes, String sql, List<String> schemaSql) {
    public ObjectPlan {
      schemaSql = schemaSql == null ? List.of() : List.copyOf(schemaSql);
    }

    /** An object whose table takes it as it is. */
    public ObjectPlan(String table, String key, long rows, long bytes, String sql) {
      this(table, key, rows, bytes, sql, List.of());
    }
  }

  /**
   * What a {@link WriteMode#REPLACE} table would do: its newest pending run replaces the run the
   * table holds, unless that one is newer.
   *
   * @param table the target table
   * @param run the manifest key of the run that would load
   * @param holds the manifest key of the run the table holds, or null when it holds none
   * @param replaces whether the run would replace the table's rows (else it is superseded)
   * @param sql the statements of the replace's transaction, around the COPY of each part (listed
   *     with the objects)
   * @param superseded keys of objects of older runs, recorded without loading
   */
  public record ReplacePlan(String table, String run, String holds, boolean replaces, List<String> sql,
      List<String> superseded) {
    public ReplacePlan {
      sql = List.copyOf(sql);
      superseded = List.copyOf(superseded);
    }
  }
}
